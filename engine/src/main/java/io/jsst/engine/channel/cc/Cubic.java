package io.jsst.engine.channel.cc;

import io.jsst.engine.channel.recovery.RttEstimator;

/**
 * CUBIC congestion control after RFC 9438, in bytes, with HyStart++ (RFC 9406) in the initial slow start
 * and RFC 9002's recovery period.
 *
 * <pre>
 *   cwnd                      W_cubic(t) = C*(t-K)^3 + W_max         (in segments, t in seconds)
 *    |        W_max . . . . . . ._______. . . . . . . . . /
 *    |             concave  __/          \__convex    __/
 *    |   loss: cwnd = 0.7 W_max            (probing)
 *    |   /|  ___/                \_______/
 *    |  / |_/   K = cbrt((W_max - cwnd_epoch) / C)
 *    | /  slow start, HyStart++ leaves it on an RTT rise
 *    +-----------|---------------|-------------------------- t (from the epoch's first ACK)
 *               epoch           K
 * </pre>
 *
 * <ul>
 *   <li>Congestion event (RFC 9438 §4.6, §4.7): W_max = cwnd, or cwnd * (1+β)/2 when cwnd is below the
 *       previous W_max (fast convergence); ssthresh = cwnd = max(β * cwnd, 2 * mds), β = 0.7. At most one
 *       reduction per recovery period (RFC 9002 §7.3.2).
 *   <li>Congestion avoidance (RFC 9438 §4.2-4.5): an epoch starts at the first ACK after recovery;
 *       per ACK, target = W_cubic(t + RTT) clipped to [cwnd, 1.5 cwnd] and cwnd grows by
 *       (target - cwnd) / cwnd per acknowledged segment; when the Reno-friendly estimate W_est is above
 *       W_cubic(t), cwnd follows W_est instead.
 *   <li>Slow start: cwnd grows by the bytes acknowledged. In the first slow start HyStart++ watches the
 *       per-round minimum RTT; a rise of max(4 ms, min(lastRoundMinRtt/8, 16 ms)) enters Conservative
 *       Slow Start (growth / 4), and after 5 CSS rounds ssthresh = cwnd. The pacer makes HyStart++'s
 *       burst limit L unnecessary (RFC 9406 §4.2: L = infinity when paced).
 *   <li>App-limited ACKs do not grow cwnd, and the app-limited time is not counted in t (RFC 9438 §5.8).
 * </ul>
 * The window is capped at 2^30 bytes. Not thread-safe.
 */
public final class Cubic implements CongestionController {

    /** RFC 9438 §5.1: "C SHOULD be set to 0.4". */
    static final double C = 0.4;
    /** RFC 9438 §5.1: "β_cubic SHOULD be set to 0.7". */
    static final double BETA = 0.7;
    /** RFC 9438 §4.3: α_cubic = 3 * (1 - β_cubic) / (1 + β_cubic). */
    static final double ALPHA = 3.0 * (1.0 - BETA) / (1.0 + BETA);
    /** Largest window this controller grows to. */
    static final long MAX_WINDOW = NewReno.MAX_WINDOW;

    /** RFC 9406 §4.3: MIN_RTT_THRESH = 4 msec. */
    static final long HYSTART_MIN_RTT_THRESH_NANOS = 4_000_000L;
    /** RFC 9406 §4.3: MAX_RTT_THRESH = 16 msec. */
    static final long HYSTART_MAX_RTT_THRESH_NANOS = 16_000_000L;
    /** RFC 9406 §4.3: MIN_RTT_DIVISOR = 8. */
    static final int HYSTART_MIN_RTT_DIVISOR = 8;
    /** RFC 9406 §4.3: N_RTT_SAMPLE = 8. */
    static final int HYSTART_N_RTT_SAMPLE = 8;
    /** RFC 9406 §4.3: CSS_GROWTH_DIVISOR = 4. */
    static final int HYSTART_CSS_GROWTH_DIVISOR = 4;
    /** RFC 9406 §4.3: CSS_ROUNDS = 5. */
    static final int HYSTART_CSS_ROUNDS = 5;

