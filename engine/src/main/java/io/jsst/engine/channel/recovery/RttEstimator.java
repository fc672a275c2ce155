package io.jsst.engine.channel.recovery;

/**
 * Round-trip time estimation after RFC 9002 §5: the latest sample, the minimum, an exponentially
 * weighted smoothed RTT and its mean deviation, and the two timer durations derived from them (PTO and
 * the loss-detection time threshold).
 *
 * <pre>
 *   sample:  latest_rtt = ack_time - send_time_of_largest_newly_acked
 *   first:   min = smoothed = latest, rttvar = latest / 2
 *   later:   min = min(min, latest)
 *            ack_delay = min(ack_delay, max_ack_delay)      once the handshake is confirmed
 *            adjusted  = latest - ack_delay                 only if latest >= min + ack_delay
 *            rttvar    = 3/4 rttvar + 1/4 |smoothed - adjusted|
 *            smoothed  = 7/8 smoothed + 1/8 adjusted
 * </pre>
 *
 * <p>Before the first sample, {@link #smoothedRttNanos()} is the initial RTT and {@link #rttVarNanos()}
 * half of it (RFC 9002 §6.2.2); {@link #latestRttNanos()} and {@link #minRttNanos()} are 0
 * (RFC 9002 Appendix A.3). All times are nanoseconds passed in; the estimator reads no clock.
 * Negative samples are ignored and negative ack delays count as 0. Not thread-safe.
 */
public final class RttEstimator {

    /** RFC 9002 §6.1.2: kGranularity = 1 ms. */
    public static final long GRANULARITY_NANOS = 1_000_000L;

    /** RFC 9002 §6.2.2: "the initial RTT SHOULD be set to 333 milliseconds". */
    public static final long DEFAULT_INITIAL_RTT_NANOS = 333_000_000L;

    private final long initialRttNanos;
    private boolean hasSample;
    private long latestRttNanos;
    private long minRttNanos;
    private long smoothedRttNanos;
    private long rttVarNanos;

    /**
     * @param initialRttNanos the RTT assumed before any sample; RFC 9002 §6.2.2 kInitialRtt = 333 ms is
     *     the usual value. Values of 0 or below fall back to 333 ms.
     */
    public RttEstimator(long initialRttNanos) {
        this.initialRttNanos = initialRttNanos > 0 ? initialRttNanos : DEFAULT_INITIAL_RTT_NANOS;
        this.smoothedRttNanos = this.initialRttNanos;
        this.rttVarNanos = this.initialRttNanos / 2;
    }

    /**
     * Takes an RTT sample (RFC 9002 §5.3).
     *
     * @param latestRttNanos ack receive time minus the send time of the largest newly acknowledged packet
     * @param ackDelayNanos the ACK Delay the peer reported, already decoded to nanoseconds
     * @param maxAckDelayNanos the peer's max_ack_delay
     * @param handshakeConfirmed whether the handshake is confirmed; only then is the ack delay capped
     *     by {@code maxAckDelayNanos}
     */
    public void update(long latestRttNanos, long ackDelayNanos, long maxAckDelayNanos, boolean handshakeConfirmed) {
        if (latestRttNanos < 0) {
            return;
        }
        this.latestRttNanos = latestRttNanos;
        if (!hasSample) {
            // RFC 9002 §5.3: "min_rtt = latest_rtt; smoothed_rtt = latest_rtt; rttvar = latest_rtt / 2"
            hasSample = true;
            minRttNanos = latestRttNanos;
            smoothedRttNanos = latestRttNanos;
            rttVarNanos = latestRttNanos / 2;
            return;
        }
        // RFC 9002 §5.2: min_rtt is the minimum over samples, without ack-delay adjustment.
        minRttNanos = Math.min(minRttNanos, latestRttNanos);
        long ackDelay = Math.max(0, ackDelayNanos);
        // RFC 9002 §5.3: "MUST use the lesser of the acknowledgment delay and the peer's max_ack_delay
        // after the handshake is confirmed"
        if (handshakeConfirmed) {
            ackDelay = Math.min(ackDelay, Math.max(0, maxAckDelayNanos));
        }
        // RFC 9002 §5.3: "adjusted_rtt = latest_rtt; if (latest_rtt >= min_rtt + ack_delay):
        // adjusted_rtt = latest_rtt - ack_delay"
        long adjusted = latestRttNanos;
        if (latestRttNanos >= minRttNanos + ackDelay) {
            adjusted = latestRttNanos - ackDelay;
        }
        // RFC 9002 §5.3: "rttvar = 3/4 * rttvar + 1/4 * rttvar_sample;
        // smoothed_rtt = 7/8 * smoothed_rtt + 1/8 * adjusted_rtt"
        long rttVarSample = Math.abs(smoothedRttNanos - adjusted);
        rttVarNanos = (3 * rttVarNanos + rttVarSample) / 4;
        smoothedRttNanos = (7 * smoothedRttNanos + adjusted) / 8;
    }

    /** @return whether at least one sample was taken */
    public boolean hasSample() {
        return hasSample;
    }

    /** @return the most recent sample, 0 before the first */
    public long latestRttNanos() {
        return latestRttNanos;
    }

    /** @return the smoothed RTT; the initial RTT before the first sample */
    public long smoothedRttNanos() {
        return smoothedRttNanos;
    }

    /** @return the RTT variation; half the initial RTT before the first sample */
    public long rttVarNanos() {
        return rttVarNanos;
    }

    /** @return the minimum RTT over all samples, 0 before the first */
    public long minRttNanos() {
        return minRttNanos;
    }

    /**
     * RFC 9002 §6.2.1: {@code PTO = smoothed_rtt + max(4*rttvar, kGranularity) + max_ack_delay}. The
     * caller passes 0 as {@code maxAckDelayNanos} for packet number spaces where the peer does not delay
     * acknowledgements, and doubles the result per consecutive PTO (backoff).
     */
    public long ptoNanos(long maxAckDelayNanos) {
        return smoothedRttNanos + Math.max(4 * rttVarNanos, GRANULARITY_NANOS) + Math.max(0, maxAckDelayNanos);
    }

    /**
     * RFC 9002 §6.1.2: the time threshold, {@code max(kTimeThreshold * max(smoothed_rtt, latest_rtt),
     * kGranularity)} with kTimeThreshold = 9/8. A packet sent this long before a later acknowledged
     * one is declared lost.
     */
    public long lossDelayNanos() {
        // RFC 9002 §6.1.2: kTimeThreshold = 9/8
        return lossDelayNanos(9);
    }

    /**
     * As {@link #lossDelayNanos()} with a time threshold of {@code eighths}/8 instead of 9/8:
     * RFC 9002 §6.1.2 lets a sender that saw spurious losses widen it.
     */
    public long lossDelayNanos(int eighths) {
        long base = Math.max(smoothedRttNanos, latestRttNanos);
        return Math.max(base * eighths / 8, GRANULARITY_NANOS);
    }

    /** @return the initial RTT this estimator was created with */
    public long initialRttNanos() {
        return initialRttNanos;
    }

    @Override
    public String toString() {
        return "RttEstimator[latest=" + latestRttNanos + ", min=" + minRttNanos + ", smoothed=" + smoothedRttNanos
                + ", var=" + rttVarNanos + "]";
    }
}
