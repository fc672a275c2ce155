package io.jsst.engine.channel.cc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.channel.recovery.RttEstimator;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LossClassifierTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** Sends and samples `rounds` rounds of `perRound` packets, each round one rttSample long. */
    private static long flatRounds(LossClassifier lc, RttEstimator rtt, long t, int rounds, int perRound,
                                   long rttSample) {
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < perRound; i++) {
                t += rttSample / perRound;
                lc.onPacketSent(t);
                rtt.update(rttSample, 0, 0, true);
                lc.onRttSample(rttSample, rtt, t);
            }
        }
        return t;
    }

    private static long sample(LossClassifier lc, RttEstimator rtt, long t, long rttSample) {
        rtt.update(rttSample, 0, 0, true);
        lc.onRttSample(rttSample, rtt, t);
        return t;
    }

    @Test
    void withoutAnRttSampleEveryLossIsCongestion() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        for (int i = 0; i < 1000; i++) {
            lc.onPacketSent(i);
        }
        assertThat(lc.isCongestion(1, rtt, 1000)).isTrue();
    }

    @Test
    void isolatedLossesWithAFlatRttAreRandomEvenAtASmallWindow() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 3, 20, 50 * MS);
        assertThat(lc.isCongestion(1, rtt, t)).isFalse();
        assertThat(lc.isCongestion(1, rtt, t + 1)).isFalse();
    }

    @Test
    void threeLossesAboveOnePercentOfTheLastEightRoundsAreCongestion() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 8, 30, 50 * MS);
        assertThat(lc.isCongestion(2, rtt, t)).isFalse();
        // 3 of about 240 packets: above 1%
        assertThat(lc.isCongestion(1, rtt, t + 1)).isTrue();
    }

    @Test
    void threeOrMoreLossesBelowOnePercentAreRandom() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 8, 1000, 50 * MS);
        assertThat(lc.isCongestion(3, rtt, t)).isFalse();
        assertThat(lc.isCongestion(2, rtt, t + 1)).isFalse();
    }

    @Test
    void lossCountsAgeOutAfterEightRounds() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 8, 30, 50 * MS);
        assertThat(lc.isCongestion(2, rtt, t)).isFalse();
        t = flatRounds(lc, rtt, t, 9, 30, 50 * MS);
        assertThat(lc.isCongestion(2, rtt, t)).isFalse();
    }

    @Test
    void lossWhileTheRttShowsAQueueIsCongestion() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 3, 400, 50 * MS);
        // min 50 ms, threshold 50 + max(6.25, 2) = 56.25 ms
        sample(lc, rtt, t + MS, 57 * MS);
        assertThat(lc.isCongestion(1, rtt, t + MS)).isTrue();
    }

    @Test
    void samplesWithinTheToleranceDoNotCountAsAQueue() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 3, 400, 50 * MS);
        sample(lc, rtt, t + MS, 56 * MS);
        assertThat(lc.isCongestion(1, rtt, t + MS)).isFalse();
    }

    @Test
    void onShortPathsTheToleranceIsTwoMilliseconds() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 3, 400, 4 * MS);
        // min 4 ms: threshold 4 + max(0.5, 2) = 6 ms
        sample(lc, rtt, t, 5_900_000L);
        assertThat(lc.isCongestion(1, rtt, t)).isFalse();
        sample(lc, rtt, t, 6_100_000L);
        assertThat(lc.isCongestion(1, rtt, t)).isTrue();
    }

    @Test
    void aQueueSeenInThePreviousRoundStillCounts() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 3, 400, 50 * MS);
        sample(lc, rtt, t, 70 * MS);
        long next = t + rtt.smoothedRttNanos() + MS;
        sample(lc, rtt, next, 50 * MS);
        assertThat(lc.isCongestion(1, rtt, next)).isTrue();
    }

    @Test
    void lossesRightAfterAVerdictBelongToTheSameEvent() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 3, 400, 50 * MS);
        sample(lc, rtt, t, 70 * MS);
        assertThat(lc.isCongestion(1, rtt, t)).isTrue();
        // Within one loss-detection delay, further losses are the same event, however flat the RTT.
        long soon = flatRounds(lc, rtt, t, 1, 100, 20 * MS);
        assertThat(lc.isCongestion(1, rtt, soon)).isTrue();
    }

    @Test
    void afterAVerdictOnlySamplesOfPacketsSentLaterAreEvidence() {
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        long t = flatRounds(lc, rtt, 0, 3, 400, 50 * MS);
        sample(lc, rtt, t, 70 * MS);
        assertThat(lc.isCongestion(1, rtt, t)).isTrue();
        // The queue drains: samples of packets sent before the verdict are still high, later ones flat.
        long later = t;
        for (int i = 0; i < 20; i++) {
            later += 2 * MS;
            sample(lc, rtt, later, 65 * MS - i * MS / 2); // sent at later - rtt < t for these
        }
        later = flatRounds(lc, rtt, later, 2, 400, 50 * MS);
        assertThat(lc.isCongestion(1, rtt, later)).isFalse();
        // A queue seen in samples of packets sent after the verdict is congestion again.
        sample(lc, rtt, later + MS, 60 * MS);
        assertThat(lc.isCongestion(1, rtt, later + MS)).isTrue();
    }

    // ---------------------------------------------------------------------------------------------
    // Fluid model: one sender, a bottleneck with a drop-tail queue, random loss after it.
    // ---------------------------------------------------------------------------------------------

    private static final int MDS = 1200;
    /** 100 Mbit/s in bytes per nanosecond. */
    private static final double RATE = 100e6 / 8 / 1e9;
    private static final long BASE_RTT = 50 * MS;
    private static final long BDP = (long) (RATE * BASE_RTT); // 625 000 bytes

    record Result(double utilization, double averageCwnd, long randomLosses, long congestionEvents,
                  long maxRttNanos) {
    }

    private record Packet(long sentNanos, long eventNanos, boolean lost) {
    }

    /**
     * Simulates a paced, ack-clocked bulk transfer. Each packet passes a bottleneck of RATE with a drop-tail
     * buffer of bufferBytes, then is lost at random with lossProbability; its ACK (or, if lost, its loss
     * detection) happens one base RTT after it leaves the bottleneck.
     */
    private static Result simulate(CongestionController cc, boolean classify, long bufferBytes,
                                   double lossProbability, long durationNanos, long seed) {
        Random random = new Random(seed);
        LossClassifier lc = new LossClassifier();
        RttEstimator rtt = new RttEstimator(333 * MS);
        ArrayDeque<Packet> inFlight = new ArrayDeque<>();
        long now = 0;
        long bytesInFlight = 0;
        long lastDeparture = 0;
        long delivered = 0;
        long randomLosses = 0;
        long congestionEvents = 0;
        long maxRtt = 0;
        double cwndIntegral = 0;
        long lastT = 0;
        long txNanos = (long) (MDS / RATE);
        Pacer pacer = new Pacer(MDS);
        for (int guard = 0; guard < 20_000_000; guard++) {
            long pacerWake = Long.MAX_VALUE;
            while (bytesInFlight + MDS <= cc.congestionWindow()) {
                long at = pacer.nextSendTimeNanos(MDS, cc.congestionWindow(), rtt.smoothedRttNanos(),
                        cc.inSlowStart(), now);
                if (at > now) {
                    pacerWake = at;
                    break;
                }
                pacer.onPacketSent(MDS, cc.congestionWindow(), rtt.smoothedRttNanos(), cc.inSlowStart(), now);
                cc.onPacketSent(MDS, now);
                lc.onPacketSent(now);
                long start = Math.max(now, lastDeparture);
                double queued = (start - now) * RATE;
                Packet p;
                if (queued + MDS > bufferBytes) {
                    p = new Packet(now, start + txNanos + BASE_RTT, true);
                } else {
                    lastDeparture = start + txNanos;
                    p = new Packet(now, lastDeparture + BASE_RTT, random.nextDouble() < lossProbability);
                }
                inFlight.add(p);
                bytesInFlight += MDS;
            }
            Packet head = inFlight.peek();
            long next = Math.min(head == null ? Long.MAX_VALUE : head.eventNanos(), pacerWake);
            now = Math.max(now, next);
            if (now >= durationNanos) {
                break;
            }
            if (head == null || head.eventNanos() > now) {
                continue; // a pacer wake-up: send more
            }
            Packet p = inFlight.poll();
            cwndIntegral += (double) cc.congestionWindow() * (now - lastT);
            lastT = now;
            bytesInFlight -= MDS;
            if (!p.lost()) {
                long sample = now - p.sentNanos();
                maxRtt = Math.max(maxRtt, sample);
                rtt.update(sample, 0, 0, true);
                lc.onRttSample(sample, rtt, now);
                cc.onPacketAcked(MDS, p.sentNanos(), false, rtt, now);
                delivered += MDS;
            } else if (!classify || lc.isCongestion(1, rtt, now)) {
                congestionEvents++;
                cc.onCongestionEvent(p.sentNanos(), MDS, rtt, now);
            } else {
                randomLosses++;
            }
        }
        double utilization = delivered / (RATE * durationNanos);
        return new Result(utilization, cwndIntegral / Math.max(1, lastT), randomLosses, congestionEvents, maxRtt);
    }

    @Test
    void cubicFillsALossyPathWhenRandomLossIsNotTakenAsCongestion() {
        // 100 Mbit/s, 50 ms, 0.1% random loss, a BDP of buffer; 30 s of simulated time.
        for (long seed = 1; seed <= 5; seed++) {
            Result r = simulate(new Cubic(MDS), true, BDP, 0.001, 30 * SECOND, seed);
            assertThat(r.averageCwnd()).as("seed %d: %s", seed, r).isGreaterThan(0.8 * BDP);
            assertThat(r.utilization()).as("seed %d: %s", seed, r).isGreaterThan(0.8);
            assertThat(r.randomLosses()).as("seed %d: %s", seed, r).isGreaterThan(100);
        }
    }

    @Test
    void takingEveryRandomLossAsCongestionCapsCubicFarBelowTheLink() {
        Result r = simulate(new Cubic(MDS), false, BDP, 0.001, 30 * SECOND, 1);
        assertThat(r.utilization()).as("%s", r).isLessThan(0.4);
    }

    @Test
    void anOverflowingBottleneckQueueIsStillAnsweredAsCongestion() {
        // No random loss: every loss is a drop-tail overflow, which the RTT announces.
        for (long seed = 1; seed <= 3; seed++) {
            Result r = simulate(new Cubic(MDS), true, BDP / 2, 0, 30 * SECOND, seed);
            assertThat(r.congestionEvents()).as("%s", r).isGreaterThan(0);
            assertThat(r.randomLosses()).as("%s", r).isZero();
            // The window stays bounded by the path: BDP plus the queue, plus a little overshoot.
            assertThat(r.averageCwnd()).as("%s", r).isLessThan(1.6 * BDP);
            assertThat(r.utilization()).as("%s", r).isGreaterThan(0.8);
        }
    }

    @Test
    void lossesOnABottleneckWithRandomLossTooAreAnsweredWhenTheQueueGrows() {
        Result r = simulate(new Cubic(MDS), true, BDP / 2, 0.001, 30 * SECOND, 7);
        assertThat(r.congestionEvents()).as("%s", r).isGreaterThan(0);
        assertThat(r.averageCwnd()).as("%s", r).isLessThan(1.6 * BDP);
        assertThat(r.utilization()).as("%s", r).isGreaterThan(0.8);
    }

    @Test
    void aQueueTooShortToShowInTheRttIsAnsweredThroughTheLossRate() {
        // 39 kB of buffer is 3 ms at 100 Mbit/s, below the 6.25 ms RTT tolerance: the overshoot's drops
        // reach 1% of the packets and are answered, so the window stays at the path's capacity.
        long buffer = 39_000;
        Result r = simulate(new Cubic(MDS), true, buffer, 0.001, 30 * SECOND, 3);
        assertThat(r.congestionEvents()).as("%s", r).isGreaterThan(0);
        assertThat(r.averageCwnd()).as("%s", r).isLessThan(1.05 * (BDP + buffer));
        assertThat(r.utilization()).as("%s", r).isGreaterThan(0.8);
    }
}