    private static final double NANOS_PER_SECOND = 1e9;

    private int maxDatagramSize;
    private long congestionWindow;
    private long ssthresh = Long.MAX_VALUE;

    // RFC 9438 state, in bytes and seconds. wMax == 0 means undefined (no congestion event yet).
    private double wMax;
    private double cwndPrior;
    private double wEst;
    private double k;
    private boolean epochStarted;
    private long epochStartNanos;
    /** Sub-byte increases not yet applied to congestionWindow. */
    private double pendingIncrease;

    private boolean appLimited;
    private long appLimitedSinceNanos;

    private boolean recoveryStarted;
    private long recoveryStartNanos;

    // HyStart++ (RFC 9406), used while ssthresh is still at its initial value.
    private long lastSentNanos;
    private boolean roundStarted;
    private long windowEndSentNanos;
    private long currentRoundMinRtt = Long.MAX_VALUE;
    private long lastRoundMinRtt = Long.MAX_VALUE;
    private int rttSampleCount;
    private boolean inCss;
    private long cssBaselineMinRtt = Long.MAX_VALUE;
    private int cssRounds;

    /** @param maxDatagramSize the path's maximum datagram size in bytes (values below 1 count as 1200) */
    public Cubic(int maxDatagramSize) {
        this.maxDatagramSize = NewReno.sanitize(maxDatagramSize);
        this.congestionWindow = NewReno.initialWindow(this.maxDatagramSize);
    }

    @Override
    public void onPacketSent(int bytes, long nowNanos) {
        lastSentNanos = nowNanos;
    }

    @Override
    public void onPacketAcked(int bytes, long sentTimeNanos, boolean appLimited, RttEstimator rtt, long nowNanos) {
        if (bytes <= 0 || inRecovery(sentTimeNanos)) {
            // RFC 9002 §7.3.2: no increase for packets sent before the recovery period started.
            return;
        }
        if (appLimited) {
            // RFC 9438 §5.8: "CUBIC does not increase cwnd when it is limited by the sending application";
            // the epoch is shifted by the app-limited time so that cwnd does not jump afterwards.
            if (!this.appLimited) {
                this.appLimited = true;
                appLimitedSinceNanos = nowNanos;
            }
            return;
        }
        if (this.appLimited) {
            this.appLimited = false;
            if (epochStarted && nowNanos > appLimitedSinceNanos) {
                epochStartNanos += nowNanos - appLimitedSinceNanos;
            }
        }
        if (congestionWindow < ssthresh) {
            slowStart(bytes, sentTimeNanos, rtt);
        } else {
            congestionAvoidance(bytes, rtt, nowNanos);
        }
    }

