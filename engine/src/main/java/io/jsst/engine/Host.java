package io.jsst.engine;

import io.jsst.engine.channel.Channel;
import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.channel.CloseReason;
import io.jsst.engine.channel.DropReason;
import io.jsst.engine.host.ConnectAttempt;
import io.jsst.engine.host.HostEngine;
import io.jsst.engine.host.HostListener;
import io.jsst.engine.io.NioDatagramIo;
import io.jsst.engine.loop.EventLoop;
import io.jsst.engine.loop.HostDriver;
import io.jsst.engine.sim.SimNetwork;
import io.jsst.engine.wire.ReachabilityProbe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An SST host: one UDP socket, one identity (an {@link Eid}), and the channels to other hosts.
 * Several hosts may live in one process, on real UDP or on one {@link SimNetwork}.
 *
 * <pre>{@code
 * try (Host server = Host.bind(HostConfig.bindTo(new InetSocketAddress("127.0.0.1", 0)));
 *      Host client = Host.bind(HostConfig.bindTo(new InetSocketAddress("127.0.0.1", 0)))) {
 *     CompletableFuture<Stream> accepted = server.acceptAsync();
 *     Stream s = client.connect(server.localAddress());
 *     s.writeMessage("hello".getBytes());
 *     byte[] m = accepted.join().readMessage();
 * }
 * }</pre>
 *
 * <p>Threads: a host on real UDP runs its protocol on one event-loop thread of its own; every
 * method here may be called from any thread. Blocking methods must not be called from the loop
 * thread (a listener or a future's callback), where they throw {@link IllegalStateException}. A
 * simulated host runs only while its {@link SimNetwork} runs: use the asynchronous forms and
 * {@link SimNetwork#runUntil}.
 */
public final class Host implements AutoCloseable {
    private final HostConfig config;
    private final HostEngine engine;
    private final HostDriver driver;
    private final EventLoop ownLoop;
    private final Object lock = new Object();
    private final ArrayDeque<Stream> acceptQueue = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<Stream>> acceptWaiters = new ArrayDeque<>();
    private volatile boolean closed;

    private Host(HostConfig config, HostEngine engine, HostDriver driver, EventLoop ownLoop) {
        this.config = config;
        this.engine = engine;
        this.driver = driver;
        this.ownLoop = ownLoop;
    }

    /**
     * Binds a host to a UDP socket at {@code config.bindAddress()} and starts its event loop.
     *
     * @throws IOException if the socket cannot be bound
     */
    public static Host bind(HostConfig config) throws IOException {
        NioDatagramIo io = NioDatagramIo.bind(config.bindAddress());
        EventLoop loop = EventLoop.start("host-" + io.localAddress().getPort());
        Listener listener = new Listener();
        HostEngine engine = new HostEngine(config.identity(), config.channelConfig(), config.random(), listener);
        HostDriver driver = loop.attach(io, engine);
        Host host = new Host(config, engine, driver, loop);
        listener.host = host;
        return host;
    }

    /** Binds a host with default settings to {@code address}. */
    public static Host bind(InetSocketAddress address) throws IOException {
        return bind(HostConfig.bindTo(address));
    }

    /**
     * Attaches a host to a simulated network at {@code address} (the config's bind address is
     * ignored). It runs in the network's virtual time, on the thread that runs the network.
     */
    public static Host simulated(SimNetwork network, InetSocketAddress address, HostConfig config) {
        Listener listener = new Listener();
        HostEngine engine = new HostEngine(config.identity(), config.channelConfig(), config.random(), listener);
        HostDriver driver = network.attach(address, engine);
        Host host = new Host(config, engine, driver, null);
        listener.host = host;
        return host;
    }

    public Eid eid() {
        return engine.eid();
    }

    public InetSocketAddress localAddress() {
        return driver.localAddress();
    }

    public HostConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ connect

    /**
     * Connects to the host at {@code peer} and returns the channel's stream, blocking until the
     * handshake completes or the connect timeout passes.
     *
     * @throws java.net.PortUnreachableException if the network reports that nothing listens there
     * @throws SocketTimeoutException if the handshake does not complete within the connect timeout
     * @throws EidMismatchException if the responder is not {@code expectedEid}
     * @throws IOException for any other failure of the handshake
     */
    public Stream connect(InetSocketAddress peer) throws IOException {
        return connect(peer, null);
    }

    /** As {@link #connect(InetSocketAddress)}, requiring the responder to prove {@code expectedEid} (null: any). */
    public Stream connect(InetSocketAddress peer, Eid expectedEid) throws IOException {
        checkMayBlock();
        return await(connectAsync(peer, expectedEid), null);
    }

    /**
     * Starts a connect and returns at once; the future completes on the host's loop thread with
     * the stream, or exceptionally with the exceptions {@link #connect(InetSocketAddress, Eid)} throws.
     */
    public CompletableFuture<Stream> connectAsync(InetSocketAddress peer, Eid expectedEid) {
        CompletableFuture<Stream> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new ClosedChannelException());
            return future;
        }
        driver.execute(() -> {
            ConnectAttempt a = engine.connect(peer, expectedEid, config.connectTimeout().toNanos(), driver.nowNanos());
            a.attach(future);
            ByteBuffer probe = ByteBuffer.allocate(16);
            new ReachabilityProbe().encode(probe);
            driver.probeReachability(peer, java.util.Arrays.copyOf(probe.array(), probe.position()));
            future.whenComplete((s, e) -> {
                if (e instanceof CancellationException) {
                    driver.execute(() -> engine.cancel(a));
                }
            });
        });
        return future;
    }

    // ------------------------------------------------------------------ accept

    /**
     * Waits for the next incoming channel and returns its stream.
     *
     * @throws ClosedChannelException if the host is closed
     * @throws InterruptedIOException if the thread is interrupted while waiting
     */
    public Stream accept() throws IOException {
        checkMayBlock();
        return await(acceptAsync(), null);
    }

    /**
     * As {@link #accept()}, waiting at most {@code timeout}.
     *
     * @throws SocketTimeoutException if no channel arrives in time
     */
    public Stream accept(Duration timeout) throws IOException {
        checkMayBlock();
        CompletableFuture<Stream> f = acceptAsync();
        try {
            return await(f, timeout);
        } catch (SocketTimeoutException e) {
            synchronized (lock) {
                if (!f.isDone()) {
                    acceptWaiters.remove(f);
                    f.cancel(false);
                    throw new SocketTimeoutException("accept timed out after " + timeout);
                }
            }
            return f.join();
        }
    }

    /** The next incoming channel's stream, when it comes; the future completes on the loop thread. */
    public CompletableFuture<Stream> acceptAsync() {
        CompletableFuture<Stream> f = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                f.completeExceptionally(new ClosedChannelException());
            } else if (!acceptQueue.isEmpty()) {
                f.complete(acceptQueue.poll());
            } else {
                acceptWaiters.add(f);
            }
        }
        return f;
    }

    // ------------------------------------------------------------------ observation

    /** The counters of every live channel (collected on the loop; blocks briefly on real UDP). */
    public List<ChannelStats> channelStats() {
        return onLoop(() -> {
            List<ChannelStats> out = new ArrayList<>();
            for (Channel c : engine.channels()) {
                out.add(c.stats());
            }
            return out;
        });
    }

    /** Datagrams this host dropped, by reason, over its channels and itself. */
    public Map<DropReason, Long> drops() {
        return onLoop(engine::allDrops);
    }

    /** Per-peer state held by this host as a responder (for tests that check statelessness). */
    public int responderStateCount() {
        return onLoop(engine::responderStateCount);
    }

    <T> T onLoop(java.util.function.Supplier<T> query) {
        if (driver.inDriverThread() || ownLoop == null) {
            return query.get();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        driver.execute(() -> f.complete(query.get()));
        return f.join();
    }

    HostDriver driver() {
        return driver;
    }

    /** Whether blocking calls are allowed from this thread; throws if not. */
    void checkMayBlock() {
        if (driver.inDriverThread()) {
            throw new IllegalStateException("blocking call on the host's loop thread: use the asynchronous form");
        }
    }

    static <T> T await(CompletableFuture<T> f, Duration timeout) throws IOException {
        try {
            return timeout == null ? f.get() : f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting");
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("timed out after " + timeout);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                io.addSuppressed(new Exception("waited here"));
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c);
        }
    }

    // ------------------------------------------------------------------ close

    /**
     * Closes every channel (each peer is sent a CLOSE) and releases the socket and loop. Pending
     * accepts fail with {@link ClosedChannelException}. Idempotent.
     */
    @Override
    public void close() {
        List<CompletableFuture<Stream>> waiters;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            waiters = new ArrayList<>(acceptWaiters);
            acceptWaiters.clear();
        }
        for (CompletableFuture<Stream> w : waiters) {
            w.completeExceptionally(new ClosedChannelException());
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        driver.execute(() -> {
            for (Channel c : engine.channels()) {
                c.close(0, "host closed", driver.nowNanos());
            }
        });
        // Runs in the next turn, after the CLOSE packets of the previous one went out.
        driver.execute(() -> {
            driver.close();
            done.complete(null);
        });
        if (ownLoop != null && !driver.inDriverThread()) {
            try {
                done.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the loop is going away regardless
            }
            ownLoop.shutdown();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Host[" + eid().toString().substring(0, 16) + "... at " + localAddress() + "]";
    }

    // ------------------------------------------------------------------ engine events

    private static final class Listener implements HostListener {
        Host host;

        @Override
        @SuppressWarnings("unchecked")
        public void connected(ConnectAttempt attempt, Channel channel) {
            Stream s = host.newStream(channel);
            ((CompletableFuture<Stream>) attempt.attachment()).complete(s);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void connectFailed(ConnectAttempt attempt, Exception cause) {
            ((CompletableFuture<Stream>) attempt.attachment()).completeExceptionally(cause);
        }

        @Override
        public void accepted(Channel channel) {
            Stream s = host.newStream(channel);
            CompletableFuture<Stream> waiter;
            synchronized (host.lock) {
                waiter = host.acceptWaiters.poll();
                if (waiter == null) {
                    host.acceptQueue.add(s);
                }
            }
            if (waiter != null) {
                waiter.complete(s);
            }
        }

        @Override
        public void closed(Channel channel, CloseReason reason) {
            // Streams hear of it through their own listener.
        }

        @Override
        public void turnFlushed() {
            // The loop may flush once before bind() has finished building the host.
            if (host != null) {
                host.runDeferred();
            }
        }
    }

    /** Loop-owned: wake-ups of application threads, run once at the end of the turn. */
    private final ArrayList<Runnable> deferred = new ArrayList<>();

    /** Runs {@code wakeUp} at the end of the current turn (driver thread only). */
    void deferToEndOfTurn(Runnable wakeUp) {
        deferred.add(wakeUp);
    }

    private void runDeferred() {
        for (int i = 0; i < deferred.size(); i++) {
            deferred.get(i).run();
        }
        deferred.clear();
    }

    private Stream newStream(Channel channel) {
        Stream s = new Stream(this, channel, 0);
        channel.attach(s);
        channel.stream(0).attach(s.listener());
        return s;
    }
}
