package io.jsst.engine.channel;

/**
 * The life of a channel. Transitions happen only in {@link Channel}:
 *
 * <pre>
 *  AWAITING_IDENTITY --IDENTITY verified--&gt; ESTABLISHED    (responder)
 *                                           ESTABLISHED    (initiator: created on RESPONSE)
 *  ESTABLISHED --close()--&gt; CLOSING --3 PTO--&gt; CLOSED
 *  ESTABLISHED --CLOSE received--&gt; DRAINING --3 PTO--&gt; CLOSED
 *  any --idle timeout / abort / handshake failure--&gt; CLOSED
 * </pre>
 */
public enum ChannelState {
    AWAITING_IDENTITY,
    ESTABLISHED,
    CLOSING,
    DRAINING,
    CLOSED;

    /** Whether the channel still carries application data. */
    public boolean isOpen() {
        return this == AWAITING_IDENTITY || this == ESTABLISHED;
    }
}
