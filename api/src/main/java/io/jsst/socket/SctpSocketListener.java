package io.jsst.socket;

/**
 * What an {@link SctpSocket} reports, after Qt's {@code QAbstractSocket} and {@code QIODevice}
 * signals. Every method does nothing by default; override the ones you need. Registered with
 * {@link SctpSocket#addListener(SctpSocketListener, java.util.concurrent.Executor)}, and called on
 * that executor, in the order the events happened.
 */
public interface SctpSocketListener {

    /** The association is established (state {@link SocketState#CONNECTED}). */
    default void connected() {
    }

    /** The socket left {@link SocketState#CONNECTED} or {@link SocketState#CLOSING} for {@link SocketState#UNCONNECTED}. */
    default void disconnected() {
    }

    /** The state changed to {@code state}. */
    default void stateChanged(SocketState state) {
    }

    /** An error occurred; {@link SctpSocket#error()} and {@link SctpSocket#errorString()} tell it. */
    default void errorOccurred(SocketError error) {
    }

    /** New data arrived on the current read channel (only that channel: see {@link #channelReadyRead}). */
    default void readyRead() {
    }

    /** New data arrived on {@code channel}, whichever channel is current. */
    default void channelReadyRead(int channel) {
    }

    /** {@code bytes} of data queued on the current write channel were handed to the transport. */
    default void bytesWritten(long bytes) {
    }

    /** {@code bytes} of data queued on {@code channel} were handed to the transport. */
    default void channelBytesWritten(int channel, long bytes) {
    }
}
