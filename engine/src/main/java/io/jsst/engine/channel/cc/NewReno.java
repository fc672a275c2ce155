package io.jsst.engine.channel.cc;

import io.jsst.engine.channel.recovery.RttEstimator;

/**
 * NewReno congestion control exactly as RFC 9002 §7 and Appendix B describe it, in bytes.
 *
 * <pre>
 *   cwnd
 *    |            loss: ssthresh = cwnd/2, cwnd = max(ssthresh, 2*mds)
 *    |        /|          +mds per cwnd acked
 *    |      /  |      ___/|
 *    |    /    |  ___/    |___/  ...
 *    |  / slow |_/ recovery, then congestion avoidance
 *    |/  start (+bytes acked)
 *    +--------------------------------------------- time
 * </pre>
 *
 * <ul>
 *   <li>Slow start: while {@code cwnd < ssthresh}, cwnd grows by the bytes acknowledged (doubling per RTT).
 *   <li>Congestion avoidance: cwnd grows by one maximum datagram size per congestion window of bytes
 *       acknowledged, counted exactly (bytes-acked counting, no per-ACK rounding).
 *   <li>Recovery: a congestion event halves cwnd and starts a recovery period; losses of packets sent
 *       before it started do not reduce again, and their ACKs do not grow the window.
 *   <li>App-limited ACKs never grow the window (RFC 9002 §7.8).
 * </ul>
 * The window is capped at 2^30 bytes. Not thread-safe.
 */
public final class NewReno implements CongestionController {

    /** Largest window this controller grows to. */
    static final long MAX_WINDOW = 1L << 30;

    private int maxDatagramSize;
    private long congestionWindow;
    private long ssthresh = Long.MAX_VALUE;
    /** Bytes acknowledged in congestion avoidance since the last +mds. */
    private long bytesAckedInAvoidance;
    /** Whether recoveryStartNanos is set; false stands for the RFC's initial congestion_recovery_start_time = 0. */
    private boolean recoveryStarted;
    private long recoveryStartNanos;

    /** @param maxDatagramSize the path's maximum datagram size in bytes (values below 1 count as 1200) */
    public NewReno(int maxDatagramSize) {
        this.maxDatagramSize = sanitize(maxDatagramSize);
        this.congestionWindow = initialWindow(this.maxDatagramSize);
    }

    /** RFC 9002 §7.2: "min(10 * max_datagram_size, max(14720, 2 * max_datagram_size))". */
    static long initialWindow(int maxDatagramSize) {
        return Math.min(10L * maxDatagramSize, Math.max(14720L, 2L * maxDatagramSize));
    }

    /** RFC 9002 §7.2: "The RECOMMENDED value is 2 * max_datagram_size." */
    static long minimumWindow(int maxDatagramSize) {
        return 2L * maxDatagramSize;
    }

    static int sanitize(int maxDatagramSize) {
        return maxDatagramSize > 0 ? maxDatagramSize : 1200;
    }

    @Override
    public void onPacketSent(int bytes, long nowNanos) {
        // bytes_in_flight is kept by the channel; NewReno needs nothing at send time.
    }

    @Override
    public void onPacketAcked(int bytes, long sentTimeNanos, boolean appLimited, RttEstimator rtt, long nowNanos) {
        if (bytes <= 0) {
            return;
        }
        // RFC 9002 §7.3.2: "the congestion window does not increase in response to acknowledgments" of
        // packets sent before recovery started; an ACK of a packet sent after it ends the recovery period.
        if (inRecovery(sentTimeNanos)) {
            return;
        }
        // RFC 9002 §7.8: "the congestion window SHOULD NOT be increased ... when it is not fully utilized"
        if (appLimited) {
            return;
        }
        if (congestionWindow < ssthresh) {
            // RFC 9002 §7.3.1: "the congestion window increases by the number of bytes acknowledged"
            congestionWindow = Math.min(MAX_WINDOW, congestionWindow + bytes);
            return;
        }
        // RFC 9002 §7.3.3: "limit the increase of the congestion window to at most one maximum datagram
        // size for each congestion window that is acknowledged"
        bytesAckedInAvoidance += bytes;
        if (bytesAckedInAvoidance >= congestionWindow) {
            bytesAckedInAvoidance -= congestionWindow;
            congestionWindow = Math.min(MAX_WINDOW, congestionWindow + maxDatagramSize);
        }
    }

    @Override
    public void onCongestionEvent(long largestLostSentTimeNanos, long lostBytes, RttEstimator rtt, long nowNanos) {
        // RFC 9002 §7.3.2: "No changes to the congestion window [for] lost packets sent before" recovery started.
        if (inRecovery(largestLostSentTimeNanos)) {
            return;
        }
        recoveryStarted = true;
        recoveryStartNanos = nowNanos;
        // RFC 9002 §7.3.2 / B.6: kLossReductionFactor = 0.5;
        // "ssthresh = congestion_window * kLossReductionFactor; congestion_window = max(ssthresh, kMinimumWindow)"
        ssthresh = congestionWindow / 2;
        congestionWindow = Math.max(ssthresh, minimumWindow(maxDatagramSize));
        bytesAckedInAvoidance = 0;
    }

    @Override
    public void onPersistentCongestion(long nowNanos) {
        // RFC 9002 §7.6.2 / B.8: "congestion_window = kMinimumWindow; congestion_recovery_start_time = 0"
        congestionWindow = minimumWindow(maxDatagramSize);
        recoveryStarted = false;
        bytesAckedInAvoidance = 0;
    }

    @Override
    public void onMaxDatagramSizeChanged(int maxDatagramSize) {
        this.maxDatagramSize = sanitize(maxDatagramSize);
        congestionWindow = Math.max(congestionWindow, minimumWindow(this.maxDatagramSize));
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
        return "newreno";
    }

    /** @return the slow start threshold in bytes, {@link Long#MAX_VALUE} before the first congestion event */
    public long slowStartThreshold() {
        return ssthresh;
    }

    /** RFC 9002 B.5 InCongestionRecovery: "sent_time <= congestion_recovery_start_time". */
    private boolean inRecovery(long sentTimeNanos) {
        return recoveryStarted && sentTimeNanos <= recoveryStartNanos;
    }

    @Override
    public String toString() {
        return "NewReno[cwnd=" + congestionWindow + ", ssthresh=" + ssthresh + "]";
    }
}
