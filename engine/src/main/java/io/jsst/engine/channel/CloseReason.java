package io.jsst.engine.channel;

/**
 * Why a channel closed.
 *
 * @param errorCode 0 for a clean close, else the application's or the protocol's error code
 * @param message a human-readable reason
 * @param byPeer whether the peer closed it (a CLOSE frame came in)
 * @param kind how it ended
 */
public record CloseReason(long errorCode, String message, boolean byPeer, Kind kind) {

    /** How a channel ended. */
    public enum Kind {
        /** A CLOSE frame was sent or received with error code 0. */
        CLOSED,
        /** A CLOSE frame with a non-zero error code: aborted by one side. */
        ABORTED,
        /** Nothing heard from the peer within the idle timeout. */
        IDLE_TIMEOUT,
        /** The peer broke the protocol, or failed authentication during the handshake. */
        PROTOCOL_ERROR
    }

    /** Error code of a protocol violation. */
    public static final long PROTOCOL_VIOLATION = 0x0a;
    /** Error code of a failed authentication (bad IDENTITY signature). */
    public static final long AUTHENTICATION_FAILED = 0x0b;
    /** Error code of {@link io.jsst.engine.channel.Channel#abort}. */
    public static final long ABORTED_BY_APPLICATION = 0x0c;

    public boolean isClean() {
        return kind == Kind.CLOSED;
    }
}
