package io.jsst.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link SocketImpl} of {@link JsstSocket}: a TCP-emulation {@link SctpSocket} behind the
 * {@code java.net.Socket} contract (blocking streams, {@code SO_TIMEOUT}, half-close).
 */
final class JsstSocketImpl extends SocketImpl {

    private SctpSocket socket;
    private InetSocketAddress localBinding;
    private int timeoutMillis;
    private final Map<Integer, Object> options = new HashMap<>();

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new SocketException("jsst sockets are stream sockets only");
        }
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        connect(new InetSocketAddress(host, port), 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect(new InetSocketAddress(address, port), 0);
    }

    @Override
    protected void connect(SocketAddress address, int timeout) throws IOException {
        if (!(address instanceof InetSocketAddress remote)) {
            throw new IllegalArgumentException("Unsupported address type");
        }
        if (remote.isUnresolved()) {
            throw new UnknownHostException(remote.getHostName());
        }
        SctpSocket s = new SctpSocket();
        s.setMaximumChannelCount(-1);
        s.setLocalBinding(localBinding);
        s.connectToHost(remote.getAddress(), remote.getPort());
        if (!s.waitForConnected(timeout > 0 ? Duration.ofMillis(timeout) : Duration.ofMillis(-1))) {
            s.abort();
            switch (s.error()) {
                case CONNECTION_REFUSED -> throw new ConnectException("Connection refused");
                case SOCKET_TIMEOUT -> throw new SocketTimeoutException("Connect timed out");
                case HOST_NOT_FOUND -> throw new UnknownHostException(remote.getHostString());
                default -> throw new ConnectException(s.errorString());
            }
        }
        adopt(s);
    }

    /** Takes over a connected socket (a connect, or an accept). */
    void adopt(SctpSocket s) {
        socket = s;
        InetSocketAddress peer = s.connectedAddress();
        address = peer.getAddress();
        port = peer.getPort();
        localport = s.boundAddress().getPort();
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        localBinding = new InetSocketAddress(host == null ? Wildcard.IPV4 : host, port);
        localport = port;
    }

    @Override
    protected void listen(int backlog) throws IOException {
        throw new SocketException("a client socket cannot listen");
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
        throw new SocketException("a client socket cannot accept");
    }

    private SctpSocket connected() throws IOException {
        if (socket == null) {
            throw new SocketException("Socket is not connected");
        }
        return socket;
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        // java.net.Socket wraps it so that closing it closes the socket.
        return ByteStreams.input(connected(), () -> timeoutMillis, false);
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        return ByteStreams.output(connected(), false);
    }

    @Override
    protected int available() throws IOException {
        return connected().available();
    }

    @Override
    protected void close() {
        if (socket == null) {
            return;
        }
        if (options.get(SocketOptions.SO_LINGER) instanceof Integer linger && linger == 0) {
            socket.abort();   // as TCP: SO_LINGER 0 resets the connection
        } else {
            socket.close();
        }
    }

    @Override
    protected void shutdownInput() throws IOException {
        connected().shutdownInput();
    }

    @Override
    protected void shutdownOutput() throws IOException {
        connected().shutdownOutput();
    }

    @Override
    protected boolean supportsUrgentData() {
        return false;
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
            case SocketOptions.TCP_NODELAY, SocketOptions.SO_KEEPALIVE, SocketOptions.SO_OOBINLINE,
                    SocketOptions.SO_REUSEADDR, SocketOptions.SO_LINGER, SocketOptions.SO_SNDBUF,
                    SocketOptions.SO_RCVBUF, SocketOptions.IP_TOS -> options.put(optID, value);
            default -> throw new SocketException("Option not supported: " + optID);
        }
    }

    @Override
    public Object getOption(int optID) throws SocketException {
        return switch (optID) {
            case SocketOptions.SO_TIMEOUT -> timeoutMillis;
            case SocketOptions.SO_BINDADDR -> socket != null ? socket.boundAddress().getAddress()
                    : localBinding != null ? localBinding.getAddress() : Wildcard.IPV4;
            case SocketOptions.TCP_NODELAY, SocketOptions.SO_KEEPALIVE, SocketOptions.SO_OOBINLINE,
                    SocketOptions.SO_REUSEADDR -> options.getOrDefault(optID, Boolean.FALSE);
            case SocketOptions.SO_LINGER -> options.getOrDefault(optID, Boolean.FALSE);
            case SocketOptions.SO_SNDBUF -> options.getOrDefault(optID, SctpSocket.WRITE_BUFFER_LIMIT);
            case SocketOptions.SO_RCVBUF -> options.getOrDefault(optID, SctpSocket.READ_BUFFER_LIMIT);
            case SocketOptions.IP_TOS -> options.getOrDefault(optID, 0);
            default -> throw new SocketException("Option not supported: " + optID);
        };
    }
}
