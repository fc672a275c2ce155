package io.jsst.engine.host;

import io.jsst.engine.channel.Channel;
import io.jsst.engine.channel.CloseReason;
import io.jsst.engine.stream.StreamState;
import io.jsst.engine.wire.StreamOpen;

/** What a {@link HostEngine} tells its owner, on the driver's thread. Must not block. */
public interface HostListener {

    /** An initiator's handshake completed: the channel is established. */
    void connected(ConnectAttempt attempt, Channel channel);

    /** An initiator's handshake failed; {@code cause} says why. */
    void connectFailed(ConnectAttempt attempt, Exception cause);

    /** A responder's channel was established: the initiator proved its identity. */
    void accepted(Channel channel);

    /** The peer opened a stream on {@code channel} (see {@link io.jsst.engine.channel.ChannelListener#streamOpened}). */
    void streamOpened(Channel channel, StreamState stream, StreamOpen open);

    /** The peer accepted a top-level stream this host opened. */
    void streamReplied(Channel channel, StreamState stream);

    /** A channel closed. */
    void closed(Channel channel, CloseReason reason);

    /**
     * The host has nothing more to send this turn: the moment to hand what the turn delivered to
     * waiting application threads, once per turn rather than once per datagram.
     *
     * @return whether it ran anything: a callback run here (an asynchronous read completing, say) may
     *     have given a channel more to send, such as the flow-control credit of the bytes it read
     */
    default boolean turnFlushed() {
        return false;
    }
}
