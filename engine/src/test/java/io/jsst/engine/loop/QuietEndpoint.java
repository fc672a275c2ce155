package io.jsst.engine.loop;

import io.jsst.engine.host.DatagramEndpoint;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Test base: an endpoint with no timers that ignores unreachability and sends nothing unless told. */
abstract class QuietEndpoint implements DatagramEndpoint {

    @Override
    public void handleUnreachable(InetSocketAddress destination, long nowNanos) {
    }

    @Override
    public void handleTimeout(long nowNanos) {
    }

    @Override
    public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos) {
        return null;
    }

    @Override
    public long nextTimeoutNanos() {
        return Long.MAX_VALUE;
    }
}
