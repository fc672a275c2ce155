package io.jsst.tools.perf;

import io.jsst.engine.Host;
import io.jsst.engine.HostConfig;
import io.jsst.engine.Stream;
import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.crypto.CipherSuite;
import io.jsst.tools.Formats;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of {@code jsst perf}: connects to a perf server, runs one {@link PerfTest} and
 * prints, every {@code interval}, the throughput of that interval with the channel's smoothed and
 * minimum RTT and the packets lost and retransmitted in it ({@link ChannelStats}); then a summary
 * with the other side's count.
 *
 * <pre>
 *   [  0.0-  1.0 s]   412.3 MiB/s  srtt 0.21 ms  min rtt 0.05 ms  lost 0  retransmitted 0  cwnd 7.0 MiB
 *   summary: client sent 4.0 GiB in 10.00 s = 409.6 MiB/s; server received 4.0 GiB = 409.1 MiB/s; ...
 * </pre>
 */
public final class PerfClient {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final InetSocketAddress server;
    private final PerfTest test;
    private final CipherSuite cipherSuite;
    private final Duration interval;
    private final PrintWriter out;

    public PerfClient(InetSocketAddress server, int streams, int size, boolean reverse, Duration time,
            Duration interval, CipherSuite cipherSuite, PrintWriter out) {
        this.server = server;
        this.test = new PerfTest(streams, size, reverse, time);
        this.cipherSuite = cipherSuite;
        this.interval = interval;
        this.out = out;
    }

    /** What one test measured. */
    public record Summary(long localBytes, long peerBytes, long nanos, ChannelStats stats, long packetsLost,
            long packetsRetransmitted, long packetsSent) {
    }

