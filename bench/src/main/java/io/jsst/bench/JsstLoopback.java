package io.jsst.bench;

import io.jsst.engine.Host;
import io.jsst.engine.HostConfig;
import io.jsst.engine.Stream;
import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.crypto.CipherSuite;
import io.jsst.engine.sim.SimNetwork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * jsst over real UDP on 127.0.0.1: two {@link Host}s (each with its own event-loop thread), one
 * stream. Bulk uses {@link Stream#write} with 64 KiB buffers; round trips use {@link
 * Stream#writeMessage} and {@link Stream#readMessage}. Every host is bound after {@link
 * JsstIoPath#select()}, so the column measures one UDP path.
 */
final class JsstLoopback implements LoopbackTransport {
    private static final int CHUNK = 64 * 1024;
    private static final int MESSAGE = 64;

    private static final int SMALL_DATAGRAM = 1200;
    private static final int CONNECT_BATCH = 250;

    private final CipherSuite cipherSuite;
    private final Duration readTimeout;
    private final JsstIoPath ioPath;
    private final List<Host> open = new CopyOnWriteArrayList<>();
    private volatile Host lastClient;
    private volatile int lastDatagramSize;

    JsstLoopback(CipherSuite cipherSuite, Duration readTimeout, JsstIoPath ioPath) {
        this.cipherSuite = cipherSuite;
        this.readTimeout = readTimeout;
        this.ioPath = ioPath;
    }

    @Override
    public String name() {
        return ioPath.columnName;
    }

    @Override
    public BulkResult bulk(long bytes, Progress progress) throws Exception {
        return bulk(bytes, 1, progress);
    }

    @Override
    public BulkResult bulk(long bytes, int streams, Progress progress) throws Exception {
        return bulkWith(bytes, streams, 0, progress).result;
    }

    @Override
    public PacketRate smallPackets(long bytes, Progress progress) throws Exception {
        Transfer t = bulkWith(bytes, 1, SMALL_DATAGRAM, progress);
        return new PacketRate(t.dataPackets, bytes, t.result.nanos(), t.result.notes());
    }

    private record Transfer(BulkResult result, long dataPackets) {
    }

    /**
     * {@code bytes} split over {@code streams} top-level streams of one channel (a connect per
     * stream; the first sets up the channel, the others reuse it), one writer thread each; the server
     * reads each on its own thread and sends a one-byte receipt at its end.
     */
    private Transfer bulkWith(long bytes, int streams, int maxDatagramSize, Progress progress) throws Exception {
        Host server = bind(maxDatagramSize);
        Host client = bind(maxDatagramSize);
        lastClient = client;
        try {
            long[] share = shares(bytes, streams);
            List<CompletableFuture<Void>> serverSides = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                serverSides.add(onThread("jsst-bulk-server-" + i, progress, () -> {
                    Stream s = server.accept(readTimeout);
                    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                    s.readMessage(readTimeout); // the client's hello
                    s.writeMessage(new byte[] {0}); // this thread is ready
                    long expected = readLong(s);
                    long received = 0;
                    while (received < expected) {
                        buf.clear();
                        int n = s.read(buf, readTimeout);
                        if (n < 0) {
                            throw new IOException("stream ended after " + received + " of " + expected + " bytes");
                        }
                        received += n;
                        progress.add(n);
                    }
                    s.writeMessage(new byte[] {1});
                    buf.clear();
                    s.read(buf, readTimeout); // the end of the stream
                    s.close();
                }));
            }
            List<Stream> opened = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                Stream s = client.connect(server.localAddress(), server.eid());
                s.writeMessage(new byte[] {0});
                s.readMessage(readTimeout); // accepted and ready on the server
                opened.add(s);
            }
            long packetsBefore = client.channelStats().get(0).packetsSent();
            long start = System.nanoTime();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                Stream s = opened.get(i);
                long mine = share[i];
                writers.add(onThread("jsst-bulk-client-" + i, progress, () -> {
                    writeLong(s, mine);
                    ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
                    for (long sent = 0; sent < mine; sent += CHUNK) {
                        chunk.clear().limit((int) Math.min(CHUNK, mine - sent));
                        s.write(chunk);
                    }
                    if (s.readMessage(readTimeout) == null) {
                        throw new IOException("no receipt from the server");
                    }
                }));
            }
            for (CompletableFuture<Void> w : writers) {
                w.get();
            }
            long nanos = System.nanoTime() - start;
            ChannelStats stats = opened.get(0).stats();
            long packets = stats.packetsSent() - packetsBefore;
            lastDatagramSize = stats.maxDatagramSize();
            for (Stream s : opened) {
                s.close();
            }
            for (CompletableFuture<Void> f : serverSides) {
                f.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            return new Transfer(new BulkResult(bytes, nanos, describe(stats)), packets);
        } finally {
            close(client);
            close(server);
        }
    }

    /** {@code bytes} split in {@code n} nearly equal parts. */
    static long[] shares(long bytes, int n) {
        long[] share = new long[n];
        for (int i = 0; i < n; i++) {
            share[i] = bytes / n + (i < bytes % n ? 1 : 0);
        }
        return share;
    }

    private static void writeLong(Stream s, long v) throws IOException {
        s.writeMessage(ByteBuffer.allocate(8).putLong(0, v));
    }

    private long readLong(Stream s) throws IOException {
        byte[] m = s.readMessage(readTimeout);
        if (m == null || m.length != 8) {
            throw new IOException("expected an 8-byte length, got " + (m == null ? "the end" : m.length + " bytes"));
        }
        return ByteBuffer.wrap(m).getLong();
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
            Stream s = connectToEchoingServer(client, server);
            byte[] request = new byte[MESSAGE];
            long start = 0;
            for (int i = -warmup; i < count; i++) {
                if (i == 0) {
                    start = System.nanoTime();
                }
                Stream sub = s.openSubstream();
                sub.writeLastMessage(ByteBuffer.wrap(request)); // the request and the end in one packet
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
     * {@code concurrency} exchanges in flight on one connection, driven by callbacks on the client
     * host's loop, as an asynchronous client would: {@code concurrency} exchanges start at once, and
     * each echo's {@link Stream#readMessageAsync} completion opens the next substream, writes its
     * request with {@link Stream#writeMessageAsync} and ends its output, until {@code count} are
     * done. No application thread waits in between. (Measured on 2 cores: this gave 90,000 to
     * 190,000 exchanges/s where one application thread keeping 16 exchanges outstanding with a
     * semaphore, {@link Stream#writeLastMessage} and {@link Stream#readMessageAsync} gave 35,000 to
     * 60,000, and 16 threads each doing the one-at-a-time loop 12,000 to 22,000: those pay a
     * thread hand-over per exchange.) The server echoes on its loop as in {@link
     * #exchangesPerSecond(int, int, Progress)}.
     */
    @Override
    public Rate exchangesPerSecond(int warmup, int count, int concurrency, Progress progress) throws Exception {
        Host server = bind();
        Host client = bind();
        lastClient = client;
        try {
            Stream s = connectToEchoingServer(client, server);
            if (warmup > 0) {
                exchangesInFlight(s, warmup, concurrency, progress);
            }
            Rate rate = exchangesInFlight(s, count, concurrency, progress);
            s.close();
            return rate;
        } finally {
            close(client);
            close(server);
        }
    }

    /**
     * Connects {@code client} to {@code server}, whose accepted stream echoes each substream's
     * message on the server's loop and ends the substream; returns the client's stream.
     */
    private Stream connectToEchoingServer(Host client, Host server) throws Exception {
        CompletableFuture<Stream> accepted = server.acceptAsync();
        Stream s = client.connect(server.localAddress(), server.eid());
        Stream top = accepted.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        top.setSubstreamListener(sub -> sub.readMessageAsync().thenAccept(m -> {
            if (m != null) {
                sub.writeMessageAsync(ByteBuffer.wrap(m)).thenRun(sub::shutdownOutput);
            }
        }));        return s;
    }

    /**
     * {@code count} exchanges on substreams of {@code s}, {@code concurrency} at a time, each
     * started by the end of another; the rate is over the time from the first start to the last echo.
     */
    private Rate exchangesInFlight(Stream s, int count, int concurrency, Progress progress) throws Exception {
        long[] times = new long[count];
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        byte[] request = new byte[MESSAGE]; // shared: only ever read
        Runnable[] startOne = new Runnable[1];
        startOne[0] = () -> {
            int i = started.getAndIncrement();
            if (all.isDone() || i >= count) {
                return;
            }
            long t0 = System.nanoTime();
            try {
                Stream sub = s.openSubstream();
                sub.writeMessageAsync(ByteBuffer.wrap(request)).exceptionally(e -> {
                    all.completeExceptionally(e);
                    return null;
                });
                sub.shutdownOutput();
                sub.readMessageAsync().whenComplete((reply, e) -> {
                    if (e != null || reply == null || reply.length != MESSAGE) {
                        all.completeExceptionally(e != null ? e
                                : new IOException("bad echo: " + (reply == null ? "the end" : reply.length + " bytes")));
                        return;
                    }
                    times[i] = System.nanoTime() - t0;
                    progress.add(1);
                    if (finished.incrementAndGet() == count) {
                        all.complete(null);
                    } else {
                        startOne[0].run();
                    }
                });
            } catch (IOException | RuntimeException e) {
                all.completeExceptionally(e);
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            startOne[0].run();
        }
        try {
            all.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException(finished.get() + " of " + count + " exchanges echoed within " + readTimeout
                    + " with " + concurrency + " in flight");
        }
        long nanos = System.nanoTime() - start;
        return new Rate(count / (nanos / 1e9), RoundTrips.of(times, "")); // all completed: the times are visible
    }

    /**
     * {@code concurrency} client threads, each with its own client host (bound before the clock
     * starts, closed after it stops), each connecting to the server again and again: {@link
     * Host#connect} until the stream is returned, then {@link Stream#abort} of its channel, so that
     * the next connect from that host makes a new channel with a full handshake. The wall time
     * includes each abort (the loop sends CLOSE), not the hosts' bind and close. (A fresh host per
     * handshake, as the one-at-a-time step has, gave half the rate here: binding a socket and
     * starting a loop thread cost more than the handshake.) The server accepts and drops each
     * stream on one thread.
     */
    @Override
    public Rate handshakesPerSecond(int warmup, int count, int concurrency, Progress progress) throws Exception {
        Host server = bind();
        AtomicBoolean done = new AtomicBoolean();
        List<Host> clients = new ArrayList<>();
        try {
            CompletableFuture<Void> acceptor = acceptAndDrop(server, done, progress);
            for (int i = 0; i < concurrency; i++) {
                clients.add(bind());
            }
            lastClient = clients.get(0);
            Rate rate = ConcurrentRate.measure("jsst-handshake-client", concurrency, warmup, count, progress,
                    w -> clients.get(w).connect(server.localAddress(), server.eid()).abort());
            done.set(true);
            acceptor.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return rate;
        } finally {
            done.set(true);
            for (Host c : clients) {
                close(c);
            }
            close(server);
        }
    }

    /** Accepts streams on a thread of its own and drops them (their clients abort the channels), until done. */
    private static CompletableFuture<Void> acceptAndDrop(Host server, AtomicBoolean done, Progress progress) {
        return onThread("jsst-handshake-server", progress, () -> {
            while (!done.get()) {
                try {
                    server.accept(Duration.ofMillis(100));
                } catch (java.net.SocketTimeoutException e) {
                    // look at done again
                }
            }
        });
    }

    /**
     * A new client host per handshake (bound before the clock starts, closed after it stops):
     * {@link Host#connect} from the call until the stream is returned. The server accepts and
     * closes each stream on its own thread.
     */
    @Override
    public RoundTrips handshakes(int warmup, int count, Progress progress) throws Exception {
        Host server = bind();
        AtomicBoolean done = new AtomicBoolean();
        try {
            CompletableFuture<Void> acceptor = acceptAndDrop(server, done, progress);
            long[] times = new long[count];
            for (int i = -warmup; i < count; i++) {
                Host client = bind();
                lastClient = client;
                try {
                    long t0 = System.nanoTime();
                    Stream s = client.connect(server.localAddress(), server.eid());
                    long t1 = System.nanoTime();
                    if (i >= 0) {
                        times[i] = t1 - t0;
                    }
                    s.abort();
                } finally {
                    close(client);
                }
                progress.add(1);
            }
            done.set(true);
            acceptor.get(readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return RoundTrips.of(times, "");
        } finally {
            done.set(true);
            close(server);
        }
    }

    /**
     * {@code count} client hosts each with one channel (and its top-level stream) to one server
     * host, all on a simulated network in this JVM (no socket or thread per host, so that 10,000 fit
     * under the file-descriptor limit; the channel state is the same code as over UDP). The client
     * hosts exist before the first measurement, so the difference is the channels and streams of
     * both ends, after 10 s of idleness; the hosts themselves are measured apart. Then the clients
     * go away behind a partition (the server does not hear of it) and what stays is the server's end.
     *
     * <p>With {@code -Djsst.bench.histogram=N} the step also takes class histograms (as {@code jcmd
     * PID GC.class_histogram} does) and reports the N classes that grew most, per association.
     */
    @Override
    public IdleMemory idleMemory(int count, Progress progress) throws Exception {
        int histogramRows = Integer.getInteger("jsst.bench.histogram", 0);
        SimNetwork net = new SimNetwork(1);
        InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", 4000);
        InetSocketAddress clientIp = new InetSocketAddress("127.0.0.2", 0);
        // The server outlives the clients' idle timeout, so that its ends can be measured alone.
        Host server = Host.simulated(net, serverAddress, HostConfig.builder()
                .cipherSuite(cipherSuite)
                .idleTimeout(Duration.ofDays(1))
                .keepAlive(Duration.ZERO)
                .build());
        net.runFor(Duration.ofMillis(1));
        long base = HeapMeter.usedAfterGc();
        ClassHistogram baseHistogram = histogramRows > 0 ? ClassHistogram.take() : null;
        List<Host> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clients.add(Host.simulated(net, new InetSocketAddress(clientIp.getAddress(), 1024 + i),
                    HostConfig.builder()
                            .cipherSuite(cipherSuite)
                            .idleTimeout(Duration.ofHours(1))
                            .keepAlive(Duration.ZERO)
                            .build()));
        }
        net.runFor(Duration.ofMillis(1));
        long before = HeapMeter.usedAfterGc();
        ClassHistogram beforeHistogram = histogramRows > 0 ? ClassHistogram.take() : null;
        // In batches, so that each batch's handshakes finish before the next starts (and progress shows).
        List<CompletableFuture<Stream>> connects = new ArrayList<>(count);
        List<Stream> accepted = new ArrayList<>(count);
        // One accept outstanding at a time: a pending one takes the next stream that arrives.
        CompletableFuture<Stream> nextAccept = server.acceptAsync();
        long deadline = System.nanoTime() + readTimeout.toNanos();
        for (int from = 0; from < count; from += CONNECT_BATCH) {
            List<CompletableFuture<Stream>> batch = new ArrayList<>();
            for (Host c : clients.subList(from, Math.min(count, from + CONNECT_BATCH))) {
                batch.add(c.connectAsync(server.localAddress(), server.eid()));
            }
            connects.addAll(batch);
            while (!batch.stream().allMatch(CompletableFuture::isDone) && System.nanoTime() < deadline) {
                net.runUntil(() -> batch.get(batch.size() - 1).isDone(), Duration.ofSeconds(1));
                net.runUntil(() -> batch.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(1));
            }
            for (CompletableFuture<Stream> f : batch) {
                if (!f.isDone() || f.isCompletedExceptionally()) {
                    throw new IOException("simulated channel " + (from + batch.indexOf(f)) + " of " + count
                            + " did not connect: " + (f.isDone() ? "it failed" : "no answer"));
                }
            }
            progress.add(batch.size());
            // Taken as they come: the server's accept queue holds at most StreamServer.BACKLOG streams.
            while (nextAccept.isDone()) {
                accepted.add(nextAccept.join());
                nextAccept = server.acceptAsync();
            }
        }
        // Idle for 10 s of virtual time: the last acknowledgements and their timers settle, and the
        // channels let go of what they keep only while busy (their ciphers, after 5 s).
        net.runFor(Duration.ofSeconds(10));
        while (nextAccept.isDone()) {
            accepted.add(nextAccept.join());
            nextAccept = server.acceptAsync();
        }
        long after = HeapMeter.usedAfterGc();
        ClassHistogram afterHistogram = histogramRows > 0 ? ClassHistogram.take() : null;
        int channels = server.channelStats().size();

        // The clients vanish without a word (a partition, then their idle timeout); the server keeps its ends.
        net.partition(clientIp.getAddress(), serverAddress.getAddress(), Duration.ofDays(1));
        net.runFor(Duration.ofHours(1).plusMinutes(1));
        for (Host c : clients) {
            c.close();
        }
        net.runFor(Duration.ofMinutes(1));
        clients.clear();
        connects.clear();
        long serverOnly = HeapMeter.usedAfterGc();
        ClassHistogram serverHistogram = histogramRows > 0 ? ClassHistogram.take() : null;
        int serverChannels = server.channelStats().size();
        if (serverChannels != channels) {
            throw new IOException("the server lost channels while its clients went away: " + serverChannels
                    + " of " + channels);
        }
        String histogram = histogramRows == 0 ? "" : "both ends (channel and stream at each):\n"
                + afterHistogram.growthTable(beforeHistogram, histogramRows, count)
                + "server end alone:\n" + serverHistogram.growthTable(baseHistogram, histogramRows, count)
                + "client host before it connects:\n" + beforeHistogram.growthTable(baseHistogram, histogramRows, count);
        IdleMemory result = new IdleMemory(count, after - before, serverOnly - base, before - base,
                "channel with one top-level stream, both ends (" + channels + " channels at the server, "
                        + accepted.size() + " streams accepted), simulated network; server end alone "
                        + String.format(Locale.ROOT, "%,.1f MiB", (serverOnly - base) / 1048576.0)
                        + ", client hosts before connecting "
                        + String.format(Locale.ROOT, "%,.1f MiB", (before - base) / 1048576.0), histogram);
        java.lang.ref.Reference.reachabilityFence(accepted);
        java.lang.ref.Reference.reachabilityFence(server);
        return result;
    }

    /** The datagram size the last bulk transfer's channel used, 0 before any. */
    int lastDatagramSize() {
        return lastDatagramSize;
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
        return bind(0);
    }

    /** A host on 127.0.0.1 on this column's UDP path; {@code maxDatagramSize} 0 keeps the default. */
    private Host bind(int maxDatagramSize) throws IOException {
        HostConfig.Builder b = HostConfig.builder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .cipherSuite(cipherSuite);
        if (maxDatagramSize > 0) {
            b.maxDatagramSize(maxDatagramSize);
        }
        ioPath.select();
        Host h = Host.bind(b.build());
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
