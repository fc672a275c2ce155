package io.jsst.socket;

/**
 * What an {@link SctpServer} reports, after Qt's {@code QTcpServer} signals. Every method does
 * nothing by default. Registered with {@link SctpServer#addListener(SctpServerListener,
 * java.util.concurrent.Executor)} and called on that executor.
 */
public interface SctpServerListener {

    /** A new connection came in (it is pending, unless {@link SctpServer#incomingConnection} took it). */
    default void newConnection() {
    }

    /** Accepting a connection failed with {@code error}. */
    default void acceptError(SocketError error) {
    }
}
