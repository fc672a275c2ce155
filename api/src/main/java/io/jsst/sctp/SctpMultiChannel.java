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
 * A selectable channel for many SCTP associations at once, the one-to-many style of SCTP (like a UDP
 * socket, but with associations).
 *
 * <p>An association is set up implicitly: by the first {@link #send(ByteBuffer, MessageInfo)} to a peer
 * address that has none, or when a peer sets one up to this channel. Its
 * {@link AssociationChangeNotification.AssocChangeEvent#COMM_UP} notification arrives through
 * {@link #receive(ByteBuffer, Object, NotificationHandler)}, and from then on {@link #associations()}
 * lists it, until its {@code COMM_LOST} or {@code SHUTDOWN} notification has been received. If it cannot
 * be set up, a {@code CANT_START} notification is followed by a {@link SendFailedNotification} for each
 * message sent to it. {@link #branch(Association)} moves an association to an {@link SctpChannel} of
 * its own.
 *
 * <p>One thread may send while another receives. Only one thread at a time may send, and only one may
 * receive; a second one blocks until the first is done.
 *
 * <p>Comparison with {@code com.sun.nio.sctp.SctpMultiChannel}: the same members, with the same
 * contracts; associations are carried over UDP by jsst, so only jsst peers take part.
 */
public abstract class SctpMultiChannel extends AbstractSelectableChannel {
    /**
     * For implementations.
     *
     * @param provider the selector provider that created this channel
     */
    protected SctpMultiChannel(SelectorProvider provider) {
        super(provider);
    }

    /**
     * Opens a channel: open, unbound, in blocking mode.
     *
     * @return the new channel
     * @throws UnsupportedOperationException if SCTP is not supported
     * @throws IOException if an I/O error occurs
     */
    public static SctpMultiChannel open() throws IOException {
        return SctpChannels.openMultiChannel();
    }

    /**
     * Returns the associations of this channel: those whose {@code COMM_UP} notification has been received,
     * less those whose {@code COMM_LOST} or {@code SHUTDOWN} notification has been received, and less
     * those branched off.
     *
     * @return a set of the associations, not changed by later events
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws java.nio.channels.NotYetBoundException if the channel is not yet bound
     * @throws IOException if an I/O error occurs
     */
    public abstract Set<Association> associations() throws IOException;

    /**
     * Binds the channel to a local address and lets peers set up associations to it.
     *
     * @param local the address to bind to, or {@code null} for an automatically chosen address and port
     * @param backlog how many associations may wait to be set up; 0 or less for the default
     * @return this channel
     * @throws java.nio.channels.AlreadyBoundException if the channel is bound already
     * @throws java.nio.channels.UnsupportedAddressTypeException if {@code local} is not an
     *         {@link java.net.InetSocketAddress}
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpMultiChannel bind(SocketAddress local, int backlog) throws IOException;

    /**
     * Binds the channel to a local address with the default backlog: the same as {@code bind(local, 0)}.
     *
     * @param local the address to bind to, or {@code null} for an automatically chosen address and port
     * @return this channel
     * @throws java.nio.channels.AlreadyBoundException if the channel is bound already
     * @throws java.nio.channels.UnsupportedAddressTypeException if {@code local} is not an
     *         {@link java.net.InetSocketAddress}
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public final SctpMultiChannel bind(SocketAddress local) throws IOException {
        return bind(local, 0);
    }

    /**
     * Adds an address to those the channel is bound to, at the port it is bound to.
     *
     * @param address the address to add
     * @return this channel
     * @throws IllegalArgumentException if {@code address} is {@code null} or the wildcard address
     * @throws IllegalStateException if the channel is bound to the wildcard address
     * @throws java.nio.channels.AlreadyBoundException if the channel is bound to {@code address} already
     * @throws java.nio.channels.NotYetBoundException if the channel is not bound
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpMultiChannel bindAddress(InetAddress address) throws IOException;

    /**
     * Removes an address from those the channel is bound to.
     *
     * @param address the address to remove
     * @return this channel
     * @throws IllegalArgumentException if {@code address} is {@code null} or the wildcard address
     * @throws IllegalStateException if the channel is bound to the wildcard address
     * @throws IllegalUnbindException if the channel is not bound to {@code address}, or it is the only
     *         address the channel is bound to
     * @throws java.nio.channels.NotYetBoundException if the channel is not bound
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpMultiChannel unbindAddress(InetAddress address) throws IOException;

    /**
     * Returns the addresses the channel is bound to.
     *
     * @return the bound addresses; empty if the channel is not bound
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract Set<SocketAddress> getAllLocalAddresses() throws IOException;

    /**
     * Returns the addresses of an association's peer.
     *
     * @param association the association
     * @return the peer's addresses; empty if the association has been shut down
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract Set<SocketAddress> getRemoteAddresses(Association association) throws IOException;

    /**
     * Shuts one association down gracefully: data already sent is delivered, then the association ends.
     * The channel stays open.
     *
     * @param association the association to shut down
     * @return this channel
     * @throws java.nio.channels.NotYetBoundException if the channel is not bound
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpMultiChannel shutdown(Association association) throws IOException;

    /**
     * Returns the value of a socket option, of the channel or of one association.
     *
     * @param <T> the type of the option's value
     * @param name the option
     * @param association the association, or {@code null} for the channel; the options of one
     *        association ({@link SctpStandardSocketOptions#SCTP_PRIMARY_ADDR},
     *        {@link SctpStandardSocketOptions#SCTP_SET_PEER_PRIMARY_ADDR}) need one
     * @return the option's value, which may be {@code null}
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws UnsupportedOperationException if the channel does not support the option
     * @throws IllegalArgumentException if the option needs an association and {@code association} is
     *         {@code null}
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract <T> T getOption(SctpSocketOption<T> name, Association association) throws IOException;

    /**
     * Sets the value of a socket option, of the channel or of one association.
     *
     * @param <T> the type of the option's value
     * @param name the option
     * @param value the value
     * @param association the association, or {@code null} for the channel; the options of one
     *        association ({@link SctpStandardSocketOptions#SCTP_PRIMARY_ADDR},
     *        {@link SctpStandardSocketOptions#SCTP_SET_PEER_PRIMARY_ADDR}) need one
     * @return this channel
     * @throws NullPointerException if {@code name} is {@code null}
     * @throws UnsupportedOperationException if the channel does not support the option
     * @throws IllegalArgumentException if {@code value} is not a valid value of the option, or the option
     *         needs an association and {@code association} is {@code null}
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract <T> SctpMultiChannel setOption(SctpSocketOption<T> name, T value, Association association)
            throws IOException;

    /**
     * Returns the socket options the channel supports. The set does not change, and it can be asked for
     * after the channel is closed.
     *
     * @return an unmodifiable set of the supported options
     */
    public abstract Set<SctpSocketOption<?>> supportedOptions();

    /**
     * Returns the operations this channel can be selected for: {@link SelectionKey#OP_READ} and
     * {@link SelectionKey#OP_WRITE}.
     *
     * @return the valid operations
     */
    @Override
    public final int validOps() {
        return SelectionKey.OP_READ | SelectionKey.OP_WRITE;
    }

    /**
     * Receives a message, or part of one, from any association, handing the notifications that come first
     * to a handler.
     *
     * <p>The bytes are written at the buffer's position, which advances by their count; the returned
     * information names the association and the stream. If the message does not fit,
     * {@link MessageInfo#isComplete() isComplete()} is {@code false}, and later calls read the rest. Each
     * notification met before a message is given to {@code handler} (to the matching method of an
     * {@link AbstractNotificationHandler}); if it returns {@link HandlerResult#RETURN}, this returns
     * {@code null}; with {@link HandlerResult#CONTINUE}, or when {@code handler} is {@code null},
     * receiving goes on. In blocking mode this blocks until a message arrives or a handler returns
     * {@code RETURN}; in non-blocking mode it returns {@code null} when nothing is there.
     *
     * @param <T> the type of the attachment
     * @param dst the buffer to receive into
     * @param attachment an object passed to the handler, may be {@code null}
     * @param handler the handler of notifications, may be {@code null}
     * @return the information of the message received, or {@code null}
     * @throws IllegalArgumentException if {@code dst} is {@code null} or read-only
     * @throws IllegalReceiveException if called from a handler run by a {@code receive} of this channel
     * @throws java.nio.channels.NotYetBoundException if the channel is not bound
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
     * Sends the bytes remaining in a buffer as one message, to the association or the address that
     * {@code messageInfo} names, setting up an association if that address has none. An unbound channel
     * is bound to an automatically chosen address first.
     *
     * <p>Either all remaining bytes are sent, or, in non-blocking mode when there is no room for them,
     * none is, and this returns 0. The buffer's position advances by the count sent.
     *
     * @param src the message
     * @param messageInfo the association or peer address, the stream and the other values of the message
     * @return the number of bytes sent: all that remained, or 0
     * @throws IllegalArgumentException if {@code src} or {@code messageInfo} is {@code null}, or
     *         {@code messageInfo} names an association this channel does not hold, or a peer address that
     *         is not one of its association's
     * @throws InvalidStreamException if the association exists and the stream number is negative, or at
     *         or above its {@link Association#maxOutboundStreams()}
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws java.nio.channels.AsynchronousCloseException if another thread closes the channel while
     *         this one sends
     * @throws java.nio.channels.ClosedByInterruptException if another thread interrupts this one while
     *         it sends; the channel is closed and the thread's interrupt status set
     * @throws IOException if an I/O error occurs
     */
    public abstract int send(ByteBuffer src, MessageInfo messageInfo) throws IOException;

    /**
     * Moves an association to a channel of its own: the new {@link SctpChannel} is bound and connected,
     * receives what was queued for the association, and the association leaves this channel's
     * {@link #associations()}.
     *
     * @param association the association to branch off
     * @return the new channel
     * @throws java.nio.channels.NotYetBoundException if the channel is not bound
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpChannel branch(Association association) throws IOException;
}
