package io.jsst.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How far a step got, updated by its threads, read by {@link BoundedStep} to describe a stall: the
 * units done (bytes or round trips) and the first failure of a helper thread (the server side).
 */
final class Progress {
    private final String unit;
    private final AtomicLong done = new AtomicLong();
    private final AtomicReference<Throwable> helperFailure = new AtomicReference<>();

    Progress(String unit) {
        this.unit = unit;
    }

    void add(long n) {
        done.addAndGet(n);
    }

    long done() {
        return done.get();
    }

    void helperFailed(Throwable t) {
        helperFailure.compareAndSet(null, t);
    }

    Throwable helperFailure() {
        return helperFailure.get();
    }

    @Override
    public String toString() {
        long n = done.get();
        String s = unit.startsWith("bytes")
                ? String.format(java.util.Locale.ROOT, "%.1f MiB %s", n / (1024.0 * 1024.0), unit.substring(5).trim())
                : n + " " + unit;
        Throwable t = helperFailure.get();
        return t == null ? s : s + "; server side failed: " + t;
    }
}
