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
    /** Stream reset code: the peer opened more streams than the channel holds. */
    public static final long STREAM_LIMIT = 0x0d;
    /** Stream reset code: no listener for the service and protocol a top-level stream asked for. */
    public static final long SERVICE_UNAVAILABLE = 0x0e;
    /** Stream reset code: the parent of a substream is gone. */
    public static final long NO_PARENT = 0x0f;
    /** Stream reset code: the receiver does not accept substreams there (closed). */
    public static final long REFUSED = 0x10;
    /** Error code of {@link io.jsst.engine.channel.Channel#abort}. */
    public static final long ABORTED_BY_APPLICATION = 0x0c;

    public boolean isClean() {
        return kind == Kind.CLOSED;
    }
}