    private void slowStart(int bytes, long sentTimeNanos, RttEstimator rtt) {
        if (ssthresh != Long.MAX_VALUE) {
            // RFC 9406 §4: HyStart++ is RECOMMENDED only for the initial slow start.
            grow(bytes);
            return;
        }
        // RFC 9406 §4.2: a round ends when a packet sent after the round started (after windowEnd) is acknowledged.
        if (!roundStarted || sentTimeNanos > windowEndSentNanos) {
            roundStarted = true;
            windowEndSentNanos = lastSentNanos;
            lastRoundMinRtt = currentRoundMinRtt;
            currentRoundMinRtt = Long.MAX_VALUE;
            rttSampleCount = 0;
            if (inCss && ++cssRounds >= HYSTART_CSS_ROUNDS) {
                // RFC 9406 §4.2: "If CSS_ROUNDS rounds are complete, enter congestion avoidance by
                // setting the ssthresh to the current cwnd."
                inCss = false;
                ssthresh = congestionWindow;
                return;
            }
        }
        if (rtt.hasSample()) {
            currentRoundMinRtt = Math.min(currentRoundMinRtt, rtt.latestRttNanos());
            rttSampleCount++;
        }
        // RFC 9406 §4.2: in CSS, "cwnd = cwnd + (min(N, L * SMSS) / CSS_GROWTH_DIVISOR)"
        grow(inCss ? (double) bytes / HYSTART_CSS_GROWTH_DIVISOR : bytes);
        if (rttSampleCount < HYSTART_N_RTT_SAMPLE || currentRoundMinRtt == Long.MAX_VALUE) {
            return;
        }
        if (!inCss) {
            if (lastRoundMinRtt == Long.MAX_VALUE) {
                return;
            }
            // RFC 9406 §4.2: "RttThresh = max(MIN_RTT_THRESH, min(lastRoundMinRTT / MIN_RTT_DIVISOR,
            // MAX_RTT_THRESH)); if (currentRoundMinRTT >= (lastRoundMinRTT + RttThresh)) enter CSS"
            long thresh = Math.max(HYSTART_MIN_RTT_THRESH_NANOS,
                    Math.min(lastRoundMinRtt / HYSTART_MIN_RTT_DIVISOR, HYSTART_MAX_RTT_THRESH_NANOS));
            if (currentRoundMinRtt >= lastRoundMinRtt + thresh) {
                inCss = true;
                cssBaselineMinRtt = currentRoundMinRtt;
                cssRounds = 0;
            }
        } else if (currentRoundMinRtt < cssBaselineMinRtt) {
            // RFC 9406 §4.2: "the slow start exit was spurious"; resume slow start.
            inCss = false;
            cssBaselineMinRtt = Long.MAX_VALUE;
        }
    }

    private void congestionAvoidance(int bytes, RttEstimator rtt, long nowNanos) {
        double cwnd = congestionWindow;
        if (!epochStarted) {
            epochStarted = true;
            epochStartNanos = nowNanos;
            // RFC 9438 §4.3: "W_est is set equal to cwnd_epoch at the start of the congestion avoidance stage"
            wEst = cwnd;
            if (wMax <= cwnd) {
                // No congestion event yet (HyStart++ exit, or app-limited growth past W_max): RFC 9438 §4.10,
                // W_max = cwnd_prior = cwnd and K = 0, so growth starts in the convex region.
                wMax = cwnd;
                k = 0;
            } else {
                // RFC 9438 §4.2: K = cubic_root((W_max - cwnd_epoch) / C), with windows in segments.
                k = Math.cbrt((wMax - cwnd) / (C * maxDatagramSize));
            }
            if (cwndPrior <= 0) {
                cwndPrior = cwnd;
            }
        }
        double t = Math.max(0, nowNanos - epochStartNanos) / NANOS_PER_SECOND;
        double rttSeconds = rtt.smoothedRttNanos() / NANOS_PER_SECOND;
        double wCubicNow = wCubic(t);
        // RFC 9438 §4.2: target = W_cubic(t + RTT) clipped to [cwnd, 1.5 * cwnd].
        double target = Math.max(cwnd, Math.min(wCubic(t + rttSeconds), 1.5 * cwnd));

        // RFC 9438 §4.3: "W_est = W_est + α_cubic * segments_acked / cwnd"; once "W_est >= cwnd_prior,
        // the sender SHOULD set α_cubic to 1".
        double alpha = wEst >= cwndPrior ? 1.0 : ALPHA;
        wEst += alpha * maxDatagramSize * bytes / cwnd;

        if (wCubicNow < wEst) {
            // RFC 9438 §4.3: "If W_cubic(t) is less than W_est, ... cwnd SHOULD be set to W_est"
            if (wEst > cwnd) {
                grow(wEst - cwnd);
            }
        } else {
            // RFC 9438 §4.4, §4.5: "cwnd MUST be incremented by (target - cwnd) / cwnd" per acked segment.
            grow((target - cwnd) * bytes / cwnd);
        }
    }

