package io.jsst.engine.channel;

import io.jsst.engine.stream.StreamState;
import io.jsst.engine.wire.StreamOpen;

/** What a channel tells its host, on the driver's thread. */
public interface ChannelListener {

    /** The responder verified the initiator's identity: the channel carries data now. */
    void established(Channel channel);

    /**
     * The peer opened a stream: a top-level one ({@code open.isTopLevel()}, asking for a service
     * and protocol: the listener replies with {@link Channel#reply} or rejects with
     * {@link Channel#reset}), or a substream of {@code open.parentId()}.
     */
    void streamOpened(Channel channel, StreamState stream, StreamOpen open);

    /** The peer accepted a top-level stream this side opened (SST's Reply). */
    void streamReplied(Channel channel, StreamState stream);

    /** The channel closed (once). */
    void closed(Channel channel, CloseReason reason);
}
