package io.jsst.engine.channel.path;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PmtuProberTest {

    private static final long RTT = 10_000_000L;

    /** Climbs through every candidate up to {@code maxSize}, each probe acknowledged. */
    private static PmtuProber climbed(int maxSize) {
        PmtuProber p = new PmtuProber(1200, maxSize);
        long pn = 0;
        int size;
        while ((size = p.probeSizeDue(0)) != 0) {
            p.onProbeSent(pn);
            p.onProbeAcked(pn);
            pn++;
            assertThat(p.currentSize()).isEqualTo(size);
        }
        return p;
    }

    @Test
    void acknowledgedProbesRaiseTheSizeUpToTheLargestCandidateAllowed() {
        assertThat(climbed(65_000).currentSize()).isEqualTo(65_000);
        assertThat(climbed(9_000).currentSize()).isEqualTo(8_952);
    }

    @Test
    void threeLostProbesEndTheSearchUntilTheRaiseTimer() {
        PmtuProber p = new PmtuProber(1200, 65_000);
        p.onProbeSent(1);
        p.onProbeAcked(1);
        p.onProbeSent(2);
        p.onProbeAcked(2);
        for (int i = 0; i < PmtuProber.MAX_PROBES; i++) {
            long now = i * RTT;
            assertThat(p.probeSizeDue(now)).isEqualTo(8952);
            p.onProbeSent(10 + i);
            p.onProbeLost(10 + i, now, RTT);
        }

        assertThat(p.currentSize()).isEqualTo(1472);
        assertThat(p.probeSizeDue(3 * RTT)).isZero();
        assertThat(p.probeSizeDue(2 * RTT + PmtuProber.RAISE_INTERVAL_NANOS)).isEqualTo(8952);
    }

    @Test
    void largePacketsLostInThreeLossEventsWithNothingLargeAcknowledgedFallBackToTheBaseSize() {
        PmtuProber p = climbed(65_000);
        p.onPacketAcked(100, 65_000);

        assertThat(p.onPacketLost(101, 65_000, 1 * RTT)).isFalse();
        assertThat(p.onPacketLost(102, 65_000, 1 * RTT)).isFalse(); // same loss event
        assertThat(p.onPacketLost(103, 65_000, 2 * RTT)).isFalse();
        assertThat(p.onPacketLost(104, 65_000, 3 * RTT)).isTrue();

        assertThat(p.currentSize()).isEqualTo(1200);
        assertThat(p.blackHoles()).isEqualTo(1);
        assertThat(p.probeSizeDue(3 * RTT)).isEqualTo(1452);
    }

    @Test
    void aLargePacketAcknowledgedAfterTheLossesClearsTheSuspicion() {
        PmtuProber p = climbed(65_000);

        p.onPacketLost(101, 65_000, 1 * RTT);
        p.onPacketLost(102, 65_000, 2 * RTT);
        p.onPacketAcked(103, 65_000);

        assertThat(p.onPacketLost(104, 65_000, 3 * RTT)).isFalse();
        assertThat(p.onPacketLost(105, 65_000, 4 * RTT)).isFalse();
        assertThat(p.currentSize()).isEqualTo(65_000);
    }

    @Test
    void congestionLossesBehindAnAcknowledgedLargePacketAreNotSuspicious() {
        PmtuProber p = climbed(65_000);
        p.onPacketAcked(200, 65_000);

        for (int i = 0; i < 10; i++) {
            assertThat(p.onPacketLost(150 + i, 65_000, i * RTT)).isFalse();
        }
        assertThat(p.currentSize()).isEqualTo(65_000);
    }

    @Test
    void lossesOfSmallPacketsOrOfPacketsFromBeforeAFallBackAreNoEvidence() {
        PmtuProber p = climbed(65_000);
        for (int i = 0; i < 5; i++) {
            assertThat(p.onPacketLost(300 + i, 1200, i * RTT)).isFalse();
        }
        PmtuProber fellBack = new PmtuProber(1200, 65_000);
        fellBack.onProbeSent(0);
        fellBack.onProbeAcked(0);
        for (int i = 0; i < 5; i++) {
            assertThat(fellBack.onPacketLost(300 + i, 65_000, i * RTT)).isFalse();
        }
        assertThat(fellBack.currentSize()).isEqualTo(1452);
    }
}
