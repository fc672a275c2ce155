package io.jsst.engine.channel.cc;

import io.jsst.engine.channel.recovery.RttEstimator;

/**
 * Decides whether a loss is a congestion signal, so that random (non-congestive) loss does not shrink
 * the congestion window.
 *
 * <p><b>Why.</b> A loss-based controller that reduces on every loss is limited by the loss rate, not by
 * the path: its window settles where the reductions balance the growth (for Reno about 1.2/sqrt(p)
 * segments). With 0.1% random loss on a 100 Mbit/s, 50 ms path that is a few Mbit/s, while the channel
 * must fill at least 80% of such a link.
 *
 * <p><b>Rule.</b> Time is cut into rounds of one smoothed RTT. A loss is <em>random</em>, and the
 * caller does not call {@link CongestionController#onCongestionEvent}, only when
 * <ol>
 *   <li>there is at least one RTT sample;
 *   <li>the path shows no queue: every RTT sample of the current and the previous round is at most
 *       {@code minRtt + max(minRtt / 8, 2 ms)};
 *   <li>the queue-free loss rate is small: over the last {@value #LOSS_WINDOW_ROUNDS} rounds (the current
 *       one included) fewer than {@value #MIN_LOSSES_FOR_RATE} packets were lost, or the lost packets are
 *       under {@value #MAX_RANDOM_LOSS_PERCENT}% of the packets sent; and
 *   <li>it is not part of a congestion event just answered (below).
 * </ol>
 * Any other loss is congestion.
 *
 * <p><b>One event, one answer.</b> After a loss is classified as congestion at time T, losses declared
 * during the next loss-detection delay (9/8 RTT, by when every packet sent before T has been either
 * acknowledged or declared lost) are congestion too: they belong to the same event, and the controller
 * ignores them within its recovery period. After that, only RTT samples of packets sent after T count as
 * evidence of a queue, and the loss counts start afresh. Otherwise the queue that caused the event,
 * still visible in samples of packets sent before the reduction, or the overflow's own drops, would
 * make the random losses of the next rounds look like congestion and cut the window again and again.
 *
 * <p><b>Why the loss rate is judged over several rounds, and only from 3 losses on.</b> One or two
 * losses do not measure a rate: a single loss in a 30-packet round is "3%", yet at 0.1% random loss it
 * happens every 30 rounds. Judging it per round turns every random loss at a small window into a
 * reduction, which makes the window smaller still (a spiral down to the Reno regime). The opposite
 * mistake, "at most 2 losses per round" at a large window, fires on the Poisson tail: with ~520
 * packets per round at 0.1% loss, 3 or more losses hit about 1.6% of rounds, a false reduction every
 * few seconds on a 50 ms path, each costing CUBIC seconds of regrowth.
 *
 * <p><b>Why this still answers congestion.</b> A bottleneck whose finite queue overflows has filled that
 * queue first, so the RTT samples rise above the threshold before and while it drops. A queue too short
 * to show in the RTT (or a policer, which drops without queueing) drops the sender's overshoot every
 * round; as the window keeps growing that overshoot reaches 1% of the packets within a few rounds.
 * Random loss at a low rate on an idle queue is the only case let through.
 *
 * <pre>
 *   RTT  |        .   .  .     queue builds     ___ congestion
 *        |   .  .   .       .  ..   . .  ___----
 *  min+T |---------------------------------------- threshold T = max(minRtt/8, 2 ms)
 *  min   | x(random, ignored)     x(random)        x(congestion: RTT above threshold)
 *        +--------------------------------------------- time
 * </pre>
 *
 * <p>Call {@link #onRttSample} for every RTT sample, preferably adjusted for the peer's acknowledgement
 * delay so that delayed ACKs do not look like a queue. All times are nanoseconds passed in; no
 * allocation after construction. Not thread-safe.
 */
public final class LossClassifier {

    /** Queue-free tolerance floor above min_rtt: covers timer and scheduling jitter of a few ms. */
    static final long MIN_QUEUE_THRESHOLD_NANOS = 2_000_000L;
    /** Queue-free tolerance as a fraction of min_rtt: 1/8. */
    static final int QUEUE_THRESHOLD_DIVISOR = 8;
    /** Rounds over which the loss rate is measured. */
    static final int LOSS_WINDOW_ROUNDS = 8;
    /** Fewer losses than this in the window do not establish a loss rate. */
    static final int MIN_LOSSES_FOR_RATE = 3;
    /** Loss rate, in percent of the packets sent in the window, from which losses count as congestion. */
    static final int MAX_RANDOM_LOSS_PERCENT = 1;

