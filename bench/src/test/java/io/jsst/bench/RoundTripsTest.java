package io.jsst.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundTripsTest {

    @Test
    void medianAndP99AreNearestRankPercentilesOfTheSortedSamples() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (100 - i) * 1_000L; // 100 µs down to 1 µs, unsorted
        }

        RoundTrips r = RoundTrips.of(nanos, "");

        assertThat(r.medianMicros()).isEqualTo(50.0);
        assertThat(r.p99Micros()).isEqualTo(99.0);
        assertThat(r.percentileNanos(100)).isEqualTo(100_000L);
    }
}