    /**
     * Runs the test; blocks for about its duration.
     *
     * @throws IOException if the server cannot be reached, refuses the service, or a stream fails
     */
    public Summary run() throws IOException {
        InetSocketAddress bind = new InetSocketAddress(server.getAddress() != null
                && server.getAddress().isLoopbackAddress() ? server.getAddress() : null, 0);
        if (bind.getAddress() == null) {
            bind = new InetSocketAddress(0);
        }
        try (Host host = Host.bind(HostConfig.builder().bindAddress(bind).cipherSuite(cipherSuite).build())) {
            Stream control = Stream.connectTo(host, server, PerfTest.SERVICE, PerfTest.PROTOCOL);
            out.printf("connected to %s (EID %s), %s; %d stream(s) of %s writes, %s for %.1f s%n",
                    Formats.address(control.remoteAddress()), Formats.shortEid(control.remoteEid()), cipherSuite,
                    test.streams(), Formats.bytes(test.size()), test.reverse() ? "server sends" : "client sends",
                    test.duration().toMillis() / 1000.0);
            out.flush();
            control.writeMessage(test.encode());
            List<Stream> data = new ArrayList<>();
            for (int i = 0; i < test.streams(); i++) {
                data.add(control.openSubstream());
            }
            ChannelStats first = control.stats();
            AtomicLong bytes = new AtomicLong();
            long start = System.nanoTime();
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (Stream s : data) {
                workers.add(CompletableFuture.runAsync(() -> {
                    try {
                        if (test.reverse()) {
                            receive(s, bytes);
                        } else {
                            send(s, start, bytes);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, r -> {
                    Thread t = new Thread(r, "jsst-perf-data");
                    t.setDaemon(true);
                    t.start();
                }));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new));
            report(control, all, bytes, start, first);
            long nanos = System.nanoTime() - start;
            byte[] answer = control.readMessage(STEP_TIMEOUT);
            long peerBytes = parseAnswer(answer);
            ChannelStats last = control.stats();
            control.shutdownOutput();
            Summary summary = new Summary(bytes.get(), peerBytes, nanos, last,
                    last.packetsLost() - first.packetsLost(), last.packetsRetransmitted() - first.packetsRetransmitted(),
                    last.packetsSent() - first.packetsSent());
            printSummary(summary);
            control.close(STEP_TIMEOUT);
            return summary;
        }
    }

    /** Prints a line per interval until every data stream is done (bounded by the test's duration and a margin). */
    private void report(Stream control, CompletableFuture<Void> all, AtomicLong bytes, long start, ChannelStats first)
            throws IOException {
        long step = interval.toNanos();
        long next = start + step;
        long deadline = start + test.duration().toNanos() + STEP_TIMEOUT.toNanos();
        long lastBytes = 0;
        long lastAt = start;
        ChannelStats previous = first;
        while (true) {
            boolean done;
            try {
                all.get(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                done = true;
            } catch (TimeoutException e) {
                done = false;
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause() : e.getCause();
                throw new IOException("a data stream failed: " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            long now = System.nanoTime();
            if (now - lastAt >= step / 2 || done) {
                long b = bytes.get();
                ChannelStats s = control.stats();
                out.println(line(lastAt - start, now - start, b - lastBytes, s, previous));
                out.flush();
                lastBytes = b;
                lastAt = now;
                previous = s;
            }
            if (done) {
                return;
            }
            if (now > deadline) {
                throw new IOException("the test did not end within " + STEP_TIMEOUT.toSeconds() + " s of its time");
            }
            next += step;
        }
    }

    static String line(long fromNanos, long toNanos, long bytes, ChannelStats now, ChannelStats before) {
        return String.format(Locale.ROOT, "[%6.1f-%6.1f s] %10s  srtt %s  min rtt %s  lost %d  retransmitted %d  cwnd %s",
                fromNanos / 1e9, toNanos / 1e9, Formats.rate(bytes, toNanos - fromNanos),
                Formats.millis(now.smoothedRttNanos()), Formats.millis(now.minRttNanos()),
                now.packetsLost() - before.packetsLost(), now.packetsRetransmitted() - before.packetsRetransmitted(),
                Formats.bytes(now.congestionWindow()));
    }

    private void printSummary(Summary s) {
        String local = test.reverse() ? "client received" : "client sent";
        String peer = test.reverse() ? "server sent" : "server received";
        out.printf(Locale.ROOT, "summary: %s %s in %.2f s = %s; %s %s = %s; srtt %s, min rtt %s; "
                        + "%s of %s packets lost, %s retransmitted; datagram %d B%n",
                local, Formats.bytes(s.localBytes()), s.nanos() / 1e9, Formats.rate(s.localBytes(), s.nanos()),
                peer, Formats.bytes(s.peerBytes()), Formats.rate(s.peerBytes(), s.nanos()),
                Formats.millis(s.stats().smoothedRttNanos()), Formats.millis(s.stats().minRttNanos()),
                Formats.count(s.packetsLost()), Formats.count(s.packetsSent()), Formats.count(s.packetsRetransmitted()),
                s.stats().maxDatagramSize());
        out.flush();
    }

    private static long parseAnswer(byte[] answer) throws IOException {
        String a = answer == null ? "" : new String(answer, StandardCharsets.US_ASCII);
        int eq = a.indexOf('=');
        try {
            return Long.parseLong(a.substring(eq + 1));
        } catch (RuntimeException e) {
            throw new IOException("the server's answer is not a count: '" + a + "'");
        }
    }

    private void send(Stream s, long start, AtomicLong bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(test.size());
        long end = start + test.duration().toNanos();
        while (System.nanoTime() < end) {
            buf.clear();
            s.write(buf, STEP_TIMEOUT);
            bytes.addAndGet(test.size());
        }
        s.shutdownOutput();
    }

    private static void receive(Stream s, AtomicLong bytes) throws IOException {
        s.writeMessage(new byte[] {1}); // go
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (true) {
            buf.clear();
            int n = s.read(buf, STEP_TIMEOUT);
            if (n < 0) {
                s.shutdownOutput();
                return;
            }
            bytes.addAndGet(n);
        }
    }
}
