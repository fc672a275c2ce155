package io.jsst.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * A {@link java.net.Socket} over jsst: a client socket in TCP emulation (one continuous byte stream
 * over an association on UDP), so code written for {@code java.net.Socket} runs unchanged but for the
 * line that creates the socket. It talks to a {@link JsstServerSocket}, or to any jsst socket in
 * TCP emulation or datagram mode (each {@code write} of this socket is then one datagram).
 *
 * <p>Everything {@code java.net.Socket} documents holds: {@code connect} blocks until connected or
 * fails with {@link java.net.ConnectException} "Connection refused" when nothing listens there, or
 * {@link java.net.SocketTimeoutException} "Connect timed out"; the input stream blocks until data
 * arrives, returns -1 once the peer shut its output down ({@link #shutdownOutput()}: TCP's
 * half-close) or closed, and throws {@link java.net.SocketTimeoutException} "Read timed out" after
 * {@link #setSoTimeout(int)} milliseconds (the socket stays usable) and
 * {@link java.net.SocketException} "Connection reset" if the peer aborted; the output stream blocks
 * while {@value SctpSocket#WRITE_BUFFER_LIMIT} bytes are queued and throws
 * {@link java.net.SocketException} once the socket is closed or its output shut down.
 * {@link #close()} returns at once; what was written is still delivered (as TCP's close without
 * SO_LINGER).
 *
 * <p>Options: {@code SO_TIMEOUT} is honoured; {@code TCP_NODELAY}, {@code SO_KEEPALIVE},
 * buffer sizes and the rest are stored and reported but change nothing; {@code SO_LINGER} 0 makes
 * {@link #close()} abort the association (the peer reads "Connection reset"), as it resets a TCP connection.
 * Urgent data is not supported.
 */
public class JsstSocket extends Socket {

    /**
     * An unconnected socket.
     *
     * @throws SocketException never in practice ({@code java.net.Socket(SocketImpl)} declares it)
     */
    public JsstSocket() throws SocketException {
        super(new JsstSocketImpl());
    }

    /**
     * A socket connected to {@code host} (null: the loopback address) at {@code port}.
     *
     * @throws UnknownHostException if the host cannot be resolved
     * @throws IOException if the connection fails (see the class description)
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     */
    public JsstSocket(String host, int port) throws IOException {
        this(resolve(host, port), null);
    }

    /**
     * A socket connected to {@code address} at {@code port}.
     *
     * @throws IOException if the connection fails
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     * @throws NullPointerException if {@code address} is null
     */
    public JsstSocket(InetAddress address, int port) throws IOException {
        this(new InetSocketAddress(java.util.Objects.requireNonNull(address, "address"), port), null);
    }

    /**
     * A socket bound to {@code localAddr} and {@code localPort}, connected to {@code host} at {@code port}.
     *
     * @throws IOException if binding or connecting fails
     */
    public JsstSocket(String host, int port, InetAddress localAddr, int localPort) throws IOException {
        this(resolve(host, port), new InetSocketAddress(localAddr, localPort));
    }

    /**
     * A socket bound to {@code localAddr} and {@code localPort}, connected to {@code address} at {@code port}.
     *
     * @throws IOException if binding or connecting fails
     */
    public JsstSocket(InetAddress address, int port, InetAddress localAddr, int localPort) throws IOException {
        this(new InetSocketAddress(java.util.Objects.requireNonNull(address, "address"), port),
                new InetSocketAddress(localAddr, localPort));
    }

    private JsstSocket(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        this();
        try {
            if (local != null) {
                bind(local);
            }
            connect(remote);
        } catch (IOException | RuntimeException e) {
            try {
                close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static InetSocketAddress resolve(String host, int port) throws UnknownHostException {
        if (host == null) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }
}
