package io.jsst.bench;

import java.util.Arrays;

/**
 * Measured times of operations done one after the other (round trips, handshakes), sorted;
 * percentiles by the nearest-rank method.
 *
 * @param notes transport statistics worth printing under the table (may be empty)
 */
record RoundTrips(long[] sortedNanos, String notes) {

    static RoundTrips of(long[] nanos, String notes) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new RoundTrips(sorted, notes);
    }

    /** The p-th percentile (0 < p <= 100) in nanoseconds, nearest rank. */
    long percentileNanos(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))];
    }

    double medianMicros() {
        return percentileNanos(50) / 1e3;
    }

    double p99Micros() {
        return percentileNanos(99) / 1e3;
    }

    /** Operations per second when done one after the other: the count over the sum of their times. */
    double perSecond() {
        long total = 0;
        for (long n : sortedNanos) {
            total += n;
        }
        return sortedNanos.length / (total / 1e9);
    }
}
