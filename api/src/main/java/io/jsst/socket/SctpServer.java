package io.jsst.socket;

import io.jsst.association.AssociationHost;
import io.jsst.association.AssociationSession;
import io.jsst.association.StreamLimits;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An SCTP server after Qt's {@code QSctpServer} (and the {@code QTcpServer} it extends): it listens
 * on a UDP port for jsst associations and hands each one over as a connected {@link SctpSocket}.
 *
 * <p>The server is told how many channels it is prepared to support with
 * {@link #setMaximumChannelCount(int)}: a negative count is TCP emulation (every client is one
 * continuous byte stream; take them with {@link #nextPendingConnection()}); 0, the default, takes
 * the peer's value; a positive count is the most it supports. Each accepted socket inherits the
 * server's count and adjusts it to the peer's, as {@link SctpSocket} describes; datagram-mode
 * connections are taken with {@link #nextPendingDatagramConnection()}.
 *
 * <pre>
 *   peer's INIT ──▶ accepted on jsst's thread ──▶ incomingConnection(socket) on the server's event thread
 *                                                    └─ default: addPendingConnection(socket) ──▶ newConnection()
 *   nextPendingConnection() / nextPendingDatagramConnection() take it
 * </pre>
 *
 * <p>At most {@link #maxPendingConnections()} (30 by default) connections are pending; beyond that,
 * and while accepting is paused, new associations wait in a backlog of {@value #BACKLOG} (as
 * connections wait in the kernel's listen backlog), and beyond that are refused (the client sees
 * {@link SocketError#CONNECTION_REFUSED}; listeners' {@code acceptError(SOCKET_RESOURCE)}). Closing the server
 * aborts the connections still pending or waiting; sockets already taken keep working.
 *
 * <p>Threads: listeners run on the executor they were registered with (by default the server's
 * own event thread, a serial executor on a shared pool of daemon threads), and so does
 * {@link #incomingConnection(SctpSocket)}. Every method may be called from any thread.
 */
public class SctpServer implements AutoCloseable {

    /** Associations held, accepted but not yet pending, while accepting is paused or the pending queue is full. */
    public static final int BACKLOG = 50;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Executor events = EventThreads.serial();
    private final ListenerRegistry<SctpServerListener> listeners = new ListenerRegistry<>();

    private int maximumChannelCount;
    private int maxPending = 30;
    private AssociationHost host;
    private boolean listening;
    private boolean paused;
    private final ArrayDeque<SctpSocket> pending = new ArrayDeque<>();
    private final ArrayDeque<SctpSocket> backlog = new ArrayDeque<>();
    /**
     * The sockets still using each host this server listened on (pending, waiting or taken): a host
     * is closed once the server stopped listening on it and its last socket is done.
     */
    private final Map<AssociationHost, Set<SctpSocket>> live = new HashMap<>();
    private SocketError error = SocketError.UNKNOWN_SOCKET;
    private String errorString = SocketError.UNKNOWN_SOCKET.message();

    /** A server in datagram mode with maximum channel count 0 (the peer's value), not listening. */
    public SctpServer() {
    }

    // ------------------------------------------------------------------ channel count

    /**
     * Sets the most channels the server is prepared to support in datagram mode: 0 uses the
     * peer's value, a negative count sets TCP emulation.
     *
     * @throws IllegalStateException while the server is listening
     */
    public void setMaximumChannelCount(int count) {
        lock.lock();
        try {
            if (listening) {
                throw new IllegalStateException("the channel count can only be set while not listening");
            }
            maximumChannelCount = Math.max(count, -1);
        } finally {
            lock.unlock();
        }
    }

    /** The most channels accepted sockets support: 0 (the default) for the peer's value, -1 in TCP emulation. */
    public int maximumChannelCount() {
        return locked(() -> maximumChannelCount);
    }

    // ------------------------------------------------------------------ listening

    /**
     * Listens on every address, on a port chosen by the system.
     *
     * @see #listen(InetAddress, int)
     */
    public boolean listen() {
        return listen(Wildcard.IPV4, 0);
    }

    /**
     * Listens on {@code address} (null: every address) and {@code port} (0: chosen by the system).
     *
     * @return true on success; false if the server listens already (as Qt's), or if the port cannot
     *     be bound, with {@link #serverError()} {@link SocketError#ADDRESS_IN_USE} when it is taken
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     */
    public boolean listen(InetAddress address, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        lock.lock();
        try {
            if (listening) {
                return false;
            }
            InetSocketAddress at = address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
            AssociationHost h;
            try {
                h = AssociationHost.bind(List.of(at), null);
            } catch (BindException e) {
                error = SocketError.ADDRESS_IN_USE;
                errorString = SocketError.ADDRESS_IN_USE.message();
                return false;
            } catch (IOException e) {
                error = SocketError.SOCKET_RESOURCE;
                errorString = String.valueOf(e.getMessage());
                return false;
            }
            int count = maximumChannelCount;
            h.listen(new AssociationHost.Acceptor() {
                @Override
                public StreamLimits offer(InetSocketAddress peer) {
                    return admits() ? StreamLimits.ofChannelCount(count) : null;
                }

                @Override
                public void accepted(AssociationSession session) {
                    arrived(h, new SctpSocket(SctpServer.this, session, count));
                }
            }, AssociationHost.DEFAULT_RECEIVE_BUFFER);
            host = h;
            live.put(h, new HashSet<>());
            listening = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the server is listening. */
    public boolean isListening() {
        return locked(() -> listening);
    }

    /** The address the server listens on, or null when not listening. */
    public InetAddress serverAddress() {
        return locked(() -> listening ? host.localAddresses().get(0).getAddress() : null);
    }

    /** The port the server listens on, or 0 when not listening. */
    public int serverPort() {
        return locked(() -> listening ? host.localAddresses().get(0).getPort() : 0);
    }

    /** The last error; {@link SocketError#UNKNOWN_SOCKET} if there was none. */
    public SocketError serverError() {
        return locked(() -> error);
    }

    /** A human-readable description of the last error. */
    public String errorString() {
        return locked(() -> errorString);
    }

    /**
     * Stops listening: the connections pending or waiting in the backlog are aborted; sockets
     * already taken keep working (the port stays bound until the last of them is done). Never blocks.
     */
    @Override
    public void close() {
        List<SctpSocket> drop;
        AssociationHost closed;
        lock.lock();
        try {
            if (!listening) {
                return;
            }
            closed = host;
            host = null;
            listening = false;
            paused = false;
            closed.stopListening();
            drop = new ArrayList<>(pending);
            drop.addAll(backlog);
            pending.clear();
            backlog.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (SctpSocket s : drop) {
            s.abort();
        }
        releaseIfUnused(closed);
    }

    // ------------------------------------------------------------------ pending connections

    /** The most connections pending at once (30 by default, as Qt's); beyond it new ones wait. */
    public void setMaxPendingConnections(int count) {
        lock.lock();
        try {
            maxPending = count;
        } finally {
            lock.unlock();
        }
        promoteBacklog();
    }

    /** The most connections pending at once. */
    public int maxPendingConnections() {
        return locked(() -> maxPending);
    }

    /** Whether a connection is pending. */
    public boolean hasPendingConnections() {
        return locked(() -> !pending.isEmpty());
    }

    /**
     * Takes the next pending connection, whatever its mode: in TCP emulation a connected byte-stream
     * socket ({@link SctpSocket#getInputStream()}, {@link SctpSocket#read(byte[])} ...). Null if none
     * is pending. Never blocks.
     */
    public SctpSocket nextPendingConnection() {
        return take(false);
    }

    /** Takes the next pending datagram-mode connection, connected; null if there is none. Never blocks. */
    public SctpSocket nextPendingDatagramConnection() {
        return take(true);
    }

    private SctpSocket take(boolean datagramOnly) {
        SctpSocket taken = null;
        lock.lock();
        try {
            for (Iterator<SctpSocket> i = pending.iterator(); i.hasNext(); ) {
                SctpSocket s = i.next();
                if (!datagramOnly || s.isInDatagramMode()) {
                    i.remove();
                    taken = s;
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        if (taken != null) {
            promoteBacklog();
        }
        return taken;
    }

    /**
     * Waits until a connection is pending: true at once if one is, false if the timeout passes first
     * or the server is not listening. A negative timeout waits without bound.
     *
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean waitForNewConnection(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = timeout.isNegative() ? Long.MAX_VALUE
                : System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        lock.lock();
        try {
            while (pending.isEmpty()) {
                if (!listening) {
                    return false;
                }
                try {
                    if (deadline == Long.MAX_VALUE) {
                        changed.await();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        changed.awaitNanos(left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing over new connections; they wait in the backlog until {@link #resumeAccepting()}. */
    public void pauseAccepting() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Hands over connections again, first those that waited. */
    public void resumeAccepting() {
        lock.lock();
        try {
            paused = false;
        } finally {
            lock.unlock();
        }
        promoteBacklog();
    }

    /**
     * Called on the server's event thread for each new connection, already connected. The default
     * makes it pending ({@link #addPendingConnection}); override it to take the socket yourself (for
     * instance to hand it to another thread), and call {@link #addPendingConnection} if it should be
     * pending after all.
     */
    protected void incomingConnection(SctpSocket socket) {
        addPendingConnection(socket);
    }

    /**
     * Makes {@code socket} pending, to be returned by {@link #nextPendingConnection()} (or
     * {@link #nextPendingDatagramConnection()}); if the server is no longer listening the socket is
     * aborted instead, as the connections it held when it closed.
     *
     * @throws NullPointerException if {@code socket} is null
     */
    protected void addPendingConnection(SctpSocket socket) {
        Objects.requireNonNull(socket, "socket");
        lock.lock();
        try {
            if (listening) {
                pending.add(socket);
                changed.signalAll();
                return;
            }
        } finally {
            lock.unlock();
        }
        socket.abort();   // the server closed meanwhile: as the connections it held, this one is closed
    }

    // ------------------------------------------------------------------ listeners

    /** Registers {@code listener}, called on the server's event thread. */
    public void addListener(SctpServerListener listener) {
        addListener(listener, events);
    }

    /**
     * Registers {@code listener}, called on {@code executor}.
     *
     * @throws NullPointerException if an argument is null
     */
    public void addListener(SctpServerListener listener, Executor executor) {
        listeners.add(listener, executor);
    }

    /** Removes every registration of {@code listener}. */
    public void removeListener(SctpServerListener listener) {
        listeners.remove(listener);
    }

    private void emit(Consumer<SctpServerListener> event) {
        listeners.emit(event);
    }

    // ------------------------------------------------------------------ arrivals

    /**
     * On jsst's thread, before the INIT is answered: whether a new association can be taken. One
     * refused because the backlog is full is reported as {@code acceptError(SOCKET_RESOURCE)}.
     */
    private boolean admits() {
        boolean full;
        lock.lock();
        try {
            if (!listening) {
                return false;
            }
            full = backlog.size() >= BACKLOG;
            if (full) {
                error = SocketError.SOCKET_RESOURCE;
                errorString = "The backlog of " + BACKLOG + " connections is full";
            }
        } finally {
            lock.unlock();
        }
        if (full) {
            emit(l -> l.acceptError(SocketError.SOCKET_RESOURCE));
        }
        return !full;
    }

    /** On jsst's thread: a new association, as a connected socket. */
    private void arrived(AssociationHost on, SctpSocket socket) {
        lock.lock();
        try {
            live.get(on).add(socket);
            if (!listening) {
                EventThreads.run(socket::abort);
                return;
            }
            backlog.add(socket);
        } finally {
            lock.unlock();
        }
        promoteBacklog();
    }

    /** Hands waiting connections over, on the event thread, while there is room. */
    private void promoteBacklog() {
        events.execute(() -> {
            while (true) {
                SctpSocket next;
                lock.lock();
                try {
                    if (!listening || paused || backlog.isEmpty() || pending.size() >= maxPending) {
                        return;
                    }
                    next = backlog.poll();
                } finally {
                    lock.unlock();
                }
                try {
                    incomingConnection(next);
                } finally {
                    emit(SctpServerListener::newConnection);
                }
            }
        });
    }

    /** A socket of this server is done with its host. */
    void socketReleased(SctpSocket socket) {
        List<AssociationHost> hosts = new ArrayList<>();
        lock.lock();
        try {
            for (Map.Entry<AssociationHost, Set<SctpSocket>> e : live.entrySet()) {
                if (e.getValue().remove(socket)) {
                    hosts.add(e.getKey());
                }
            }
        } finally {
            lock.unlock();
        }
        for (AssociationHost h : hosts) {
            releaseIfUnused(h);
        }
    }

    /** Closes {@code h} (gracefully: associations shutting down may finish) once nothing uses it any more. */
    private void releaseIfUnused(AssociationHost h) {
        lock.lock();
        try {
            Set<SctpSocket> users = live.get(h);
            if (h == host || users == null || !users.isEmpty()) {
                return;
            }
            live.remove(h);
        } finally {
            lock.unlock();
        }
        h.closeWhenIdle(SctpSocket.LINGER);
    }

    /** {@code value}, read with the lock held. */
    private <T> T locked(java.util.function.Supplier<T> value) {
        lock.lock();
        try {
            return value.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SctpServer[" + (isListening() ? "listening on port " + serverPort() : "not listening") + ", count "
                + maximumChannelCount() + "]";
    }
}
