package io.jsst.engine.loop;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/** Test fake: sends every datagram it receives back to its sender. */
final class EchoEndpoint extends QuietEndpoint {

    final AtomicInteger received = new AtomicInteger();
    private final ArrayDeque<byte[]> payloads = new ArrayDeque<>();
    private final ArrayDeque<InetSocketAddress> senders = new ArrayDeque<>();

    @Override
    public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(copy);
        payloads.add(copy);
        senders.add(from);
        received.incrementAndGet();
    }

    @Override
    public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos) {
        byte[] next = payloads.poll();
        if (next == null) {
            return null;
        }
        out.put(next).flip();
        return senders.poll();
    }
}
