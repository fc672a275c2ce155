package io.jsst.engine.channel.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {

    private static final long MS = 1_000_000L;

    @Test
    void beforeAnySampleTheInitialRttIsUsed() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        assertThat(rtt.hasSample()).isFalse();
        assertThat(rtt.smoothedRttNanos()).isEqualTo(333 * MS);
        assertThat(rtt.rttVarNanos()).isEqualTo(166_500_000L);
        assertThat(rtt.minRttNanos()).isZero();
        assertThat(rtt.latestRttNanos()).isZero();
        // RFC 9002 §6.2.2: initial PTO = 333 + 4 * 166.5 + max_ack_delay(0) = 999 ms
        assertThat(rtt.ptoNanos(0)).isEqualTo(999 * MS);
    }

    @Test
    void firstSampleSetsSmoothedToTheSampleAndVarianceToHalfOfItIgnoringAckDelay() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        rtt.update(100 * MS, 20 * MS, 25 * MS, true);
        assertThat(rtt.hasSample()).isTrue();
        assertThat(rtt.latestRttNanos()).isEqualTo(100 * MS);
        assertThat(rtt.minRttNanos()).isEqualTo(100 * MS);
        assertThat(rtt.smoothedRttNanos()).isEqualTo(100 * MS);
        assertThat(rtt.rttVarNanos()).isEqualTo(50 * MS);
    }

    @Test
    void laterSampleIsAdjustedByAckDelayAndSmoothedWithOneEighthAndOneQuarter() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        rtt.update(100 * MS, 0, 25 * MS, true);
        rtt.update(140 * MS, 20 * MS, 25 * MS, true);
        // adjusted = 140 - 20 = 120 (140 >= min 100 + 20)
        // rttvar = 3/4 * 50 + 1/4 * |100 - 120| = 37.5 + 5 = 42.5 ms
        // smoothed = 7/8 * 100 + 1/8 * 120 = 102.5 ms
        assertThat(rtt.rttVarNanos()).isEqualTo(42_500_000L);
        assertThat(rtt.smoothedRttNanos()).isEqualTo(102_500_000L);
        assertThat(rtt.minRttNanos()).isEqualTo(100 * MS);
        assertThat(rtt.latestRttNanos()).isEqualTo(140 * MS);
    }

    @Test
    void ackDelayIsNotSubtractedWhenThatWouldGoBelowMinRtt() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        rtt.update(100 * MS, 0, 25 * MS, true);
        rtt.update(110 * MS, 20 * MS, 25 * MS, true);
        // 110 < 100 + 20: adjusted = 110; rttvar = 37.5 + 2.5 = 40; smoothed = 87.5 + 13.75 = 101.25
        assertThat(rtt.rttVarNanos()).isEqualTo(40 * MS);
        assertThat(rtt.smoothedRttNanos()).isEqualTo(101_250_000L);
    }

    @Test
    void ackDelayIsCappedByMaxAckDelayOnlyOnceTheHandshakeIsConfirmed() {
        RttEstimator confirmed = new RttEstimator(333 * MS);
        confirmed.update(100 * MS, 0, 25 * MS, true);
        confirmed.update(200 * MS, 80 * MS, 25 * MS, true);
        // delay capped to 25: adjusted = 175; smoothed = 87.5 + 21.875 = 109.375 ms
        assertThat(confirmed.smoothedRttNanos()).isEqualTo(109_375_000L);

        RttEstimator unconfirmed = new RttEstimator(333 * MS);
        unconfirmed.update(100 * MS, 0, 25 * MS, false);
        unconfirmed.update(200 * MS, 80 * MS, 25 * MS, false);
        // delay 80 used: adjusted = 120; smoothed = 87.5 + 15 = 102.5 ms
        assertThat(unconfirmed.smoothedRttNanos()).isEqualTo(102_500_000L);
    }

    @Test
    void minRttTracksTheSmallestRawSample() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        rtt.update(100 * MS, 0, 0, true);
        rtt.update(80 * MS, 5 * MS, 25 * MS, true);
        rtt.update(120 * MS, 0, 0, true);
        assertThat(rtt.minRttNanos()).isEqualTo(80 * MS);
    }

    @Test
    void ptoIsSmoothedPlusFourVariancesPlusMaxAckDelay() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        rtt.update(100 * MS, 0, 0, true);
        // 100 + max(4 * 50, 1) + 25 = 325 ms
        assertThat(rtt.ptoNanos(25 * MS)).isEqualTo(325 * MS);
        assertThat(rtt.ptoNanos(0)).isEqualTo(300 * MS);
    }

    @Test
    void ptoVarianceTermIsAtLeastTheTimerGranularity() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        for (int i = 0; i < 200; i++) {
            rtt.update(10 * MS, 0, 0, true);
        }
        assertThat(rtt.rttVarNanos()).isLessThan(MS / 4);
        assertThat(rtt.ptoNanos(0)).isEqualTo(10 * MS + MS);
    }

    @Test
    void lossDelayIsNineEighthsOfTheLargerOfSmoothedAndLatest() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        rtt.update(80 * MS, 0, 0, true);
        rtt.update(160 * MS, 0, 0, true);
        // smoothed = 70 + 20 = 90 ms, latest = 160 ms: 9/8 * 160 = 180 ms
        assertThat(rtt.smoothedRttNanos()).isEqualTo(90 * MS);
        assertThat(rtt.lossDelayNanos()).isEqualTo(180 * MS);
    }

    @Test
    void lossDelayIsAtLeastTheTimerGranularity() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        rtt.update(100_000L, 0, 0, true);
        assertThat(rtt.lossDelayNanos()).isEqualTo(MS);
    }

    @Test
    void negativeSamplesAreIgnored() {
        RttEstimator rtt = new RttEstimator(333 * MS);
        rtt.update(-5, 0, 0, true);
        assertThat(rtt.hasSample()).isFalse();
        rtt.update(50 * MS, 0, 0, true);
        rtt.update(50 * MS, -10 * MS, 25 * MS, true);
        assertThat(rtt.smoothedRttNanos()).isEqualTo(50 * MS);
    }
}
