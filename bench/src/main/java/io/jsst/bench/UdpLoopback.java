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
 * Raw UDP through blocking {@link DatagramChannel}s, one datagram per system call, no protocol at
 * all: the floor any UDP transport stands on. Round trips (64-byte echo) and a one-way blast of
 * datagrams of one size, counted at the receiver (no retransmission: what the sender's socket or
 * the receiver's buffer drops is simply not counted).
 */
final class UdpLoopback implements LoopbackTransport {
    private static final int MESSAGE = 64;
    private static final byte[] END = new byte[0];

    private final Duration timeout;
    private final List<DatagramChannel> open = new CopyOnWriteArrayList<>();

    /** The receive buffer the blast's receiver asks for; jsst asks for the same. */
    private static final int RECEIVE_BUFFER = 4 << 20;

    UdpLoopback(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "raw UDP";
    }

    @Override
    public BulkResult bulk(long bytes, Progress progress) {
        throw new UnsupportedOperationException("raw UDP has no stream: see blast");
    }

    @Override
    public PacketRate smallPackets(long bytes, Progress progress) throws Exception {
        return blast(1200, bytes, progress);
    }

    /**
     * Sends {@code bytes} in datagrams of {@code size} bytes as fast as one thread can, and counts
     * at the receiver what arrived, from its first datagram to its last.
     */
    PacketRate blast(int size, long bytes, Progress progress) throws Exception {
        try (DatagramChannel receiver = track(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
             DatagramChannel sender = track(DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)))) {
            receiver.setOption(java.net.StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
            sender.setOption(java.net.StandardSocketOptions.SO_SNDBUF, RECEIVE_BUFFER);
            SocketAddress to = receiver.getLocalAddress();
            long[] counted = new long[3]; // packets, bytes, nanos from first to last
            CompletableFuture<Void> sink = JsstLoopback.onThread("udp-blast-receiver", progress, () -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
                long first = 0;
                long last = 0;
                while (true) {
                    buf.clear();
                    receiver.receive(buf);
                    int n = buf.position();
                    if (n == 1) {
                        break;
                    }
                    last = System.nanoTime();
                    if (counted[0] == 0) {
                        first = last;
                    }
                    counted[0]++;
                    counted[1] += n;
                    progress.add(n);
                }
                counted[2] = last - first;
            });
            ByteBuffer datagram = ByteBuffer.allocateDirect(size);
            long packets = Math.max(2, bytes / size);
            for (long i = 0; i < packets; i++) {
                datagram.clear();
                sender.send(datagram, to);
            }
            long giveUp = System.nanoTime() + timeout.toNanos();
            while (!sink.isDone() && System.nanoTime() < giveUp) {
                sender.send(ByteBuffer.wrap(new byte[1]), to); // the end mark, until it gets through
                try {
                    sink.get(10, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // send the mark again
                }
            }
            sink.get(1, TimeUnit.MILLISECONDS);
            return new PacketRate(counted[0], counted[1], Math.max(1, counted[2]), String.format(java.util.Locale.ROOT,
                    "%d B datagrams: %d of %d arrived", size, counted[0], packets));
        }
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
