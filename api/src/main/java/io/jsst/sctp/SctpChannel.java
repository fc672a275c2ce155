package io.jsst.sctp;

import io.jsst.sctp.impl.SctpChannels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/**
 * A selectable channel for one SCTP association, the one-to-one style of SCTP (like a TCP socket, but
 * message oriented, with many streams).
 *
 * <p>A channel is open, unbound and unconnected when {@link #open()} returns. It is bound by
 * {@link #bind(SocketAddress)} or implicitly by {@code connect}; it is connected by {@code connect} (and
 * {@link #finishConnect()} in non-blocking mode), or it is connected already when
 * {@link SctpServerChannel#accept()} or {@link SctpMultiChannel#branch(Association)} returns it. A
 * connected channel has one {@link #association()}: messages are sent with
 * {@link #send(ByteBuffer, MessageInfo)} and received, with the association's notifications, by
 * {@link #receive(ByteBuffer, Object, NotificationHandler)}. A checked exception from {@code connect} or
 * {@code finishConnect} closes the channel.
 *
 * <p>One thread may send while another receives. Only one thread at a time may send, and only one
 * may receive; a second one blocks until the first is done. {@code connect} and {@code finishConnect}
 * exclude both.
 *
 * <p>The socket options are in {@link SctpStandardSocketOptions}; a channel supports all ten.
 *
 * <p>Comparison with {@code com.sun.nio.sctp.SctpChannel}: the same members, with the same contracts;
 * associations are carried over UDP by jsst instead of kernel SCTP, so {@link #open()} works wherever UDP
 * does, and only a jsst peer can connect.
 */
public abstract class SctpChannel extends AbstractSelectableChannel {
    /**
     * For implementations.
     *
     * @param provider the selector provider that created this channel
     */
    protected SctpChannel(SelectorProvider provider) {
        super(provider);
    }

    /**
     * Opens a channel: open, unbound, unconnected, in blocking mode.
     *
     * @return the new channel
     * @throws UnsupportedOperationException if SCTP is not supported
     * @throws IOException if an I/O error occurs
     */
    public static SctpChannel open() throws IOException {
        return SctpChannels.openChannel();
    }

