package io.jsst.socket;

/**
 * The errors a socket or server reports, after Qt's {@code QAbstractSocket::SocketError}, each with
 * the message Qt gives it ({@link #message()}), which is what {@code errorString()} returns unless
 * a more precise one is known.
 */
public enum SocketError {
    /** The peer refused the association, or nothing listens at that port. */
    CONNECTION_REFUSED("Connection refused"),
    /** The peer closed the association (gracefully or by aborting it). */
    REMOTE_HOST_CLOSED("The remote host closed the connection"),
    /** The host name could not be resolved. */
    HOST_NOT_FOUND("Host not found"),
    /** The operation was not permitted. */
    SOCKET_ACCESS("Permission denied"),
    /** The system ran out of a resource. */
    SOCKET_RESOURCE("Out of resources"),
    /** An operation timed out. */
    SOCKET_TIMEOUT("Socket operation timed out"),
    /** A datagram was larger than allowed. */
    DATAGRAM_TOO_LARGE("Datagram was too large to send"),
    /** The network failed (for instance the peer stopped answering). */
    NETWORK("Network error"),
    /** The address to listen on or bind to is in use. */
    ADDRESS_IN_USE("The bound address is already in use"),
    /** The address is not one of this machine's. */
    SOCKET_ADDRESS_NOT_AVAILABLE("The address is not available"),
    /** The operation is not supported. */
    UNSUPPORTED_SOCKET_OPERATION("Unsupported socket operation"),
    /** A proxy asked for authentication (jsst uses no proxy; kept for Qt's set of errors). */
    PROXY_AUTHENTICATION_REQUIRED("Proxy authentication required"),
    /** The TLS handshake failed (not used by jsst, whose channels are always encrypted). */
    SSL_HANDSHAKE_FAILED("SSL handshake failed"),
    /** Operation still in progress. */
    UNFINISHED_SOCKET_OPERATION("Operation in progress"),
    /** The proxy refused the connection (no proxy in jsst). */
    PROXY_CONNECTION_REFUSED("Proxy connection refused"),
    /** The proxy closed the connection (no proxy in jsst). */
    PROXY_CONNECTION_CLOSED("Proxy connection closed prematurely"),
    /** The proxy timed out (no proxy in jsst). */
    PROXY_CONNECTION_TIMEOUT("Proxy connection timed out"),
    /** The proxy was not found (no proxy in jsst). */
    PROXY_NOT_FOUND("Proxy not found"),
    /** The proxy's answer was not understood (no proxy in jsst). */
    PROXY_PROTOCOL("Proxy protocol error"),
    /** An operation was tried in a state that does not permit it (for instance writing after close). */
    OPERATION("Operation on socket is not supported"),
    /** An internal TLS error (not used by jsst). */
    SSL_INTERNAL("SSL internal error"),
    /** Invalid TLS data (not used by jsst). */
    SSL_INVALID_USER_DATA("Invalid SSL user data"),
    /** A write could not be queued now; retry later. */
    TEMPORARY("Temporary error"),
    /** No error, or one not known. */
    UNKNOWN_SOCKET("Unknown error");

    private final String message;

    SocketError(String message) {
        this.message = message;
    }

    /** Qt's message for this error. */
    public String message() {
        return message;
    }
}