    /** W_cubic(t) in bytes: C * (t - K)^3 * mds + W_max. */
    private double wCubic(double tSeconds) {
        double d = tSeconds - k;
        return C * d * d * d * maxDatagramSize + wMax;
    }

    private void grow(double bytes) {
        pendingIncrease += bytes;
        if (pendingIncrease >= 1) {
            long whole = (long) pendingIncrease;
            pendingIncrease -= whole;
            congestionWindow = Math.min(MAX_WINDOW, congestionWindow + whole);
        }
    }

    @Override
    public void onCongestionEvent(long largestLostSentTimeNanos, long lostBytes, RttEstimator rtt, long nowNanos) {
        if (inRecovery(largestLostSentTimeNanos)) {
            return;
        }
        recoveryStarted = true;
        recoveryStartNanos = nowNanos;
        double cwnd = congestionWindow;
        cwndPrior = cwnd;
        // RFC 9438 §4.7 fast convergence: "if (cwnd < W_max and fast convergence enabled)
        // W_max = cwnd * (1 + β_cubic) / 2 else W_max = cwnd"
        wMax = cwnd < wMax ? cwnd * (1.0 + BETA) / 2.0 : cwnd;
        // RFC 9438 §4.6: "ssthresh = cwnd * β_cubic; ssthresh = max(ssthresh, 2); cwnd = ssthresh"
        ssthresh = Math.max(Math.round(cwnd * BETA), NewReno.minimumWindow(maxDatagramSize));
        congestionWindow = ssthresh;
        epochStarted = false;
        appLimited = false;
        pendingIncrease = 0;
        inCss = false;
    }

    @Override
    public void onPersistentCongestion(long nowNanos) {
        // RFC 9002 §7.6.2 / B.8: "congestion_window = kMinimumWindow; congestion_recovery_start_time = 0".
        // RFC 9438 §4.8: afterwards CUBIC slow-starts to ssthresh and begins a new epoch.
        congestionWindow = NewReno.minimumWindow(maxDatagramSize);
        recoveryStarted = false;
        epochStarted = false;
        appLimited = false;
        pendingIncrease = 0;
        inCss = false;
        roundStarted = false;
        currentRoundMinRtt = Long.MAX_VALUE;
        lastRoundMinRtt = Long.MAX_VALUE;
    }

    @Override
    public void onMaxDatagramSizeChanged(int maxDatagramSize) {
        this.maxDatagramSize = NewReno.sanitize(maxDatagramSize);
        congestionWindow = Math.max(congestionWindow, NewReno.minimumWindow(this.maxDatagramSize));
        // K depends on the segment size; recompute it at the next ACK.
        epochStarted = false;
    }

    @Override
    public long congestionWindow() {
        return congestionWindow;
    }

    @Override
    public boolean inSlowStart() {
        return congestionWindow < ssthresh;
    }

    @Override
    public String name() {
        return "cubic";
    }

    /** @return the slow start threshold in bytes, {@link Long#MAX_VALUE} before slow start first ended */
    public long slowStartThreshold() {
        return ssthresh;
    }

    /** @return W_max in bytes, the window before the last reduction (0 before any) */
    public long maxWindowBeforeReduction() {
        return (long) wMax;
    }

    /** @return K in nanoseconds for the current epoch: time for W_cubic to return to W_max (0 outside an epoch) */
    public long kNanos() {
        return epochStarted ? (long) (k * NANOS_PER_SECOND) : 0;
    }

    /** @return whether HyStart++ is in Conservative Slow Start */
    public boolean inConservativeSlowStart() {
        return inCss;
    }

    private boolean inRecovery(long sentTimeNanos) {
        return recoveryStarted && sentTimeNanos <= recoveryStartNanos;
    }

    @Override
    public String toString() {
        return "Cubic[cwnd=" + congestionWindow + ", ssthresh=" + ssthresh + ", wMax=" + (long) wMax + "]";
    }
}
