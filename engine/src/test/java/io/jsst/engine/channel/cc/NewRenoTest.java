package io.jsst.engine.channel.cc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.channel.recovery.RttEstimator;
import org.junit.jupiter.api.Test;

class NewRenoTest {

    private static final long MS = 1_000_000L;
    private static final int MDS = 1200;

    private final RttEstimator rtt = new RttEstimator(333 * MS);

    NewRenoTest() {
        rtt.update(50 * MS, 0, 0, true);
    }

    /** Sends one window of full datagrams at sendTime and acknowledges them all at sendTime + 50 ms. */
    private long roundTrip(NewReno cc, long sendTime, boolean appLimited) {
        long packets = cc.congestionWindow() / MDS;
        for (long i = 0; i < packets; i++) {
            cc.onPacketSent(MDS, sendTime);
        }
        long ackTime = sendTime + 50 * MS;
        for (long i = 0; i < packets; i++) {
            cc.onPacketAcked(MDS, sendTime, appLimited, rtt, ackTime);
        }
        return ackTime;
    }

    @Test
    void initialWindowIsTenDatagramsCappedAt14720Bytes() {
        assertThat(new NewReno(1200).congestionWindow()).isEqualTo(12000);
        assertThat(new NewReno(1500).congestionWindow()).isEqualTo(14720);
        assertThat(new NewReno(9000).congestionWindow()).isEqualTo(18000);
        assertThat(new NewReno(1200).inSlowStart()).isTrue();
        assertThat(new NewReno(1200).name()).isEqualTo("newreno");
    }

    @Test
    void slowStartDoublesTheWindowEachRoundTrip() {
        NewReno cc = new NewReno(MDS);
        long t = 0;
        for (int round = 0; round < 5; round++) {
            long before = cc.congestionWindow();
            t = roundTrip(cc, t, false);
            assertThat(cc.congestionWindow()).isEqualTo(2 * before);
        }
        assertThat(cc.congestionWindow()).isEqualTo(12000L * 32);
    }

    @Test
    void congestionEventHalvesTheWindowAndEndsSlowStart() {
        NewReno cc = new NewReno(MDS);
        roundTrip(cc, 0, false);
        assertThat(cc.congestionWindow()).isEqualTo(24000);
        cc.onCongestionEvent(10 * MS, MDS, rtt, 60 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(12000);
        assertThat(cc.slowStartThreshold()).isEqualTo(12000);
        assertThat(cc.inSlowStart()).isFalse();
    }

    @Test
    void onlyOneReductionPerRecoveryPeriod() {
        NewReno cc = new NewReno(MDS);
        roundTrip(cc, 0, false);
        cc.onCongestionEvent(10 * MS, MDS, rtt, 100 * MS);
        long afterFirst = cc.congestionWindow();
        // More losses of packets sent before recovery started (t = 100 ms) change nothing.
        cc.onCongestionEvent(90 * MS, MDS, rtt, 110 * MS);
        cc.onCongestionEvent(100 * MS, MDS, rtt, 120 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(afterFirst);
        // A loss of a packet sent after recovery started is a new congestion event.
        cc.onCongestionEvent(101 * MS, MDS, rtt, 200 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(afterFirst / 2);
    }

    @Test
    void acknowledgementsOfPacketsSentBeforeRecoveryDoNotGrowTheWindow() {
        NewReno cc = new NewReno(MDS);
        cc.onCongestionEvent(0, MDS, rtt, 100 * MS);
        long w = cc.congestionWindow();
        for (int i = 0; i < 100; i++) {
            cc.onPacketAcked(MDS, 50 * MS, false, rtt, 120 * MS);
        }
        assertThat(cc.congestionWindow()).isEqualTo(w);
    }

    @Test
    void congestionAvoidanceAddsOneDatagramPerWindowAcknowledged() {
        NewReno cc = new NewReno(MDS);
        cc.onCongestionEvent(0, MDS, rtt, 1); // cwnd = ssthresh = 6000
        assertThat(cc.congestionWindow()).isEqualTo(6000);
        long t = 10 * MS;
        for (int round = 0; round < 4; round++) {
            long before = cc.congestionWindow();
            t = roundTrip(cc, t, false);
            assertThat(cc.congestionWindow()).isEqualTo(before + MDS);
        }
    }

    @Test
    void persistentCongestionCollapsesToTheMinimumWindow() {
        NewReno cc = new NewReno(MDS);
        roundTrip(cc, 0, false);
        cc.onCongestionEvent(10 * MS, MDS, rtt, 60 * MS);
        cc.onPersistentCongestion(70 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(2 * MDS);
        // The recovery period is reset: the next loss reduces again (not below the minimum).
        cc.onCongestionEvent(10 * MS, MDS, rtt, 80 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(2 * MDS);
    }

    @Test
    void appLimitedAcknowledgementsDoNotGrowTheWindow() {
        NewReno cc = new NewReno(MDS);
        roundTrip(cc, 0, true);
        assertThat(cc.congestionWindow()).isEqualTo(12000);
        cc.onCongestionEvent(0, MDS, rtt, 1);
        long w = cc.congestionWindow();
        for (int i = 0; i < 50; i++) {
            cc.onPacketAcked(MDS, 10 * MS, true, rtt, 60 * MS);
        }
        assertThat(cc.congestionWindow()).isEqualTo(w);
    }

    @Test
    void windowIsCappedAtOneGibibyte() {
        NewReno cc = new NewReno(MDS);
        for (int i = 0; i < 100; i++) {
            cc.onPacketAcked(Integer.MAX_VALUE, 0, false, rtt, MS);
        }
        assertThat(cc.congestionWindow()).isEqualTo(1L << 30);
    }

    @Test
    void largerDatagramSizeRaisesTheWindowToTheNewMinimum() {
        NewReno cc = new NewReno(MDS);
        cc.onCongestionEvent(0, MDS, rtt, 1);
        cc.onPersistentCongestion(2);
        cc.onMaxDatagramSizeChanged(1400);
        assertThat(cc.congestionWindow()).isEqualTo(2800);
    }

    @Test
    void nonPositiveSizesAreIgnored() {
        NewReno cc = new NewReno(0);
        assertThat(cc.congestionWindow()).isEqualTo(12000);
        cc.onPacketAcked(-5, 0, false, rtt, 1);
        assertThat(cc.congestionWindow()).isEqualTo(12000);
    }
}
