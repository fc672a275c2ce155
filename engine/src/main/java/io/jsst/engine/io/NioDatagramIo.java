package io.jsst.engine.io;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;

/**
 * A {@link DatagramIo} over one unconnected, non-blocking {@link DatagramChannel}.
 *
 * <pre>
 *   EventLoop --send(buf, to)--&gt;  DatagramChannel.send     (false: socket buffer full)
 *   EventLoop &lt;--receive(buf)---  DatagramChannel.receive  (null: nothing waiting)
 * </pre>
 *
 * <p>The socket asks for 4 MiB send and receive buffers (the kernel may grant less; see
 * {@code net.core.rmem_max}). The protocol family follows the bound address. An ICMP port
 * unreachable that Linux reports on the next {@code receive} is swallowed here: on an
 * unconnected socket it cannot be attributed to a peer; {@code HostDriver.probeReachability}
 * uses a connected side socket for that.
 *
 * <p>Not thread-safe: one event loop thread sends and receives.
 */
public final class NioDatagramIo implements DatagramIo {

    /** Requested size of SO_RCVBUF and SO_SNDBUF: 4 MiB. */
    public static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    /** Bound on consecutive swallowed ICMP errors in one {@link #receive} call. */
    private static final int MAX_SWALLOWED_ERRORS = 16;

    /**
     * {@code jdk.net.ExtendedSocketOptions.IP_DONTFRAGMENT} (JDK 19 and later), or {@code null}:
     * with it, a path-MTU probe larger than the path is lost rather than fragmented. Without it
     * (JDK 17, 18) Linux fragments locally a datagram larger than the route's MTU, and probing
     * may settle on a size that only arrives as fragments.
     */
    private static final SocketOption<Boolean> DONT_FRAGMENT = dontFragmentOption();

    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;

    private NioDatagramIo(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Opens a non-blocking UDP socket bound to {@code local} (port 0 picks a free port).
     *
     * @throws IOException if the socket cannot be opened or bound
     */
    public static NioDatagramIo bind(InetSocketAddress local) throws IOException {
        ProtocolFamily family = local.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel ch = DatagramChannel.open(family);
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            if (DONT_FRAGMENT != null && ch.supportedOptions().contains(DONT_FRAGMENT)) {
                ch.setOption(DONT_FRAGMENT, true);
            }
            ch.configureBlocking(false);
            ch.bind(local);
            return new NioDatagramIo(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static SocketOption<Boolean> dontFragmentOption() {
        try {
            Object option = Class.forName("jdk.net.ExtendedSocketOptions").getField("IP_DONTFRAGMENT").get(null);
            return (SocketOption<Boolean>) option;
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        int length = datagram.remaining();
        try {
            int sent = channel.send(datagram, to);
            return sent > 0 || length == 0;
        } catch (PortUnreachableException e) {
            // A pending ICMP error surfaced on send; the datagram was not sent. Report it as sent
            // (dropped), as the network would have: UDP gives no delivery guarantee.
            datagram.position(datagram.limit());
            return true;
        }
    }

    @Override
    public InetSocketAddress receive(ByteBuffer into) throws IOException {
        for (int i = 0; i < MAX_SWALLOWED_ERRORS; i++) {
            try {
                SocketAddress from = channel.receive(into);
                return (InetSocketAddress) from;
            } catch (PortUnreachableException e) {
                // ICMP error for an earlier send on this unconnected socket: try the next datagram.
            }
        }
        return null;
    }

    @Override
    public SelectableChannel selectableChannel() {
        return channel;
    }

    /** The receive buffer size the kernel granted (may be less than requested), for diagnostics. */
    public int receiveBufferBytes() throws IOException {
        return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
