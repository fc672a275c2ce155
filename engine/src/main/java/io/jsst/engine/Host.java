package io.jsst.engine;

import io.jsst.engine.channel.Channel;
import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.channel.CloseReason;
import io.jsst.engine.channel.DropReason;
import io.jsst.engine.host.ConnectAttempt;
import io.jsst.engine.host.HostEngine;
import io.jsst.engine.host.HostListener;
import io.jsst.engine.host.LocalSocketEndpoint;
import io.jsst.engine.io.DatagramIo;
import io.jsst.engine.io.IoBackend;
import io.jsst.engine.loop.AeadWarmupThread;
import io.jsst.engine.loop.EventLoop;
import io.jsst.engine.loop.HostDriver;
import io.jsst.engine.sim.SimNetwork;
import io.jsst.engine.stream.StreamState;
import io.jsst.engine.wire.ReachabilityProbe;
import io.jsst.engine.wire.StreamOpen;
import java.util.HashMap;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** Listening services by "service NUL protocol". Guarded by {@link #lock}. */
    private final Map<String, StreamServer> servers = new HashMap<>();
    private final StreamServer defaultServer;
    private volatile boolean closed;

    /** One driver per bound socket; {@link #driver} is the first, which runs tasks and probes. */
    /** One per bound socket, the first the host's own; replaced whole when a socket closes. */
    private volatile List<HostDriver> drivers;

    private Host(HostConfig config, HostEngine engine, List<HostDriver> drivers, EventLoop ownLoop) {
        this.config = config;
        this.engine = engine;
        this.drivers = List.copyOf(drivers);
        this.driver = drivers.get(0);
        this.ownLoop = ownLoop;
        this.defaultServer = listen("", "");
    }

    /**
     * Binds a host to a UDP socket at {@code config.bindAddress()} and starts its event loop. The
     * socket is native (batched, offloaded) where possible; {@code -Djsst.io=native|nio|auto}
     * forces a backend ({@link IoBackend}).
     *
     * @throws IOException if the socket cannot be bound, or {@code -Djsst.io=native} and the
     *     native path is unavailable (the message names what is missing)
     * @throws IllegalArgumentException if {@code -Djsst.io} has an unknown value
     */
    public static Host bind(HostConfig config) throws IOException {
        IoBackend backend = IoBackend.configured();
        List<DatagramIo> sockets = new ArrayList<>();
        try {
            for (InetSocketAddress address : config.bindAddresses()) {
                sockets.add(backend.bind(address));
            }
        } catch (IOException e) {
            for (DatagramIo io : sockets) {
                io.close();
            }
            throw e;
        }
        AeadWarmupThread.startOnce(config.channelConfig().cipherSuite());
        EventLoop loop = EventLoop.start("host-" + sockets.get(0).localAddress().getPort());
        Listener listener = new Listener();
        HostEngine engine = new HostEngine(config.identity(), config.channelConfig(), config.random(), listener,
                SharedSegmentPool.INSTANCE);
        List<HostDriver> drivers = new ArrayList<>();
        for (DatagramIo io : sockets) {
            drivers.add(loop.attach(io, sockets.size() == 1 ? engine : new LocalSocketEndpoint(engine, io.localAddress())));
        }
        Host host = new Host(config, engine, drivers, loop);
        listener.host = host;
        host.execute(engine::prepareConnectKey);
        return host;
    }

    /** Binds a host with default settings to {@code address}. */
    public static Host bind(InetSocketAddress address) throws IOException {
        return bind(HostConfig.bindTo(address));
    }

    /**
     * Attaches a host to a simulated network at {@code address} (the config's bind addresses are
     * ignored). It runs in the network's virtual time, on the thread that runs the network.
     */
    public static Host simulated(SimNetwork network, InetSocketAddress address, HostConfig config) {
        return simulated(network, List.of(address), config);
    }

    /** As {@link #simulated(SimNetwork, InetSocketAddress, HostConfig)}, with a socket at each address. */
    public static Host simulated(SimNetwork network, List<InetSocketAddress> addresses, HostConfig config) {
        Listener listener = new Listener();
        HostEngine engine = new HostEngine(config.identity(), config.channelConfig(), config.random(), listener,
                SharedSegmentPool.INSTANCE);
        List<HostDriver> drivers = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            drivers.add(network.attach(address, addresses.size() == 1 ? engine : new LocalSocketEndpoint(engine, address)));
        }
        Host host = new Host(config, engine, drivers, null);
        listener.host = host;
        return host;
    }

    public Eid eid() {
        return engine.eid();
    }

    /** This host's long-term identity (its Ed25519 key pair); {@link #eid()} is its hash. */
    public io.jsst.engine.crypto.HostIdentity identity() {
        return config.identity();
    }

    /** The (first) UDP address this host is bound to. */
    public InetSocketAddress localAddress() {
        return driver.localAddress();
    }

    /** Every UDP address this host is bound to, in the order configured. */
    public List<InetSocketAddress> localAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (HostDriver d : drivers) {
            out.add(d.localAddress());
        }
        return out;
    }

    /**
     * Closes the socket bound at {@code address}, one of this host's several (as SCTP's
     * {@code unbindAddress} removes an address). Channels that used it go on through the others
     * once their peers, finding it silent, fail over to another address of this host.
     *
     * @throws IllegalArgumentException if the host is not bound there, or it is the host's first address
     */
    public void closeLocalAddress(InetSocketAddress address) {
        List<HostDriver> current = drivers;
        HostDriver target = null;
        for (int i = 1; i < current.size(); i++) {
            if (current.get(i).localAddress().equals(address)) {
                target = current.get(i);
            }
        }
        if (target == null) {
            throw new IllegalArgumentException(address + " is not an address of this host that can be closed"
                    + (current.get(0).localAddress().equals(address) ? " (it is the first)" : ""));
        }
        List<HostDriver> remaining = new ArrayList<>(current);
        remaining.remove(target);
        drivers = List.copyOf(remaining);
        target.close();
    }

    /** The bound socket a connect to {@code target} goes out from: the first of its address family. */
    private InetSocketAddress localFor(InetSocketAddress target) {
        if (drivers.size() == 1) {
            return null;
        }
        for (HostDriver d : drivers) {
            if (d.localAddress().getAddress().getClass() == target.getAddress().getClass()) {
                return d.localAddress();
            }
        }
        return driver.localAddress();
    }

    public HostConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ connect

    /**
     * Connects to the host at {@code peer}, on the default service ("" and protocol ""), and
     * returns the new stream, blocking until the peer accepted it or the connect timeout passes.
     *
     * @throws java.net.PortUnreachableException if the network reports that nothing listens there
     * @throws SocketTimeoutException if the handshake does not complete within the connect timeout
     * @throws IOException for any other failure of the handshake
     */
    public Stream connect(InetSocketAddress peer) throws IOException {
        return connect(peer, null);
    }

    /**
     * As {@link #connect(InetSocketAddress)}, requiring the responder to prove {@code expectedEid} (null: any).
     *
     * @throws EidMismatchException if the responder is not {@code expectedEid}
     */
    public Stream connect(InetSocketAddress peer, Eid expectedEid) throws IOException {
        checkMayBlock();
        return await(connectAsync(peer, expectedEid), null);
    }

    /**
     * Starts a connect on the default service and returns at once; the future completes on the
     * host's loop thread with the stream, or exceptionally with the exceptions
     * {@link #connect(InetSocketAddress, Eid)} throws.
     */
    public CompletableFuture<Stream> connectAsync(InetSocketAddress peer, Eid expectedEid) {
        return connectTo(new Endpoint(expectedEid, peer), "", "");
    }

    /** A top-level stream waiting for the channel its handshake is setting up. */
    private record PendingOpen(String service, String protocol, CompletableFuture<Stream> future) {
    }

    /**
     * What a handshake in progress holds here: the streams waiting for it, and the stop of its
     * reachability probe, run when the handshake ends (a probe's side socket otherwise lived 5 s:
     * a thousand connects a second kept five thousand sockets open).
     */
    private static final class PendingConnect {
        final List<PendingOpen> opens = new ArrayList<>();
        /** Stops the probe; null until it started. */
        Runnable stopProbe;
        boolean ended;

        List<PendingOpen> opens() {
            return opens;
        }

        /** The handshake ended: the probe, if it started, is no longer needed. */
        void end() {
            ended = true;
            if (stopProbe != null) {
                stopProbe.run();
            }
        }
    }

    /** Handshakes in progress, by the address they go to, with the streams waiting for them. Loop-owned. */
    private final Map<InetSocketAddress, ConnectAttempt> attempts = new HashMap<>();

    /** See {@link Stream#connectToAsync}. */
    CompletableFuture<Stream> connectTo(Endpoint target, String service, String protocol) {
        CompletableFuture<Stream> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new ClosedChannelException());
            return future;
        }
        PendingConnect[] started = new PendingConnect[1];
        execute(() -> {
            Channel existing = engine.establishedChannelTo(target.address(), target.eid());
            if (existing != null) {
                openTopLevel(existing, service, protocol, future);
                return;
            }
            ConnectAttempt a = attempts.get(target.address());
            if (a == null || a.isDone() || !java.util.Objects.equals(a.expectedEid(), target.eid())) {
                a = engine.connect(target.address(), target.eid(), config.connectTimeout().toNanos(),
                        localFor(target.address()), driver.nowNanos());
                attempts.put(target.address(), a);
                a.attach(new PendingConnect());
                started[0] = pending(a);
            }
            pending(a).opens().add(new PendingOpen(service, protocol, future));
        });
        // The probe (a side socket, opened, connected, written) starts in a task of its own, after
        // the turn that sent the INITIATE: started inside that turn, it held the INITIATE back by
        // ~100 us, and its datagram reached the peer first.
        execute(() -> {
            PendingConnect p = started[0];
            if (p != null && !p.ended) {
                ByteBuffer probe = ByteBuffer.allocate(16);
                new ReachabilityProbe().encode(probe);
                p.stopProbe = driver.probeReachability(target.address(),
                        java.util.Arrays.copyOf(probe.array(), probe.position()));
            }
        });
        return future;
    }

    private static PendingConnect pending(ConnectAttempt a) {
        return (PendingConnect) a.attachment();
    }

    /** Opens a top-level stream on an established channel and announces it; the future waits for the reply. */
    private void openTopLevel(Channel channel, String service, String protocol, CompletableFuture<Stream> future) {
        StreamState state = channel.openStream(StreamOpen.topLevel(service, protocol));
        Stream s = new Stream(this, channel, state.id(), null, service, protocol);
        state.attach(s.listener());
        state.setOwner(s);
        s.awaitReply(future);
        channel.announce(state.id());
    }

    // ------------------------------------------------------------------ accept

    /**
     * Listens for top-level streams that other hosts open to {@code service} and {@code protocol}.
     *
     * @throws IllegalStateException if this host already listens on that service and protocol
     * @throws IllegalArgumentException if a name is longer than 255 bytes in UTF-8
     */
    public StreamServer listen(String service, String protocol) {
        java.util.Objects.requireNonNull(service, "service");
        java.util.Objects.requireNonNull(protocol, "protocol");
        if (service.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > StreamOpen.MAX_NAME_LENGTH
                || protocol.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > StreamOpen.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("service and protocol names are at most 255 bytes");
        }
        synchronized (lock) {
            String key = key(service, protocol);
            if (servers.containsKey(key)) {
                throw new IllegalStateException("already listening on service \"" + service + "\", protocol \""
                        + protocol + "\"");
            }
            StreamServer server = new StreamServer(this, service, protocol);
            servers.put(key, server);
            return server;
        }
    }

    void forget(StreamServer server) {
        synchronized (lock) {
            servers.remove(key(server.service(), server.protocol()), server);
        }
    }

    private static String key(String service, String protocol) {
        return service + '\0' + protocol;
    }

    private StreamServer server(String service, String protocol) {
        synchronized (lock) {
            return servers.get(key(service, protocol));
        }
    }

    /**
     * Waits for the next stream opened to this host's default service ("" and protocol "").
     *
     * @throws ClosedChannelException if the host is closed
     * @throws java.io.InterruptedIOException if the thread is interrupted while waiting
     */
    public Stream accept() throws IOException {
        return defaultServer.accept();
    }

    /**
     * As {@link #accept()}, waiting at most {@code timeout}.
     *
     * @throws SocketTimeoutException if no stream arrives in time
     */
    public Stream accept(Duration timeout) throws IOException {
        return defaultServer.accept(timeout);
    }

    /** The next stream to the default service, when it comes; the future completes on the loop thread. */
    public CompletableFuture<Stream> acceptAsync() {
        return defaultServer.acceptAsync();
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
        execute(() -> f.complete(query.get()));
        return f.join();
    }

    HostDriver driver() {
        return driver;
    }

    /** How long a waiter sleeps on its condition before it tries again to poll for itself. */
    private static final long CONDITION_WAIT_NANOS = 2_000_000L;

    /**
     * With {@code lock} held: waits until {@code events} changes or {@code maxNanos} pass (or
     * spuriously). If the loop lends its turns, the calling thread polls the socket itself (no
     * hand-off when the datagram comes); otherwise it sleeps on {@code condition}, which the loop
     * signals, retrying to poll every few milliseconds.
     */
    void awaitEvent(java.util.concurrent.locks.ReentrantLock lock, java.util.concurrent.locks.Condition condition,
                    java.util.function.LongSupplier events, long maxNanos) {
        long seen = events.getAsLong();
        long deadline = driver.nowNanos() + Math.min(maxNanos, Long.MAX_VALUE / 4);
        lock.unlock();
        boolean polled;
        try {
            polled = driver.pollUntil(() -> events.getAsLong() != seen, deadline);
        } finally {
            lock.lock();
        }
        if (!polled && events.getAsLong() == seen) {
            try {
                condition.awaitNanos(Math.min(maxNanos, CONDITION_WAIT_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final System.Logger LOG = System.getLogger(Host.class.getName());

    /** Calls an application's listener on the loop; what it throws is logged, never fatal to the loop. */
    static <T> void callListener(java.util.function.Consumer<T> listener, T value) {
        try {
            listener.accept(value);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a stream listener threw", e);
        }
    }

    /**
     * Runs {@code task} on the loop ({@link HostDriver#execute}); once the host is closed and its
     * loop gone, nothing drives the engine any more, so the task runs here, one caller at a time,
     * and whoever waits on it is not left hanging.
     */
    void execute(Runnable task) {
        try {
            List<HostDriver> all = drivers;
            if (all.size() == 1) {
                driver.execute(task);
            } else {
                // The task runs on the first socket's driver; what it gives a channel on another
                // socket to send must not wait for that socket's next datagram or timer.
                driver.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        flushOtherSockets(all);
                    }
                });
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (engine) {
                task.run();
            }
        }
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
        List<StreamServer> listening;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            listening = new ArrayList<>(servers.values());
        }
        for (StreamServer server : listening) {
            server.close();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        driver.execute(() -> {
            for (Channel c : engine.channels()) {
                c.close(0, "host closed", driver.nowNanos());
            }
        });
        // Runs in the next turn, after the CLOSE packets of the previous one went out.
        driver.execute(() -> {
            for (HostDriver d : drivers) {
                d.close();
            }
            done.complete(null);
        });
        if (ownLoop != null) {
            if (!driver.inDriverThread()) {
                try {
                    done.get(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // the loop is going away regardless
                }
            }
            // From the loop thread itself this only asks the loop to stop, after the tasks above.
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
        public void connected(ConnectAttempt attempt, Channel channel) {
            host.attempts.remove(attempt.peer(), attempt);
            pending(attempt).end();
            for (PendingOpen p : pending(attempt).opens()) {
                host.openTopLevel(channel, p.service(), p.protocol(), p.future());
            }
        }

        @Override
        public void connectFailed(ConnectAttempt attempt, Exception cause) {
            host.attempts.remove(attempt.peer(), attempt);
            pending(attempt).end();
            for (PendingOpen p : pending(attempt).opens()) {
                p.future().completeExceptionally(cause);
            }
        }

        @Override
        public void accepted(Channel channel) {
            // Streams, not channels, are accepted: see streamOpened.
        }

        @Override
        public void streamOpened(Channel channel, StreamState state, StreamOpen open) {
            host.streamOpened(channel, state, open);
        }

        @Override
        public void streamReplied(Channel channel, StreamState state) {
            if (state.owner() instanceof Stream s) {
                s.replied();
            }
        }

        @Override
        public void closed(Channel channel, CloseReason reason) {
            // Streams hear of it through their own listener.
        }

        @Override
        public boolean turnFlushed() {
            // The loop may flush once before bind() has finished building the host.
            return host != null && host.runDeferred();
        }
    }

    /** The peer opened a stream: hand it to the listening service, or to its parent stream. Loop thread. */
    private void streamOpened(Channel channel, StreamState state, StreamOpen open) {
        if (open.isTopLevel()) {
            StreamServer server = server(open.service(), open.protocol());
            if (server == null || server.isClosed()) {
                channel.reset(state.id(), CloseReason.SERVICE_UNAVAILABLE);
                return;
            }
            Stream s = new Stream(this, channel, state.id(), null, open.service(), open.protocol());
            state.attach(s.listener());
            state.setOwner(s);
            if (server.offer(s)) {
                channel.reply(state.id());
            } else {
                channel.reset(state.id(), CloseReason.SERVICE_UNAVAILABLE);
            }
            return;
        }
        StreamState parentState = channel.stream(open.parentId());
        if (parentState == null || !(parentState.owner() instanceof Stream parent)) {
            channel.reset(state.id(), CloseReason.NO_PARENT);
            return;
        }
        Stream sub = new Stream(this, channel, state.id(), parent, parent.service(), parent.protocol());
        state.attach(sub.listener());
        state.setOwner(sub);
        if (!parent.offerSubstream(sub)) {
            channel.reset(state.id(), CloseReason.REFUSED);
        }
    }

    /** Loop-owned: wake-ups of application threads, run once at the end of the turn. */
    private final ArrayList<Runnable> deferred = new ArrayList<>();

    /** Runs {@code wakeUp} at the end of the current turn (driver thread only). */
    void deferToEndOfTurn(Runnable wakeUp) {
        deferred.add(wakeUp);
    }

    /** Runs the deferred wake-ups; returns whether there were any. */
    private boolean runDeferred() {
        if (deferred.isEmpty()) {
            return false;
        }
        for (int i = 0; i < deferred.size(); i++) {
            deferred.get(i).run();
        }
        deferred.clear();
        List<HostDriver> all = drivers;
        if (all.size() > 1) {
            // This runs in one socket's flush; what the wake-ups gave channels on the others to send
            // (a read's credit) needs their flushes too.
            for (HostDriver d : all) {
                d.flushSoon();
            }
        }
        return true;
    }

    /** Has every socket but the first polled again (the first's flush is running or follows). */
    private void flushOtherSockets(List<HostDriver> all) {
        for (int i = 1; i < all.size(); i++) {
            all.get(i).flushSoon();
        }
    }

}
