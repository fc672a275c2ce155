package io.jsst.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/**
 * A bound, non-blocking UDP socket as the event loop uses it. Implementations: {@link
 * NioDatagramIo} over {@link java.nio.channels.DatagramChannel}; later a native batched one.
 */
public interface DatagramIo extends Closeable {

    /** The bound local address. */
    InetSocketAddress localAddress();

    /**
     * Sends the bytes between the position and limit of {@code datagram} as one datagram.
     *
     * @return {@code true} if sent; {@code false} if the socket buffer is full (nothing sent)
     */
    boolean send(ByteBuffer datagram, InetSocketAddress to) throws IOException;

    /**
     * Receives one datagram into {@code into} (from its position), or returns {@code null} if none
     * is waiting.
     *
     * @return the sender's address, or {@code null}
     */
    InetSocketAddress receive(ByteBuffer into) throws IOException;

    /** The channel the event loop registers with its selector. */
    SelectableChannel selectableChannel();
}