    /**
     * Opens a channel and connects it: {@link #open()} then
     * {@link #connect(SocketAddress, int, int) connect(remote, maxOutStreams, maxInStreams)}. The channel is
     * in blocking mode, so this blocks until the association is set up or fails.
     *
     * @param remote the peer to connect to
     * @param maxOutStreams the number of outbound streams to ask for, 0 for the default
     * @param maxInStreams the number of inbound streams to ask for, 0 for the default
     * @return the new, connected channel
     * @throws IllegalArgumentException if a stream count is negative or greater than 65535
     * @throws java.nio.channels.UnresolvedAddressException if {@code remote} is not resolved
     * @throws java.nio.channels.UnsupportedAddressTypeException if {@code remote} is not an
     *         {@link java.net.InetSocketAddress}
     * @throws java.nio.channels.ClosedByInterruptException if the thread is interrupted while connecting
     * @throws UnsupportedOperationException if SCTP is not supported
     * @throws IOException if the connection fails, or another I/O error occurs; the channel is closed
     */
    public static SctpChannel open(SocketAddress remote, int maxOutStreams, int maxInStreams) throws IOException {
        SctpChannel channel = open();
        try {
            channel.connect(remote, maxOutStreams, maxInStreams);
        } catch (Throwable failure) {
            // A caller who gets an exception never gets the channel, so nobody else can close it.
            try {
                channel.close();
            } catch (IOException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
            throw failure;
        }
        return channel;
    }

    /**
     * Returns the channel's association.
     *
     * @return the association, or {@code null} if the channel is not connected
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract Association association() throws IOException;

    /**
     * Binds the channel to a local address and port.
     *
     * @param local the address to bind to, or {@code null} for an automatically chosen address and port
     * @return this channel
     * @throws java.nio.channels.AlreadyConnectedException if the channel is connected
     * @throws java.nio.channels.ConnectionPendingException if a non-blocking connect is in progress
     * @throws java.nio.channels.AlreadyBoundException if the channel is bound already
     * @throws java.nio.channels.UnsupportedAddressTypeException if {@code local} is not an
     *         {@link java.net.InetSocketAddress}
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpChannel bind(SocketAddress local) throws IOException;

    /**
     * Adds an address to those the channel is bound to, at the port it is bound to. On a connected
     * channel this tells the peer of the new address.
     *
     * @param address the address to add
     * @return this channel
     * @throws IllegalArgumentException if {@code address} is {@code null} or the wildcard address
     * @throws IllegalStateException if the channel is bound to the wildcard address
     * @throws java.nio.channels.AlreadyBoundException if the channel is bound to {@code address} already
     * @throws java.nio.channels.NotYetBoundException if the channel is not bound
     * @throws java.nio.channels.ConnectionPendingException if a non-blocking connect is in progress
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpChannel bindAddress(InetAddress address) throws IOException;

    /**
     * Removes an address from those the channel is bound to. On a connected channel this tells the peer.
     *
     * @param address the address to remove
     * @return this channel
     * @throws IllegalArgumentException if {@code address} is {@code null} or the wildcard address
     * @throws IllegalStateException if the channel is bound to the wildcard address
     * @throws IllegalUnbindException if the channel is not bound to {@code address}, or it is the only
     *         address the channel is bound to
     * @throws java.nio.channels.NotYetBoundException if the channel is not bound
     * @throws java.nio.channels.ConnectionPendingException if a non-blocking connect is in progress
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpChannel unbindAddress(InetAddress address) throws IOException;

    /**
     * Connects the channel to a peer, binding it first if it is not bound.
     *
     * <p>In blocking mode this returns {@code true} once the association is set up, or throws. In
     * non-blocking mode it returns {@code true} only if the association was set up at once; otherwise it
     * returns {@code false}, and {@link #finishConnect()} completes the connection when the channel is
     * ready for {@link SelectionKey#OP_CONNECT}. When this returns {@code true}, {@link #association()}
     * already gives the negotiated stream counts, and the first {@code receive} delivers the
     * {@link AssociationChangeNotification.AssocChangeEvent#COMM_UP} notification.
     *
     * @param remote the peer to connect to
     * @return {@code true} if the channel is connected, {@code false} if the connection is pending
     * @throws java.nio.channels.AlreadyConnectedException if the channel is connected already
     * @throws java.nio.channels.ConnectionPendingException if a non-blocking connect is in progress
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws java.nio.channels.AsynchronousCloseException if another thread closes the channel while
     *         this one connects
     * @throws java.nio.channels.ClosedByInterruptException if another thread interrupts this one while
     *         it connects; the channel is closed and the thread's interrupt status set
     * @throws java.nio.channels.UnresolvedAddressException if {@code remote} is not resolved
     * @throws java.nio.channels.UnsupportedAddressTypeException if {@code remote} is not an
     *         {@link java.net.InetSocketAddress}
     * @throws IOException if the connection fails or another I/O error occurs; the channel is closed
     */
    public abstract boolean connect(SocketAddress remote) throws IOException;

    /**
     * Connects the channel to a peer asking for the given stream counts: sets
     * {@link SctpStandardSocketOptions#SCTP_INIT_MAXSTREAMS} to
     * {@code InitMaxStreams.create(maxInStreams, maxOutStreams)}, then acts as
     * {@link #connect(SocketAddress)}.
     *
     * @param remote the peer to connect to
     * @param maxOutStreams the number of outbound streams to ask for, 0 for the default
     * @param maxInStreams the number of inbound streams to ask for, 0 for the default
     * @return {@code true} if the channel is connected, {@code false} if the connection is pending
     * @throws IllegalArgumentException if a stream count is negative or greater than 65535
     * @throws java.nio.channels.AlreadyConnectedException if the channel is connected already
     * @throws java.nio.channels.ConnectionPendingException if a non-blocking connect is in progress
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws java.nio.channels.AsynchronousCloseException if another thread closes the channel while
     *         this one connects
     * @throws java.nio.channels.ClosedByInterruptException if another thread interrupts this one while
     *         it connects; the channel is closed and the thread's interrupt status set
     * @throws java.nio.channels.UnresolvedAddressException if {@code remote} is not resolved
     * @throws java.nio.channels.UnsupportedAddressTypeException if {@code remote} is not an
     *         {@link java.net.InetSocketAddress}
     * @throws IOException if the connection fails or another I/O error occurs; the channel is closed
     */
    public abstract boolean connect(SocketAddress remote, int maxOutStreams, int maxInStreams) throws IOException;

    /**
     * Tells whether a non-blocking connect is in progress: {@code connect} returned {@code false} and
     * {@link #finishConnect()} has not yet completed it.
     *
     * @return {@code true} if a connection is pending
     */
    public abstract boolean isConnectionPending();

    /**
     * Completes a pending connection. In non-blocking mode it returns {@code false} at once if the
     * association is not set up yet; in blocking mode it blocks until it is set up or fails.
     *
     * @return {@code true} if the channel is connected (also if it was connected already)
     * @throws java.nio.channels.NoConnectionPendingException if the channel is neither connected nor
     *         connecting
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws java.nio.channels.AsynchronousCloseException if another thread closes the channel while
     *         this one waits
     * @throws java.nio.channels.ClosedByInterruptException if another thread interrupts this one while
     *         it waits; the channel is closed and the thread's interrupt status set
     * @throws IOException if the connection fails or another I/O error occurs; the channel is closed
     */
    public abstract boolean finishConnect() throws IOException;

    /**
     * Returns the addresses the channel is bound to.
     *
     * @return the bound addresses; empty if the channel is not bound
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract Set<SocketAddress> getAllLocalAddresses() throws IOException;

    /**
     * Returns the peer's addresses.
     *
     * @return the peer's addresses; empty if the channel is not connected, or after {@link #shutdown()}
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract Set<SocketAddress> getRemoteAddresses() throws IOException;

    /**
     * Shuts the association down gracefully: data already sent is delivered, then the association ends.
     * The channel stays open, so what the peer sent before it saw the shutdown can still be received;
     * a later {@code send} throws {@link java.nio.channels.ClosedChannelException}. A second call does
     * nothing.
     *
     * @return this channel
     * @throws java.nio.channels.NotYetConnectedException if the channel is not connected
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpChannel shutdown() throws IOException;

    /**
     * Returns the value of a socket option.
     *
     * @param <T> the type of the option's value
     * @param name the option
     * @return the option's value, which may be {@code null}
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws UnsupportedOperationException if the channel does not support the option
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract <T> T getOption(SctpSocketOption<T> name) throws IOException;

    /**
     * Sets the value of a socket option.
     *
     * @param <T> the type of the option's value
     * @param name the option
     * @param value the value
     * @return this channel
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws UnsupportedOperationException if the channel does not support the option
     * @throws IllegalArgumentException if {@code value} is not a valid value of the option
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract <T> SctpChannel setOption(SctpSocketOption<T> name, T value) throws IOException;

    /**
     * Returns the socket options the channel supports. The set does not change, and it can be asked for
     * after the channel is closed.
     *
     * @return an unmodifiable set of the supported options
     */
    public abstract Set<SctpSocketOption<?>> supportedOptions();

    /**
     * Returns the operations this channel can be selected for: {@link SelectionKey#OP_READ},
     * {@link SelectionKey#OP_WRITE} and {@link SelectionKey#OP_CONNECT}.
     *
     * @return the valid operations
     */
    @Override
    public final int validOps() {
        return SelectionKey.OP_READ | SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
    }

    /**
     * Receives a message, or part of one, into a buffer, handing the notifications that come first to a
     * handler.
     *
     * <p>The bytes are written at the buffer's position, which advances by their count. If the message
     * does not fit, the returned information says {@link MessageInfo#isComplete() isComplete()}
     * {@code false}, and later calls read the rest. Each notification met before a message is given to
     * {@code handler} (to the matching method of an {@link AbstractNotificationHandler}); if it returns
     * {@link HandlerResult#RETURN}, this returns {@code null}; with {@link HandlerResult#CONTINUE}, or
     * when {@code handler} is {@code null}, receiving goes on. In blocking mode this blocks until a
     * message arrives or a handler returns {@code RETURN}; in non-blocking mode it returns {@code null}
     * when nothing is there. When the peer has shut the association down and everything has been
     * read, it returns information whose {@link MessageInfo#bytes() bytes()} is -1.
     *
     * @param <T> the type of the attachment
     * @param dst the buffer to receive into
     * @param attachment an object passed to the handler, may be {@code null}
     * @param handler the handler of notifications, may be {@code null}
     * @return the information of the message received, or {@code null}
     * @throws IllegalArgumentException if {@code dst} is {@code null} or read-only
     * @throws IllegalReceiveException if called from a handler run by a {@code receive} of this channel
     * @throws java.nio.channels.NotYetConnectedException if the channel is not connected
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws java.nio.channels.AsynchronousCloseException if another thread closes the channel while
     *         this one receives
     * @throws java.nio.channels.ClosedByInterruptException if another thread interrupts this one while
     *         it receives; the channel is closed and the thread's interrupt status set
     * @throws IOException if an I/O error occurs
     */
    public abstract <T> MessageInfo receive(ByteBuffer dst, T attachment, NotificationHandler<T> handler)
            throws IOException;

    /**
     * Sends the bytes remaining in a buffer as one message, on the stream and with the values that
     * {@code messageInfo} gives.
     *
     * <p>Either all remaining bytes are sent, or, in non-blocking mode when there is no room for them,
     * none is, and this returns 0. The buffer's position advances by the count sent.
     *
     * @param src the message
     * @param messageInfo the stream and the other values of the message
     * @return the number of bytes sent: all that remained, or 0
     * @throws IllegalArgumentException if {@code src} or {@code messageInfo} is {@code null}, or
     *         {@code messageInfo} names another association
     * @throws InvalidStreamException if the stream number is negative, or at or above the
     *         association's {@link Association#maxOutboundStreams()}
     * @throws java.nio.channels.NotYetConnectedException if the channel is not connected
     * @throws java.nio.channels.ClosedChannelException if the channel is closed, or after
     *         {@link #shutdown()}
     * @throws java.nio.channels.AsynchronousCloseException if another thread closes the channel while
     *         this one sends
     * @throws java.nio.channels.ClosedByInterruptException if another thread interrupts this one while
     *         it sends; the channel is closed and the thread's interrupt status set
     * @throws IOException if an I/O error occurs
     */
    public abstract int send(ByteBuffer src, MessageInfo messageInfo) throws IOException;
}
