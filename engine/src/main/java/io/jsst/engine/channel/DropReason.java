package io.jsst.engine.channel;

/** Why an incoming datagram was dropped. Every drop is counted under one of these. */
public enum DropReason {
    /** Too short, unknown first byte, or frames that do not parse. */
    MALFORMED,
    /** A protected packet for a channel id this host does not know. */
    UNKNOWN_CHANNEL,
    /** The AEAD did not authenticate it: forged, corrupted, or keys that do not match. */
    DECRYPTION_FAILED,
    /** A packet number already received, or older than the replay window. */
    REPLAY,
    /** A handshake packet with a version this host does not speak. */
    UNSUPPORTED_VERSION,
    /** A handshake packet that fails validation: a bad or expired cookie, a bad signature. */
    HANDSHAKE_INVALID,
    /** A handshake packet that matches no connect in progress. */
    HANDSHAKE_UNEXPECTED,
    /** Data from an initiator that has not yet proven its identity. */
    UNAUTHENTICATED_PEER,
    /** An authenticated frame that breaks the protocol (beyond flow control, acks unsent packets). */
    PROTOCOL_VIOLATION,
    /** A packet for a channel that is closing or closed. */
    CHANNEL_CLOSED
}
