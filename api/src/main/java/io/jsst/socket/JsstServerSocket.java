package io.jsst.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;

/**
 * A {@link java.net.ServerSocket} over jsst: an {@link SctpServer} in TCP emulation, so a server
 * written for {@code java.net.ServerSocket} runs unchanged but for the line that creates it.
 * {@link #accept()} returns {@link JsstSocket}s; it blocks until a client connects, or throws
 * {@link java.net.SocketTimeoutException} "Accept timed out" after {@link #setSoTimeout(int)}
 * milliseconds, or {@link java.net.SocketException} "Socket closed" once the server socket is
 * closed (also when closed by another thread while accepting). Closing it leaves accepted sockets
 * working. The backlog argument is accepted and ignored (the server keeps its own, see
 * {@link SctpServer}).
 */
public class JsstServerSocket extends ServerSocket {

    /**
     * An unbound server socket; {@link #bind(java.net.SocketAddress)} it.
     *
     * @throws IOException never in practice ({@code java.net.ServerSocket}'s constructor declares it)
     */
    public JsstServerSocket() throws IOException {
        super(new JsstServerSocketImpl());
    }

    /**
     * A server socket listening on every address at {@code port} (0: a free port).
     *
     * @throws java.net.BindException if the port is taken
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     */
    public JsstServerSocket(int port) throws IOException {
        this(port, 50, null);
    }

    /** As {@link #JsstServerSocket(int)}; {@code backlog} is ignored. */
    public JsstServerSocket(int port, int backlog) throws IOException {
        this(port, backlog, null);
    }

    /**
     * A server socket listening on {@code bindAddr} (null: every address) at {@code port}.
     *
     * @throws java.net.BindException if the port is taken
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     */
    public JsstServerSocket(int port, int backlog, InetAddress bindAddr) throws IOException {
        this();
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("Port value out of range: " + port);
        }
        try {
            bind(new InetSocketAddress(bindAddr, port), backlog);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Waits for a client and returns its connected socket.
     *
     * @throws SocketException "Socket is closed" or "Socket is not bound yet"
     * @throws java.net.SocketTimeoutException if {@code SO_TIMEOUT} passes first
     * @throws IOException if the wait fails
     */
    @Override
    public JsstSocket accept() throws IOException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        if (!isBound()) {
            throw new SocketException("Socket is not bound yet");
        }
        JsstSocket s = new JsstSocket();
        implAccept(s);
        return s;
    }
}
