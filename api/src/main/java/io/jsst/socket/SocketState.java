package io.jsst.socket;

/**
 * The states of a socket or server, after Qt's {@code QAbstractSocket::SocketState}.
 *
 * <pre>
 *   UNCONNECTED ─connectToHost─▶ HOST_LOOKUP ─▶ CONNECTING ─▶ CONNECTED ─close/disconnectFromHost─▶ CLOSING ─▶ UNCONNECTED
 *        │                            └──────────────┴── failure ──▶ UNCONNECTED          └── abort, peer close, loss ──▶ UNCONNECTED
 *        └─listen─▶ LISTENING (a server)
 * </pre>
 */
public enum SocketState {
    /** Not connected. */
    UNCONNECTED,
    /** Resolving the host name given to {@code connectToHost}. */
    HOST_LOOKUP,
    /** Opening the association. */
    CONNECTING,
    /** The association is established. */
    CONNECTED,
    /** Bound to an address and port (not used by jsst sockets yet; kept for Qt's set of states). */
    BOUND,
    /** A server listening for associations. */
    LISTENING,
    /** Closing: queued data is still being sent before the association shuts down. */
    CLOSING
}
