package io.jsst.engine.channel;

/** What a channel tells its host, on the driver's thread. */
public interface ChannelListener {

    /** The responder verified the initiator's identity: the channel carries data now. */
    void established(Channel channel);

    /** The channel closed (once). */
    void closed(Channel channel, CloseReason reason);
}
