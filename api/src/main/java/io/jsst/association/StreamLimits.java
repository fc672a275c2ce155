package io.jsst.association;

/**
 * What one side of an association offers at its start: the outbound streams it would like and
 * the most inbound streams it accepts, as SCTP's INIT does ({@code SCTP_INIT_MAXSTREAMS}). Zero
 * means "whatever the peer says".
 *
 * @param outbound the outbound streams wanted, 0 to 65535
 * @param maxInbound the most inbound streams accepted, 0 to 65535
 */
public record StreamLimits(int outbound, int maxInbound) {

    /** The largest stream count the wire carries. */
    public static final int MAX = 65535;

    /** Both zero: take the peer's values (10 each way if the peer says zero too). */
    public static final StreamLimits DEFAULT = new StreamLimits(0, 0);

    /** @throws IllegalArgumentException if a count is outside 0 to {@value #MAX} */
    public StreamLimits {
        if (outbound < 0 || outbound > MAX || maxInbound < 0 || maxInbound > MAX) {
            throw new IllegalArgumentException("stream counts must be 0 to " + MAX + ": " + outbound + ", " + maxInbound);
        }
    }

    /**
     * The limits of Qt's maximum channel count: {@code count} each way; a negative count (TCP
     * emulation, one byte stream) is one channel; 0 takes the peer's value.
     */
    public static StreamLimits ofChannelCount(int count) {
        int n = count < 0 ? 1 : Math.min(count, MAX);
        return new StreamLimits(n, n);
    }
}
