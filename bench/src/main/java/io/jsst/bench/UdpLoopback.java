package io.jsst.bench;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Raw UDP through blocking {@link DatagramChannel}s, no protocol at all: the floor any UDP
 * transport's round trip stands on, measured beside jsst and kernel TCP. Round trips only.
 */
final class UdpLoopback implements LoopbackTransport {
    private static final int MESSAGE = 64;
    private static final byte[] END = new byte[0];

    private final Duration timeout;
    private final List<DatagramChannel> open = new CopyOnWriteArrayList<>();

    UdpLoopback(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public BulkResult bulk(long bytes, Progress progress) {
        throw new UnsupportedOperationException("raw UDP is measured for round trips only");
    }

    @Override
    public RoundTrips roundTrips(int warmup, int rounds, Progress progress) throws Exception {
        try (DatagramChannel server = track(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
             DatagramChannel client = track(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)))) {
            SocketAddress serverAddress = server.getLocalAddress();
            CompletableFuture<Void> echo = JsstLoopback.onThread("udp-echo-server", progress, () -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(2048);
                while (true) {
                    buf.clear();
                    SocketAddress from = server.receive(buf);
                    buf.flip();
                    if (buf.remaining() == END.length) {
                        return;
                    }
                    server.send(buf, from);
                }
            });
            ByteBuffer request = ByteBuffer.allocateDirect(MESSAGE);
            ByteBuffer reply = ByteBuffer.allocateDirect(2048);
            long[] times = new long[rounds];
            for (int i = -warmup; i < rounds; i++) {
                request.clear();
                reply.clear();
                long t0 = System.nanoTime();
                client.send(request, serverAddress);
                client.receive(reply);
                long t1 = System.nanoTime();
                if (i >= 0) {
                    times[i] = t1 - t0;
                }
                progress.add(1);
            }
            client.send(ByteBuffer.wrap(END), serverAddress);
            echo.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return RoundTrips.of(times, "");
        }
    }

    private DatagramChannel track(DatagramChannel c) {
        open.add(c);
        return c;
    }

    @Override
    public void abort() {
        for (DatagramChannel c : open) {
            try {
                c.close();
            } catch (java.io.IOException e) {
                // closing to unblock a stalled step; nothing more to do
            }
        }
    }
}
