package io.jsst.association;

import java.io.IOException;
import java.net.InetSocketAddress;

/** What an association's receive side yields, in the order it happened. */
public sealed interface Inbound {

    /**
     * Bytes of one message as they were queued: a message larger than the queue's chunk size comes
     * in several chunks, {@code last} on the final one. Returned by {@link AssociationSession#poll()}.
     */
    record Chunk(int streamNumber, boolean unordered, int payloadProtocolId, byte[] data, boolean last,
                 Object source) implements Inbound {
    }

    /**
     * What {@link AssociationSession#receive} copied into the caller's buffer: {@code length} bytes
     * of a message, {@code complete} when they end it.
     */
    record Received(int streamNumber, boolean unordered, int payloadProtocolId, int length, boolean complete)
            implements Inbound {
    }

    /** The peer began a graceful shutdown: it sends nothing more; what it sent has all arrived. */
    record PeerShutdown() implements Inbound {
    }

    /** The graceful shutdown completed both ways. {@link End} follows. */
    record ShutdownComplete() implements Inbound {
    }

    /** The association was lost: the peer aborted, stopped answering, or the host closed. {@link End} follows. */
    record Lost(IOException cause) implements Inbound {
    }

    /**
     * A message that was not sent: its lifetime ended before it could go, or the association ended
     * first. {@code unsent} holds its payload.
     */
    record SendFailed(int streamNumber, boolean unordered, int payloadProtocolId, byte[] unsent,
                      InetSocketAddress address, int errorCode) implements Inbound {
        /** The error code SCTP reports for a message whose lifetime expired. */
        public static final int LIFETIME_EXPIRED = 1;
        /** The error code for a message left unsent when the association ended. */
        public static final int ASSOCIATION_ENDED = 2;
    }

    /** A peer address changed state: it stopped answering, or became the one packets go to. */
    record PeerAddressChange(InetSocketAddress address, Kind kind) implements Inbound {
        public enum Kind { UNREACHABLE, MADE_PRIMARY }
    }

    /** Nothing more will come: every later receive yields this again. */
    record End() implements Inbound {
    }
}
