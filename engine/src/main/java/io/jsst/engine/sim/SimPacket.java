package io.jsst.engine.sim;

/**
 * The state of one datagram while it passes a link's impairment stages. A link reuses one
 * instance; stages read and change it.
 */
final class SimPacket {

    /** When the sender handed it to the link. */
    long sentNanos;
    /** When its last bit leaves the bottleneck (equal to {@link #sentNanos} without one). */
    long departNanos;
    /** Propagation delay, jitter and reordering delay added after departure. */
    long extraDelayNanos;
    /** The datagram; stages may change the bytes (the link owns this copy). */
    byte[] data;
    int length;
    /** Set by a stage that drops the datagram. */
    SimFate dropped;
    boolean corrupted;
    boolean duplicate;
    /** Delay of the duplicate copy after the original's arrival. */
    long duplicateExtraDelayNanos;

    void reset(long nowNanos, byte[] data, int length) {
        this.sentNanos = nowNanos;
        this.departNanos = nowNanos;
        this.extraDelayNanos = 0;
        this.data = data;
        this.length = length;
        this.dropped = null;
        this.corrupted = false;
        this.duplicate = false;
        this.duplicateExtraDelayNanos = 0;
    }

    long arrivalNanos() {
        return departNanos + extraDelayNanos;
    }
}
