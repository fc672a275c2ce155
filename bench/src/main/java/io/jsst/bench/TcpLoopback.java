package io.jsst.bench;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kernel TCP on 127.0.0.1 through blocking {@link SocketChannel}s: bulk with 64 KiB direct buffers
 * and the kernel's default socket buffers; round trips with TCP_NODELAY on both sides. Listeners
 * have a backlog of {@link #BACKLOG}, so that no connect waits for a SYN to be retried. The
 * concurrent rate steps use one blocking client thread per connection in flight, against {@link
 * #SERVER_THREADS} blocking server threads that accept and serve one connection at a time each
 * (on 2 cores that gave 35,000 to 42,000 exchanges/s where one {@link java.nio.channels.Selector}
 * thread serving every connection without blocking gave 33,000 to 34,000: a short connection's
 * request is there as soon as it is accepted).
 */
final class TcpLoopback implements LoopbackTransport {
    private static final int CHUNK = 64 * 1024;
    private static final int MESSAGE = 64;

    private final Duration timeout;
    /** What a stalled step must close; connections leave it when closed, so that it stays small. */
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

    /** The listen backlog: above any concurrency, under Linux's default somaxconn of 4096. */
    static final int BACKLOG = 2048;

    /** Server threads of the concurrent rate steps: one per CPU, at least two. */
    static final int SERVER_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    /** Connections the idle-memory step opens at most: two descriptors each, under a limit of 20,000. */
    static final int MAX_IDLE_CONNECTIONS = 4_000;

    TcpLoopback(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "kernel TCP";
    }

    /** TCP has no streams: {@code streams} connections, a writer thread each. */
    @Override
    public BulkResult bulk(long bytes, int streams, Progress progress) throws Exception {
        if (streams == 1) {
            return bulk(bytes, progress);
        }
        long[] share = JsstLoopback.shares(bytes, streams);
        try (ServerSocketChannel listener = listen()) {
            List<CompletableFuture<Void>> sides = new java.util.ArrayList<>();
            for (int i = 0; i < streams; i++) {
                long mine = share[i];
                sides.add(JsstLoopback.onThread("tcp-bulk-server-" + i, progress, () -> {
                    try (SocketChannel s = track(listener.accept())) {
                        receive(s, mine, progress);
                    }
                }));
            }
            List<SocketChannel> clients = new java.util.ArrayList<>();
            for (int i = 0; i < streams; i++) {
                clients.add(track(SocketChannel.open(listener.getLocalAddress())));
            }
            long start = System.nanoTime();
            List<CompletableFuture<Void>> writers = new java.util.ArrayList<>();
            for (int i = 0; i < streams; i++) {
                SocketChannel c = clients.get(i);
                long mine = share[i];
                writers.add(JsstLoopback.onThread("tcp-bulk-client-" + i, progress, () -> send(c, mine)));
            }
            for (CompletableFuture<Void> w : writers) {
                w.get();
            }
            long nanos = System.nanoTime() - start;
            for (SocketChannel c : clients) {
                c.shutdownOutput();
            }
            for (CompletableFuture<Void> f : sides) {
                f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            for (SocketChannel c : clients) {
                c.close();
            }
            return new BulkResult(bytes, nanos, streams + " connections");
        }
    }

    private static void receive(SocketChannel s, long bytes, Progress progress) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
        long received = 0;
        while (received < bytes) {
            buf.clear();
            int n = s.read(buf);
            if (n < 0) {
                throw new EOFException("stream ended after " + received + " of " + bytes + " bytes");
            }
            received += n;
            progress.add(n);
        }
        s.write(ByteBuffer.wrap(new byte[] {1}));
        buf.clear();
        s.read(buf);
    }

    private static void send(SocketChannel c, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        for (long sent = 0; sent < bytes; sent += CHUNK) {
            chunk.clear().limit((int) Math.min(CHUNK, bytes - sent));
            while (chunk.hasRemaining()) {
                c.write(chunk);
            }
        }
        readFully(c, ByteBuffer.allocate(1));
    }

    /** Connect (the three-way handshake) from the call until it returns; the server accepts and closes. */
    @Override
    public RoundTrips handshakes(int warmup, int count, Progress progress) throws Exception {
        try (ServerSocketChannel listener = listen()) {
            CompletableFuture<Void> serverSide = JsstLoopback.onThread("tcp-handshake-server", progress, () -> {
                for (int i = -warmup; i < count; i++) {
                    listener.accept().close();
                }
            });
            long[] times = new long[count];
            for (int i = -warmup; i < count; i++) {
                SocketChannel c = SocketChannel.open();
                try (c) {
                    track(c);
                    long t0 = System.nanoTime();
                    c.connect(listener.getLocalAddress());
                    long t1 = System.nanoTime();
                    if (i >= 0) {
                        times[i] = t1 - t0;
                    }
                } finally {
                    open.remove(c);
                }
                progress.add(1);
            }
            serverSide.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return RoundTrips.of(times, "");
        }
    }

    /**
     * {@code concurrency} client threads each connecting and closing at once, one connection after
     * the other; {@link #SERVER_THREADS} server threads accept and close them. The wall time
     * includes each client's close.
     */
    @Override
    public Rate handshakesPerSecond(int warmup, int count, int concurrency, Progress progress) throws Exception {
        try (ServerSocketChannel listener = listen()) {
            CompletableFuture<Void> serverSide = acceptors(listener, warmup + count, progress, s -> {
            });
            Rate rate = ConcurrentRate.measure("tcp-handshake-client", concurrency, warmup, count, progress,
                    w -> {
                        SocketChannel c = track(SocketChannel.open());
                        try (c) {
                            c.connect(listener.getLocalAddress());
                        } finally {
                            open.remove(c);
                        }
                    });
            serverSide.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return rate;
        }
    }

    /** At most {@link #MAX_IDLE_CONNECTIONS} connections (both ends in this JVM). */
    @Override
    public IdleMemory idleMemory(int count, Progress progress) throws Exception {
        int n = Math.min(count, MAX_IDLE_CONNECTIONS);
        List<SocketChannel> ends = new java.util.ArrayList<>(2 * n);
        try (ServerSocketChannel listener = listen()) {
            listener.socket().setReceiveBufferSize(64 * 1024);
            long before = HeapMeter.usedAfterGc();
            for (int i = 0; i < n; i++) {
                ends.add(SocketChannel.open(listener.getLocalAddress()));
                ends.add(listener.accept());
                progress.add(1);
            }
            long after = HeapMeter.usedAfterGc();
            return new IdleMemory(n, after - before, "connection, both ends (" + n + " connections: two file "
                    + "descriptors each under a limit of 20,000; kernel memory not counted)");
        } finally {
            for (SocketChannel c : ends) {
                c.close();
            }
        }
    }

    @Override
    public BulkResult bulk(long bytes, Progress progress) throws Exception {
        try (ServerSocketChannel listener = listen()) {
            CompletableFuture<Void> serverSide = JsstLoopback.onThread("tcp-bulk-server", progress, () -> {
                try (SocketChannel s = track(listener.accept())) {
                    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
                    long received = 0;
                    while (received < bytes) {
                        buf.clear();
                        int n = s.read(buf);
                        if (n < 0) {
                            throw new EOFException("stream ended after " + received + " of " + bytes + " bytes");
                        }
                        received += n;
                        progress.add(n);
                    }
                    s.write(ByteBuffer.wrap(new byte[] {1}));
                    buf.clear();
                    s.read(buf);
                }
            });
            try (SocketChannel c = track(SocketChannel.open(listener.getLocalAddress()))) {
                ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
                long start = System.nanoTime();
                for (long sent = 0; sent < bytes; sent += CHUNK) {
                    chunk.clear().limit((int) Math.min(CHUNK, bytes - sent));
                    while (chunk.hasRemaining()) {
                        c.write(chunk);
                    }
                }
                readFully(c, ByteBuffer.allocate(1));
                long nanos = System.nanoTime() - start;
                c.shutdownOutput();
                serverSide.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return new BulkResult(bytes, nanos, "");
            }
        }
    }

    @Override
    public RoundTrips roundTrips(int warmup, int rounds, Progress progress) throws Exception {
        try (ServerSocketChannel listener = listen()) {
            CompletableFuture<Void> serverSide = JsstLoopback.onThread("tcp-echo-server", progress, () -> {
                try (SocketChannel s = track(listener.accept())) {
                    s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    ByteBuffer buf = ByteBuffer.allocateDirect(MESSAGE);
                    while (true) {
                        buf.clear();
                        if (!readFullyOrEnd(s, buf)) {
                            return;
                        }
                        buf.flip();
                        while (buf.hasRemaining()) {
                            s.write(buf);
                        }
                    }
                }
            });
            try (SocketChannel c = track(SocketChannel.open(listener.getLocalAddress()))) {
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ByteBuffer request = ByteBuffer.allocateDirect(MESSAGE);
                ByteBuffer reply = ByteBuffer.allocateDirect(MESSAGE);
                long[] times = new long[rounds];
                for (int i = -warmup; i < rounds; i++) {
                    request.clear();
                    reply.clear();
                    long t0 = System.nanoTime();
                    while (request.hasRemaining()) {
                        c.write(request);
                    }
                    readFully(c, reply);
                    long t1 = System.nanoTime();
                    if (i >= 0) {
                        times[i] = t1 - t0;
                    }
                    progress.add(1);
                }
                c.shutdownOutput();
                serverSide.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return RoundTrips.of(times, "");
            }
        }
    }

    /** A new TCP connection per exchange: connect, 64-byte message, echo, close. */
    @Override
    public double exchangesPerSecond(int warmup, int count, Progress progress) throws Exception {
        try (ServerSocketChannel listener = listen()) {
            CompletableFuture<Void> serverSide = JsstLoopback.onThread("tcp-accept-server", progress, () -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(MESSAGE);
                for (int i = -warmup; i < count; i++) {
                    SocketChannel s = track(listener.accept());
                    try (s) {
                        s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        buf.clear();
                        readFully(s, buf);
                        buf.flip();
                        while (buf.hasRemaining()) {
                            s.write(buf);
                        }
                    } finally {
                        open.remove(s);
                    }
                }
            });
            ByteBuffer request = ByteBuffer.allocateDirect(MESSAGE);
            ByteBuffer reply = ByteBuffer.allocateDirect(MESSAGE);
            long start = 0;
            for (int i = -warmup; i < count; i++) {
                if (i == 0) {
                    start = System.nanoTime();
                }
                echo(listener, request, reply);
                progress.add(1);
            }
            double perSecond = count / ((System.nanoTime() - start) / 1e9);
            serverSide.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return perSecond;
        }
    }

    /** One exchange on a new connection: connect, write 64 B, read the echo, close. */
    private void echo(ServerSocketChannel listener, ByteBuffer request, ByteBuffer reply) throws IOException {
        SocketChannel c = track(SocketChannel.open());
        try (c) {
            c.connect(listener.getLocalAddress());
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            request.clear();
            reply.clear();
            while (request.hasRemaining()) {
                c.write(request);
            }
            readFully(c, reply);
        } finally {
            open.remove(c);
        }
    }

    /**
     * {@code concurrency} client threads each doing {@link #exchangesPerSecond(int, int, Progress)}'s
     * exchange (a new connection each), against {@link #SERVER_THREADS} server threads that each
     * accept a connection, echo its message and close it, then take the next.
     */
    @Override
    public Rate exchangesPerSecond(int warmup, int count, int concurrency, Progress progress) throws Exception {
        try (ServerSocketChannel listener = listen()) {
            CompletableFuture<Void> serverSide = acceptors(listener, warmup + count, progress, s -> {
                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ByteBuffer buf = ByteBuffer.allocate(MESSAGE);
                readFully(s, buf);
                buf.flip();
                while (buf.hasRemaining()) {
                    s.write(buf);
                }
            });
            ByteBuffer[] requests = new ByteBuffer[concurrency];
            ByteBuffer[] replies = new ByteBuffer[concurrency];
            for (int i = 0; i < concurrency; i++) {
                requests[i] = ByteBuffer.allocateDirect(MESSAGE);
                replies[i] = ByteBuffer.allocateDirect(MESSAGE);
            }
            Rate rate = ConcurrentRate.measure("tcp-exchange-client", concurrency, warmup, count, progress,
                    w -> echo(listener, requests[w], replies[w]));
            serverSide.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return rate;
        }
    }

    /** What a server thread does with an accepted connection before it closes it. */
    private interface Service {
        void serve(SocketChannel s) throws IOException;
    }

    /**
     * {@link #SERVER_THREADS} threads that each accept a connection, serve it and close it, then
     * take the next, until {@code connections} are done between them.
     */
    private CompletableFuture<Void> acceptors(ServerSocketChannel listener, int connections, Progress progress,
            Service service) {
        AtomicInteger left = new AtomicInteger(connections);
        List<CompletableFuture<Void>> threads = new ArrayList<>();
        for (int i = 0; i < SERVER_THREADS; i++) {
            threads.add(JsstLoopback.onThread("tcp-server-" + i, progress, () -> {
                while (left.getAndDecrement() > 0) {
                    SocketChannel s = track(listener.accept());
                    try (s) {
                        service.serve(s);
                    } finally {
                        open.remove(s);
                    }
                }
            }));
        }
        return CompletableFuture.allOf(threads.toArray(new CompletableFuture<?>[0]));
    }

    @Override
    public void abort() {
        for (Closeable c : open) {
            try {
                c.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        open.clear();
    }

    private ServerSocketChannel listen() throws IOException {
        return track(ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), BACKLOG));
    }

    private <C extends Closeable> C track(C c) {
        open.add(c);
        return c;
    }

    private static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
        if (!readFullyOrEnd(c, b)) {
            throw new EOFException("connection ended early");
        }
    }

    /** Fills b; false if the stream ended before the first byte. */
    private static boolean readFullyOrEnd(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                if (b.position() == 0) {
                    return false;
                }
                throw new EOFException("connection ended in the middle of a message");
            }
        }
        return true;
    }
}
