package io.jsst.bench;

import io.jsst.engine.Host;
import io.jsst.engine.HostConfig;
import io.jsst.engine.Stream;
import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.crypto.CipherSuite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * jsst over real UDP on 127.0.0.1: two {@link Host}s (each with its own event-loop thread), one
 * stream. Bulk uses {@link Stream#write} with 64 KiB buffers; round trips use {@link
 * Stream#writeMessage} and {@link Stream#readMessage}.
 */
final class JsstLoopback implements LoopbackTransport {
    private static final int CHUNK = 64 * 1024;
    private static final int MESSAGE = 64;

    private final CipherSuite cipherSuite;
    private final Duration readTimeout;
    private final List<Host> open = new CopyOnWriteArrayList<>();
    private volatile Host lastClient;

    JsstLoopback(CipherSuite cipherSuite, Duration readTimeout) {
        this.cipherSuite = cipherSuite;
        this.readTimeout = readTimeout;
    }

    @Override
    public BulkResult bulk(long bytes, Progress progress) throws Exception {
        Host server = bind();
        Host client = bind();
        lastClient = client;
        try {
            CompletableFuture<Void> serverSide = onThread("jsst-bulk-server", progress, () -> {
                Stream s = server.accept(readTimeout);
                ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                long received = 0;
                while (received < bytes) {
                    buf.clear();
                    int n = s.read(buf, readTimeout);
                    if (n < 0) {
                        throw new IOException("stream ended after " + received + " of " + bytes + " bytes");
                    }
                    received += n;
                    progress.add(n);
                }
                s.writeMessage(new byte[] {1});
                buf.clear();
                s.read(buf, readTimeout); // the end of the stream
                s.close();
            });
            Stream s = client.connect(server.localAddress(), server.eid());
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
            long start = System.nanoTime();
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                chunk.clear().limit((int) Math.min(CHUNK, bytes - sent));
                s.write(chunk);
            }
            byte[] receipt = s.readMessage(readTimeout);
            long nanos = System.nanoTime() - start;
            if (receipt == null) {
                throw new IOException("no receipt from the server");
            }
            String notes = describe(s.stats());
            s.close();
            serverSide.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return new BulkResult(bytes, nanos, notes);
        } finally {
            close(client);
            close(server);
        }
    }

    @Override
    public RoundTrips roundTrips(int warmup, int rounds, Progress progress) throws Exception {
        Host server = bind();
        Host client = bind();
        lastClient = client;
        try {
            CompletableFuture<Void> serverSide = onThread("jsst-echo-server", progress, () -> {
                Stream s = server.accept(readTimeout);
                byte[] m;
                while ((m = s.readMessage(readTimeout)) != null) {
                    s.writeMessage(m);
                }
                s.close();
            });
            Stream s = client.connect(server.localAddress(), server.eid());
            byte[] request = new byte[MESSAGE];
            long[] times = new long[rounds];
            for (int i = -warmup; i < rounds; i++) {
                long t0 = System.nanoTime();
                s.writeMessage(request);
                byte[] reply = s.readMessage(readTimeout);
                long t1 = System.nanoTime();
                if (reply == null || reply.length != MESSAGE) {
                    throw new IOException("round trip " + i + ": bad reply " + (reply == null ? "null" : reply.length));
                }
                if (i >= 0) {
                    times[i] = t1 - t0;
                }
                progress.add(1);
            }
            String notes = describe(s.stats());
            s.close();
            serverSide.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return RoundTrips.of(times, notes);
        } finally {
            close(client);
            close(server);
        }
    }

    /** A substream per exchange, on one connection: open, 64-byte message, echo, end. */
    @Override
    public double exchangesPerSecond(int warmup, int count, Progress progress) throws Exception {
        Host server = bind();
        Host client = bind();
        lastClient = client;
        try {
            CompletableFuture<Stream> accepted = server.acceptAsync();
            Stream s = client.connect(server.localAddress(), server.eid());
            Stream top = accepted.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            // The echo runs on the server's loop: each substream's message comes back on it.
            top.setSubstreamListener(sub -> sub.readMessageAsync().thenAccept(m -> {
                if (m != null) {
                    sub.writeMessageAsync(ByteBuffer.wrap(m)).thenRun(sub::shutdownOutput);
                }
            }));
            byte[] request = new byte[MESSAGE];
            long start = 0;
            for (int i = -warmup; i < count; i++) {
                if (i == 0) {
                    start = System.nanoTime();
                }
                Stream sub = s.openSubstream();
                sub.writeMessage(request);
                sub.shutdownOutput();
                byte[] reply = sub.readMessage(readTimeout);
                if (reply == null || reply.length != MESSAGE) {
                    throw new IOException("exchange " + i + ": bad reply " + (reply == null ? "null" : reply.length));
                }
                progress.add(1);
            }
            double perSecond = count / ((System.nanoTime() - start) / 1e9);
            s.close();
            return perSecond;
        } finally {
            close(client);
            close(server);
        }
    }

    /**
     * The client channels' statistics, if the loop answers within a second (null otherwise); for
     * the stall report.
     */
    String clientStatsOrNull() {
        Host c = lastClient;
        if (c == null) {
            return null;
        }
        try {
            List<ChannelStats> stats = CompletableFuture.supplyAsync(c::channelStats).get(1, TimeUnit.SECONDS);
            return stats.isEmpty() ? "no live channel" : describe(stats.get(0)) + ", in flight "
                    + stats.get(0).bytesInFlight() + " B, drops " + stats.get(0).drops();
        } catch (Exception e) {
            return "the client's event loop did not answer within 1 s (" + e + ")";
        }
    }

    @Override
    public void abort() {
        for (Host h : open) {
            close(h);
        }
    }

    static String describe(ChannelStats s) {
        return String.format(Locale.ROOT,
                "srtt %.2f ms, min rtt %.2f ms, cwnd %d KiB, %d packets sent, %d lost, %d retransmitted, "
                        + "datagram %d B",
                s.smoothedRttNanos() / 1e6, s.minRttNanos() / 1e6, s.congestionWindow() / 1024, s.packetsSent(),
                s.packetsLost(), s.packetsRetransmitted(), s.maxDatagramSize());
    }

    private Host bind() throws IOException {
        Host h = Host.bind(HostConfig.builder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .cipherSuite(cipherSuite)
                .build());
        open.add(h);
        return h;
    }

    private void close(Host h) {
        open.remove(h);
        h.close();
    }

    interface Body {
        void run() throws Exception;
    }

    static CompletableFuture<Void> onThread(String name, Progress progress, Body body) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                f.complete(null);
            } catch (Throwable e) {
                progress.helperFailed(e);
                f.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return f;
    }
}
