package io.jsst.bench;

import java.util.Locale;

/**
 * A rate measured with operations in flight, and how long each operation took from its start to
 * its end (with that many in flight, its latency includes waiting for the others).
 *
 * @param perSecond completed operations over the wall time of the measured phase
 * @param latencies each operation's time, sorted
 */
record Rate(double perSecond, RoundTrips latencies) {

    /** An operation slower than this is counted apart: a stall (a retransmission), not queueing. */
    static final long SLOW_NANOS = 100_000_000L;

    /** Operations that took longer than {@link #SLOW_NANOS}. */
    int slowCount() {
        long[] sorted = latencies.sortedNanos();
        int n = 0;
        for (int i = sorted.length - 1; i >= 0 && sorted[i] > SLOW_NANOS; i--) {
            n++;
        }
        return n;
    }

    /** "each p50 850 µs, p99 2,300 µs, max 12.5 ms; 0 of 1,000 over 100 ms". */
    String describe() {
        return String.format(Locale.ROOT, "each p50 %,.0f µs, p99 %,.0f µs, max %,.1f ms; %,d of %,d over %d ms",
                latencies.medianMicros(), latencies.p99Micros(), latencies.percentileNanos(100) / 1e6, slowCount(),
                latencies.sortedNanos().length, SLOW_NANOS / 1_000_000);
    }
}
