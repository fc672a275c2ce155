package io.jsst.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;

/**
 * A bound, non-blocking UDP socket as the event loop uses it. Implementations: {@link
 * NioDatagramIo} over {@link java.nio.channels.DatagramChannel}, one datagram per system call;
 * {@link NativeDatagramIo}, batched and offloaded through native-shim. {@link IoBackend} picks one.
 *
 * <p>The batch methods have default implementations that loop over the single-datagram ones, so
 * a backend without batching implements only those.
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

    /** The most datagrams one batch call moves in one system call: 1 without batching. */
    default int batchCapacity() {
        return 1;
    }

    /**
     * Sends slots {@code from} to {@code batch.size() - 1}, in order, each the bytes between its
     * buffer's position and limit, to its address, until the socket buffer fills. A datagram the
     * network stack refuses for itself (no route, too long for the don't-fragment bit) is dropped,
     * as the network would drop it, and counts as sent.
     *
     * @return how many slots, from {@code from} on, were sent; fewer than asked if the socket
     *     buffer filled (wait for writability, then send the rest)
     * @throws ClosedChannelException if the socket is closed
     * @throws IOException for an error of the socket itself
     */
    default int send(DatagramBatch batch, int from) throws IOException {
        int i = from;
        for (; i < batch.size(); i++) {
            try {
                if (!send(batch.buffer(i), batch.address(i))) {
                    break;
                }
            } catch (ClosedChannelException e) {
                throw e;
            } catch (IOException e) {
                System.getLogger(DatagramIo.class.getName()).log(System.Logger.Level.DEBUG,
                        "send to " + batch.address(i) + " from " + localAddress(), e);
            }
        }
        return i - from;
    }

    /**
     * Receives up to {@code batch.capacity()} waiting datagrams: the batch is emptied, then slot
     * {@code i} below the returned count holds data between position 0 and its limit, the sender
     * as its address, and its segment size (see {@link DatagramBatch}).
     *
     * @return the number of slots filled, 0 if nothing is waiting
     * @throws IOException for an error of the socket itself
     */
    default int receive(DatagramBatch batch) throws IOException {
        batch.clear();
        int n = 0;
        while (n < batch.capacity()) {
            ByteBuffer b = batch.buffer(n);
            b.clear();
            InetSocketAddress from = receive(b);
            if (from == null) {
                break;
            }
            b.flip();
            batch.set(n, from, 0);
            n++;
        }
        batch.setSize(n);
        return n;
    }
}
