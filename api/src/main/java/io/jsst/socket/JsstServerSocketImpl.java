package io.jsst.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The {@link SocketImpl} of {@link JsstServerSocket}: a TCP-emulation {@link SctpServer}. */
final class JsstServerSocketImpl extends SocketImpl {

    /** How long one wait of an unbounded accept lasts before it checks whether the server closed. */
    private static final Duration ACCEPT_SLICE = Duration.ofSeconds(1);

    private final SctpServer server = new SctpServer();
    private volatile boolean closed;
    private int timeoutMillis;
    private final Map<Integer, Object> options = new HashMap<>();

    JsstServerSocketImpl() {
        server.setMaximumChannelCount(-1);
    }

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new SocketException("jsst server sockets are stream sockets only");
        }
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        InetAddress at = host == null ? Wildcard.IPV4 : host;
        if (!server.listen(at, port)) {
            if (server.serverError() == SocketError.ADDRESS_IN_USE) {
                throw new BindException("Address already in use");
            }
            throw new SocketException(server.errorString());
        }
        address = at;
        localport = server.serverPort();
    }

    @Override
    protected void listen(int backlog) {
        // The server listens from bind on; the backlog of jsst's server is fixed.
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : Long.MAX_VALUE;
        while (true) {
            if (closed) {
                throw new SocketException("Socket closed");
            }
            SctpSocket next = server.nextPendingConnection();
            if (next != null) {
                ((JsstSocketImpl) s).adopt(next);
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("Accept timed out");
            }
            server.waitForNewConnection(Duration.ofNanos(Math.min(left, ACCEPT_SLICE.toNanos())));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("accept interrupted");
            }
        }
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        throw new SocketException("a server socket cannot connect");
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        throw new SocketException("a server socket cannot connect");
    }

    @Override
    protected void connect(SocketAddress address, int timeout) throws IOException {
        throw new SocketException("a server socket cannot connect");
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        throw new SocketException("a server socket has no streams");
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        throw new SocketException("a server socket has no streams");
    }

    @Override
    protected int available() {
        return 0;
    }

    @Override
    protected void close() {
        closed = true;
        server.close();
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new SocketException("Urgent data not supported");
    }

    @Override
    public void setOption(int optID, Object value) throws SocketException {
        switch (optID) {
            case SocketOptions.SO_TIMEOUT -> {
                if (!(value instanceof Integer t) || t < 0) {
                    throw new SocketException("Bad value for SO_TIMEOUT: " + value);
                }
                timeoutMillis = t;
            }
            case SocketOptions.SO_REUSEADDR, SocketOptions.SO_RCVBUF -> options.put(optID, value);
            default -> throw new SocketException("Option not supported: " + optID);
        }
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        return switch (optID) {
            case SocketOptions.SO_TIMEOUT -> timeoutMillis;
            case SocketOptions.SO_BINDADDR -> address != null ? address : Wildcard.IPV4;
            case SocketOptions.SO_REUSEADDR -> options.getOrDefault(optID, Boolean.TRUE);
            case SocketOptions.SO_RCVBUF -> options.getOrDefault(optID, SctpSocket.READ_BUFFER_LIMIT);
            default -> throw new SocketException("Option not supported: " + optID);
        };
    }
}
