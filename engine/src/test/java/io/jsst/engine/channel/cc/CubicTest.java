package io.jsst.engine.channel.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jsst.engine.channel.recovery.RttEstimator;
import org.junit.jupiter.api.Test;

class CubicTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int MDS = 1200;

    private static RttEstimator rttOf(long rttNanos) {
        RttEstimator rtt = new RttEstimator(333 * MS);
        rtt.update(rttNanos, 0, 0, true);
        return rtt;
    }

    /** Grows a fresh Cubic to windowSegments in slow start and takes a loss at lossTime. */
    private static Cubic afterLossAt(int windowSegments, RttEstimator rtt, long lossTime) {
        Cubic cc = new Cubic(MDS);
        while (cc.congestionWindow() < (long) windowSegments * MDS) {
            cc.onPacketAcked(MDS, 0, false, rtt, 1);
        }
        assertThat(cc.congestionWindow()).isEqualTo((long) windowSegments * MDS);
        cc.onCongestionEvent(0, MDS, rtt, lossTime);
        return cc;
    }

    /**
     * Ack-clocked congestion avoidance: one window of acks per RTT, evenly spaced, each acking a packet sent
     * one RTT earlier. Returns the window sampled every 10 ms from {@code from} to {@code until}.
     */
    private static long[] drive(Cubic cc, RttEstimator rtt, long rttNanos, long from, long until) {
        long[] samples = new long[(int) ((until - from) / (10 * MS)) + 1];
        long t = from;
        int next = 0;
        for (int guard = 0; guard < 10_000_000 && t < until; guard++) {
            long spacing = Math.max(1, rttNanos / Math.max(1, cc.congestionWindow() / MDS));
            t += spacing;
            cc.onPacketSent(MDS, t);
            cc.onPacketAcked(MDS, t - rttNanos, false, rtt, t);
            while (next < samples.length && from + next * 10 * MS <= t) {
                samples[next++] = cc.congestionWindow();
            }
        }
        while (next < samples.length) {
            samples[next++] = cc.congestionWindow();
        }
        return samples;
    }

    private static long at(long[] samples, double seconds) {
        return samples[(int) Math.round(seconds * 100)];
    }

    @Test
    void windowAfterLossIsSeventyPercentOfWmax() {
        RttEstimator rtt = rttOf(100 * MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        assertThat(cc.maxWindowBeforeReduction()).isEqualTo(120_000);
        assertThat(cc.congestionWindow()).isEqualTo(84_000);
        assertThat(cc.slowStartThreshold()).isEqualTo(84_000);
        assertThat(cc.inSlowStart()).isFalse();
        assertThat(cc.name()).isEqualTo("cubic");
    }

    @Test
    void kIsTheCubeRootOfTheWindowDeficitOverC() {
        RttEstimator rtt = rttOf(100 * MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        cc.onPacketAcked(MDS, 2 * SECOND, false, rtt, 2 * SECOND + 100 * MS);
        // K = cbrt((W_max - cwnd_epoch) / C) = cbrt((100 - 70) / 0.4) = cbrt(75) s
        assertThat(cc.kNanos() / 1e9).isCloseTo(Math.cbrt(75), within(1e-6));
    }

    @Test
    void growthIsConcaveBeforeKReachesWmaxAroundKAndIsConvexAfter() {
        RttEstimator rtt = rttOf(100 * MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        long epoch = SECOND + 100 * MS;
        long[] w = drive(cc, rtt, 100 * MS, epoch, epoch + 8 * SECOND);
        double k = Math.cbrt(75);

        // Concave: the first second grows more than the second before K.
        long early = at(w, 1.0) - at(w, 0.0);
        long late = at(w, k) - at(w, k - 1.0);
        assertThat(early).isGreaterThan(5 * late);
        // Reaches W_max around K and stays near it (plateau).
        assertThat((double) at(w, k)).isCloseTo(120_000, within(0.03 * 120_000));
        assertThat((double) at(w, k - 0.5)).isCloseTo(120_000, within(0.03 * 120_000));
        // Convex: past K growth speeds up again.
        long afterK = at(w, k + 1.0) - at(w, k);
        long later = at(w, k + 3.0) - at(w, k + 2.0);
        assertThat(later).isGreaterThan(3 * afterK);
        // Never shrinks without a loss.
        for (int i = 1; i < w.length; i++) {
            assertThat(w[i]).isGreaterThanOrEqualTo(w[i - 1]);
        }
    }

    @Test
    void windowTracksTheCubicFunctionInBytes() {
        RttEstimator rtt = rttOf(100 * MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        long epoch = SECOND + 100 * MS;
        long[] w = drive(cc, rtt, 100 * MS, epoch, epoch + 3 * SECOND);
        double k = Math.cbrt(75);
        for (double t = 0.5; t <= 2.5; t += 0.5) {
            double wCubic = (Cubic.C * Math.pow(t - k, 3) + 100) * MDS;
            // cwnd aims at W_cubic(t + RTT): it is at or just above W_cubic(t).
            assertThat((double) at(w, t)).isBetween(wCubic * 0.98, wCubic * 1.08);
        }
    }

    @Test
    void fastConvergenceLowersWmaxWhenTheWindowDidNotRecover() {
        RttEstimator rtt = rttOf(100 * MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        long epoch = SECOND + 100 * MS;
        drive(cc, rtt, 100 * MS, epoch, epoch + SECOND);
        long cwnd = cc.congestionWindow();
        assertThat(cwnd).isLessThan(120_000);
        cc.onCongestionEvent(epoch + SECOND - 10 * MS, MDS, rtt, epoch + SECOND);
        // W_max = cwnd * (1 + 0.7) / 2
        assertThat((double) cc.maxWindowBeforeReduction()).isCloseTo(cwnd * 0.85, within(1.0));
        assertThat((double) cc.congestionWindow()).isCloseTo(cwnd * 0.7, within(1.0));
    }

    @Test
    void lossAboveThePreviousWmaxSetsWmaxToTheWindow() {
        RttEstimator rtt = rttOf(100 * MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        long epoch = SECOND + 100 * MS;
        drive(cc, rtt, 100 * MS, epoch, epoch + 7 * SECOND);
        long cwnd = cc.congestionWindow();
        assertThat(cwnd).isGreaterThan(120_000);
        cc.onCongestionEvent(epoch + 7 * SECOND - 10 * MS, MDS, rtt, epoch + 7 * SECOND);
        assertThat(cc.maxWindowBeforeReduction()).isEqualTo(cwnd);
    }

    @Test
    void renoFriendlyRegionGovernsWithASmallRtt() {
        RttEstimator rtt = rttOf(MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        long epoch = SECOND + MS;
        long[] w = drive(cc, rtt, MS, epoch, epoch + 100 * MS);
        double k = Math.cbrt(75);
        double t = 0.1;
        double wCubic = (Cubic.C * Math.pow(t - k, 3) + 100) * MDS;
        long cwnd = at(w, t);
        // W_cubic(0.1 s) is about 72 segments; the Reno-friendly estimate has grown ~ALPHA per RTT for
        // ~57 RTTs to reach cwnd_prior = 100 segments, then one segment per RTT.
        assertThat((double) cwnd).isGreaterThan(wCubic * 1.3);
        assertThat(cwnd).isGreaterThan(120_000);
        // Reno-friendly growth is linear: about one segment per RTT once past cwnd_prior.
        long perRtt = (at(w, 0.1) - at(w, 0.09)) / 10;
        assertThat((double) perRtt).isCloseTo(MDS, within(0.2 * MDS));
    }

    @Test
    void oneReductionPerRecoveryPeriodAndNoGrowthForPacketsSentBeforeIt() {
        RttEstimator rtt = rttOf(100 * MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        cc.onCongestionEvent(SECOND - MS, MDS, rtt, SECOND + 50 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(84_000);
        cc.onPacketAcked(MDS, SECOND - MS, false, rtt, SECOND + 60 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(84_000);
        cc.onCongestionEvent(SECOND + MS, MDS, rtt, SECOND + 200 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(58_800);
    }

    @Test
    void appLimitedAcknowledgementsDoNotGrowTheWindowNorAdvanceTheCurve() {
        RttEstimator rtt = rttOf(100 * MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        long epoch = SECOND + 100 * MS;
        drive(cc, rtt, 100 * MS, epoch, epoch + SECOND);
        long before = cc.congestionWindow();
        long t = epoch + SECOND;
        for (int i = 0; i < 1000; i++) {
            t += 10 * MS;
            cc.onPacketAcked(MDS, t - 100 * MS, true, rtt, t);
        }
        assertThat(cc.congestionWindow()).isEqualTo(before);
        // After 10 s of app-limited time, the curve continues where it paused: no jump to W_cubic(11 s).
        cc.onPacketAcked(MDS, t, false, rtt, t + 100 * MS);
        assertThat(cc.congestionWindow() - before).isLessThan(2 * MDS);
    }

    @Test
    void slowStartDoublesPerRoundWhileTheRttIsFlat() {
        RttEstimator rtt = rttOf(50 * MS);
        Cubic cc = new Cubic(MDS);
        long t = 0;
        for (int round = 0; round < 6; round++) {
            long before = cc.congestionWindow();
            t = slowStartRound(cc, rtt, t, 50 * MS);
            assertThat(cc.congestionWindow()).isEqualTo(2 * before);
        }
        assertThat(cc.inSlowStart()).isTrue();
        assertThat(cc.inConservativeSlowStart()).isFalse();
    }

    @Test
    void hyStartEntersConservativeSlowStartOnAnRttRiseThenCongestionAvoidance() {
        RttEstimator rtt = rttOf(50 * MS);
        Cubic cc = new Cubic(MDS);
        long t = 0;
        for (int round = 0; round < 4; round++) {
            t = slowStartRound(cc, rtt, t, 50 * MS);
        }
        // The RTT rises by 10 ms > max(4 ms, min(50/8 ms, 16 ms)).
        long before = cc.congestionWindow();
        t = slowStartRound(cc, rtt, t, 60 * MS);
        assertThat(cc.inConservativeSlowStart()).isTrue();
        assertThat(cc.congestionWindow()).isLessThan(2 * before);
        // CSS grows by a quarter of the acknowledged bytes, then leaves slow start after CSS_ROUNDS.
        long cssBefore = cc.congestionWindow();
        t = slowStartRound(cc, rtt, t, 60 * MS);
        assertThat((double) cc.congestionWindow()).isCloseTo(cssBefore * 1.25, within(MDS * 1.0));
        for (int round = 0; round < 5 && cc.inSlowStart(); round++) {
            t = slowStartRound(cc, rtt, t, 60 * MS);
        }
        assertThat(cc.inSlowStart()).isFalse();
        // ssthresh was set to cwnd when CSS ended; the rest of that round grew it by congestion avoidance.
        assertThat(cc.slowStartThreshold()).isLessThanOrEqualTo(cc.congestionWindow());
        assertThat((double) cc.congestionWindow()).isLessThan(cc.slowStartThreshold() * 1.05);
    }

    @Test
    void hyStartResumesSlowStartWhenTheRttFallsBackBelowTheBaseline() {
        RttEstimator rtt = rttOf(50 * MS);
        Cubic cc = new Cubic(MDS);
        long t = 0;
        for (int round = 0; round < 4; round++) {
            t = slowStartRound(cc, rtt, t, 50 * MS);
        }
        t = slowStartRound(cc, rtt, t, 60 * MS);
        assertThat(cc.inConservativeSlowStart()).isTrue();
        t = slowStartRound(cc, rtt, t, 50 * MS);
        assertThat(cc.inConservativeSlowStart()).isFalse();
        long before = cc.congestionWindow();
        slowStartRound(cc, rtt, t, 50 * MS);
        assertThat(cc.congestionWindow()).isEqualTo(2 * before);
    }

    @Test
    void persistentCongestionCollapsesToTheMinimumWindow() {
        RttEstimator rtt = rttOf(100 * MS);
        Cubic cc = afterLossAt(100, rtt, SECOND);
        cc.onPersistentCongestion(2 * SECOND);
        assertThat(cc.congestionWindow()).isEqualTo(2 * MDS);
        assertThat(cc.inSlowStart()).isTrue();
        // Slow start back up to ssthresh, then congestion avoidance again.
        long t = 2 * SECOND;
        for (int round = 0; round < 10 && cc.inSlowStart(); round++) {
            t = slowStartRound(cc, rtt, t, 100 * MS);
        }
        assertThat(cc.inSlowStart()).isFalse();
    }

    /** Sends one window at t and acknowledges it at t + rttNanos with that RTT sample; returns the ack time. */
    private static long slowStartRound(Cubic cc, RttEstimator rtt, long t, long rttNanos) {
        long packets = cc.congestionWindow() / MDS;
        for (long i = 0; i < packets; i++) {
            cc.onPacketSent(MDS, t + i);
        }
        for (long i = 0; i < packets; i++) {
            long ackTime = t + i + rttNanos;
            rtt.update(rttNanos, 0, 0, true);
            cc.onPacketAcked(MDS, t + i, false, rtt, ackTime);
        }
        return t + packets + rttNanos;
    }
}
