package io.jsst.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateTest {

    @Test
    void operationsOverOneHundredMillisecondsAreCountedAsStallsAndDescribed() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = 1_000_000L; // 1 ms
        }
        nanos[7] = 250_000_000L;
        nanos[42] = 100_000_001L;

        Rate rate = new Rate(1234.0, RoundTrips.of(nanos, ""));

        assertThat(rate.slowCount()).isEqualTo(2);
        assertThat(rate.describe()).isEqualTo("each p50 1,000 µs, p99 100,000 µs, max 250.0 ms; 2 of 100 over 100 ms");
    }
}