    private boolean roundStarted;
    private long roundStartNanos;
    /** Per-round packet and loss counts, a ring of LOSS_WINDOW_ROUNDS; {@code current} is this round. */
    private final long[] sent = new long[LOSS_WINDOW_ROUNDS];
    private final long[] lost = new long[LOSS_WINDOW_ROUNDS];
    private int current;
    private long maxRttInRound;
    private long maxRttInPreviousRound;

    private boolean answered;
    /** Time of the last congestion verdict: samples of packets sent before it are no evidence. */
    private long answeredAtNanos;
    /** Until then, losses belong to the event answered at answeredAtNanos. */
    private long sameEventUntilNanos;

    /** Creates a classifier with no history; until the first RTT sample every loss is congestion. */
    public LossClassifier() {
    }

    /** Counts a sent packet towards the current round. */
    public void onPacketSent(long nowNanos) {
        if (!roundStarted) {
            roundStarted = true;
            roundStartNanos = nowNanos;
        }
        sent[current]++;
    }

    /**
     * Records an RTT sample; the round keeps its largest sample. A round lasts one smoothed RTT.
     *
     * @param latestRttNanos the sample, preferably minus the peer's reported ack delay
     * @param rtt the channel's estimator, already updated with this sample
     */
    public void onRttSample(long latestRttNanos, RttEstimator rtt, long nowNanos) {
        advanceRound(rtt, nowNanos);
        if (answered && nowNanos - latestRttNanos < answeredAtNanos) {
            return; // the packet was sent before the last congestion answer
        }
        maxRttInRound = Math.max(maxRttInRound, latestRttNanos);
    }

    /**
     * Classifies a loss of {@code lostPackets} packets declared just now, and counts them.
     *
     * @return {@code true}: congestion, the caller calls {@link CongestionController#onCongestionEvent};
     *     {@code false}: random loss, the window is left alone (the packets are still retransmitted)
     */
    public boolean isCongestion(int lostPackets, RttEstimator rtt, long nowNanos) {
        advanceRound(rtt, nowNanos);
        if (lostPackets <= 0) {
            return false;
        }
        if (!rtt.hasSample()) {
            return true;
        }
        if (answered && nowNanos - sameEventUntilNanos < 0) {
            return true;
        }
        long minRtt = rtt.minRttNanos();
        long threshold = minRtt + Math.max(minRtt / QUEUE_THRESHOLD_DIVISOR, MIN_QUEUE_THRESHOLD_NANOS);
        if (Math.max(maxRttInRound, maxRttInPreviousRound) > threshold) {
            return answer(rtt, nowNanos);
        }
        lost[current] += lostPackets;
        long lostInWindow = 0;
        long sentInWindow = 0;
        for (int i = 0; i < LOSS_WINDOW_ROUNDS; i++) {
            lostInWindow += lost[i];
            sentInWindow += sent[i];
        }
        // lost / sent >= 1%  <=>  lost * 100 >= sent * 1
        if (lostInWindow >= MIN_LOSSES_FOR_RATE && lostInWindow * 100 >= sentInWindow * MAX_RANDOM_LOSS_PERCENT) {
            return answer(rtt, nowNanos);
        }
        return false;
    }

    /** Records a congestion verdict: one event, one answer; evidence starts afresh. */
    private boolean answer(RttEstimator rtt, long nowNanos) {
        answered = true;
        answeredAtNanos = nowNanos;
        sameEventUntilNanos = nowNanos + rtt.lossDelayNanos();
        maxRttInRound = 0;
        maxRttInPreviousRound = 0;
        for (int i = 0; i < LOSS_WINDOW_ROUNDS; i++) {
            lost[i] = 0;
        }
        return true;
    }

    private void advanceRound(RttEstimator rtt, long nowNanos) {
        if (!roundStarted) {
            roundStarted = true;
            roundStartNanos = nowNanos;
            return;
        }
        long roundLength = Math.max(1, rtt.smoothedRttNanos());
        long elapsed = nowNanos - roundStartNanos;
        if (elapsed < roundLength) {
            return;
        }
        long rounds = elapsed / roundLength;
        // After a whole round without events (idle), the previous round saw no samples.
        maxRttInPreviousRound = rounds == 1 ? maxRttInRound : 0;
        maxRttInRound = 0;
        for (long i = 0; i < Math.min(rounds, LOSS_WINDOW_ROUNDS); i++) {
            current = (current + 1) % LOSS_WINDOW_ROUNDS;
            sent[current] = 0;
            lost[current] = 0;
        }
        roundStartNanos += rounds * roundLength;
    }

    @Override
    public String toString() {
        return "LossClassifier[sent=" + sent[current] + ", lost=" + lost[current] + ", maxRtt=" + maxRttInRound + "]";
    }
}
