package io.jsst.engine;

import java.io.IOException;

/**
 * The channel under a stream ended, so the stream cannot go on: the peer closed or aborted it,
 * broke the protocol, or nothing was heard from it within the idle timeout ({@link
 * #isIdleTimeout()}).
 */
public class ChannelClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** How the channel ended. */
    public enum Cause {
        /** The peer closed the channel cleanly while the stream was still open. */
        CLOSED_BY_PEER,
        /** One side aborted the channel. */
        ABORTED,
        /** Nothing heard from the peer within the idle timeout: the peer or the path is gone. */
        IDLE_TIMEOUT,
        /** The peer broke the protocol, or failed authentication. */
        PROTOCOL_ERROR,
        /** This host closed. */
        CLOSED_LOCALLY
    }

    private final Cause cause;

    public ChannelClosedException(Cause cause, String message) {
        super(message);
        this.cause = cause;
    }

    public Cause reason() {
        return cause;
    }

    public boolean isIdleTimeout() {
        return cause == Cause.IDLE_TIMEOUT;
    }
}
