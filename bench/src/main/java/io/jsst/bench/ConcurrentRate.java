package io.jsst.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A rate measured with several operations in flight: {@code threads} client threads each run a
 * blocking operation again and again, taking the next from a shared count, until the count is
 * done. The rate is the count over the wall time from the moment all threads are released until
 * the last one finishes, so whatever each operation does (including the teardown it ends with) is
 * in it, and thread start-up is not.
 */
final class ConcurrentRate {

    /** One operation, on client thread {@code worker} (0 to threads - 1). */
    interface Operation {
        void run(int worker) throws Exception;
    }

    private ConcurrentRate() {
    }

    /**
     * Runs {@code warmup} unmeasured operations, then {@code count} measured ones, each phase on
     * {@code threads} threads.
     *
     * @return measured operations per second, and each one's time
     * @throws Exception the first failure of any operation (the other threads stop after their current one)
     * @throws InterruptedException if interrupted while waiting for the threads
     */
    static Rate measure(String name, int threads, int warmup, int count, Progress progress, Operation op)
            throws Exception {
        if (warmup > 0) {
            phase(name + "-warmup", threads, warmup, progress, op);
        }
        return phase(name, threads, count, progress, op);
    }

    /** {@code count} operations on {@code threads} threads. */
    static Rate phase(String name, int threads, int count, Progress progress, Operation op) throws Exception {
        long[] times = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(threads, count); w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    int i;
                    while (failure.get() == null && (i = next.getAndIncrement()) < count) {
                        long t0 = System.nanoTime();
                        op.run(worker);
                        times[i] = System.nanoTime() - t0;
                        progress.add(1);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name + "-" + w);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : workers) {
            t.join(); // bounded by the step: its abort closes what a blocked operation waits on
        }
        long nanos = System.nanoTime() - start;
        Throwable e = failure.get();
        if (e instanceof Exception x) {
            throw x;
        }
        if (e != null) {
            throw new IllegalStateException(name + " failed", e);
        }
        return new Rate(count / (nanos / 1e9), RoundTrips.of(times, "")); // join: the times are visible
    }
}
