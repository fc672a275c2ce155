package io.jsst.sctp;

import io.jsst.sctp.impl.SctpChannels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/**
 * A selectable channel that listens for associations and accepts each as an {@link SctpChannel}, the
 * server side of the one-to-one style of SCTP.
 *
 * <p>A channel is open and unbound when {@link #open()} returns; {@link #bind(SocketAddress, int)} makes
 * it listen, and {@link #accept()} takes the associations set up since. The stream counts accepted
 * associations ask for are set by {@link SctpStandardSocketOptions#SCTP_INIT_MAXSTREAMS}.
 *
 * <p>Comparison with {@code com.sun.nio.sctp.SctpServerChannel}: the same members, with the same
 * contracts; associations are carried over UDP by jsst, so only jsst peers connect.
 */
public abstract class SctpServerChannel extends AbstractSelectableChannel {
    /**
     * For implementations.
     *
     * @param provider the selector provider that created this channel
     */
    protected SctpServerChannel(SelectorProvider provider) {
        super(provider);
    }

    /**
     * Opens a server channel: open, unbound, in blocking mode.
     *
     * @return the new channel
     * @throws UnsupportedOperationException if SCTP is not supported
     * @throws IOException if an I/O error occurs
     */
    public static SctpServerChannel open() throws IOException {
        return SctpChannels.openServerChannel();
    }

    /**
     * Accepts an association. In blocking mode this blocks until one is set up; in non-blocking mode it
     * returns {@code null} when none is waiting. The channel returned is connected, has its
     * {@link SctpChannel#association()}, and is in blocking mode whatever the mode of this channel.
     *
     * @return the channel of the accepted association, or {@code null}
     * @throws java.nio.channels.NotYetBoundException if the channel is not bound
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws java.nio.channels.AsynchronousCloseException if another thread closes the channel while
     *         this one accepts
     * @throws java.nio.channels.ClosedByInterruptException if another thread interrupts this one while
     *         it accepts; the channel is closed and the thread's interrupt status set
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpChannel accept() throws IOException;

    /**
     * Binds the channel to a local address and listens, with the default backlog: the same as
     * {@code bind(local, 0)}.
     *
     * @param local the address to bind to, or {@code null} for an automatically chosen address and port
     * @return this channel
     * @throws java.nio.channels.AlreadyBoundException if the channel is bound already
     * @throws java.nio.channels.UnsupportedAddressTypeException if {@code local} is not an
     *         {@link java.net.InetSocketAddress}
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public final SctpServerChannel bind(SocketAddress local) throws IOException {
        return bind(local, 0);
    }

    /**
     * Binds the channel to a local address and listens.
     *
     * @param local the address to bind to, or {@code null} for an automatically chosen address and port
     * @param backlog how many associations may wait to be accepted; 0 or less for the default
     * @return this channel
     * @throws java.nio.channels.AlreadyBoundException if the channel is bound already
     * @throws java.nio.channels.UnsupportedAddressTypeException if {@code local} is not an
     *         {@link java.net.InetSocketAddress}
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract SctpServerChannel bind(SocketAddress local, int backlog) throws IOException;

    /**
     * Adds an address to those the channel is bound to, at the port it is bound to. Only associations
     * accepted afterwards use it.
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
    public abstract SctpServerChannel bindAddress(InetAddress address) throws IOException;

    /**
     * Removes an address from those the channel is bound to. Only associations accepted afterwards are
     * affected.
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
    public abstract SctpServerChannel unbindAddress(InetAddress address) throws IOException;

    /**
     * Returns the addresses the channel is bound to.
     *
     * @return the bound addresses; empty if the channel is not bound
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if an I/O error occurs
     */
    public abstract Set<SocketAddress> getAllLocalAddresses() throws IOException;

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
    public abstract <T> SctpServerChannel setOption(SctpSocketOption<T> name, T value) throws IOException;

    /**
     * Returns the socket options the channel supports. The set does not change, and it can be asked for
     * after the channel is closed.
     *
     * @return an unmodifiable set of the supported options
     */
    public abstract Set<SctpSocketOption<?>> supportedOptions();

    /**
     * Returns the operations this channel can be selected for: {@link SelectionKey#OP_ACCEPT}.
     *
     * @return the valid operations
     */
    @Override
    public final int validOps() {
        return SelectionKey.OP_ACCEPT;
    }
}
