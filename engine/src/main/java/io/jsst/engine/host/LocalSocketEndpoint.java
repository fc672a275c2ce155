package io.jsst.engine.host;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One of the UDP sockets of a host bound to several addresses, as its driver sees it: datagrams
 * that arrive here are marked with this socket's address, and only what must leave from this
 * socket is polled here. All sockets of a host share its one {@link HostEngine}, on one driver
 * thread.
 */
public final class LocalSocketEndpoint implements DatagramEndpoint {
    private final HostEngine engine;
    private final InetSocketAddress local;

    public LocalSocketEndpoint(HostEngine engine, InetSocketAddress local) {
        this.engine = engine;
        this.local = local;
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
        engine.handleDatagram(datagram, from, local, nowNanos);
    }

    @Override
    public void handleUnreachable(InetSocketAddress destination, long nowNanos) {
        engine.handleUnreachable(destination, nowNanos);
    }

    @Override
    public void handleTimeout(long nowNanos) {
        engine.handleTimeout(nowNanos);
    }

    @Override
    public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos) {
        return engine.pollTransmit(out, nowNanos, local);
    }

    @Override
    public long nextTimeoutNanos() {
        return engine.nextTimeoutNanos();
    }
}
