package io.jsst.association;

import io.jsst.engine.Host;
import io.jsst.engine.HostConfig;
import io.jsst.engine.Stream;
import io.jsst.engine.StreamServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A bound SST host that opens and accepts associations: SCTP's endpoint, one UDP port on one or
 * more local addresses. A one-to-one client uses one for its single association; a server and a
 * one-to-many socket share one among all theirs.
 */
public final class AssociationHost implements AutoCloseable {

    /** Decides on an association a peer asks for. Called on the host's loop thread; must not block. */
    public interface Acceptor {
        /** The limits to answer {@code peer} with, or null to refuse it. */
        StreamLimits offer(InetSocketAddress peer);

        /** A new association, established. */
        void accepted(AssociationSession session);
    }

    /** The receive queue of a new association until its owner sets one. */
    public static final int DEFAULT_RECEIVE_BUFFER = 256 * 1024;
    private static final int MAX_INIT_LENGTH = 8 * 1024;

    private final Host host;
    private final Set<AssociationSession> sessions = ConcurrentHashMap.newKeySet();
    private StreamServer server;
    private volatile Runnable idleAction;

    private AssociationHost(Host host) {
        this.host = host;
    }

    /**
     * Binds a host to {@code addresses} (all with one port; port 0 picks one).
     *
     * @param tune adjusts the host's configuration (buffer sizes, timeouts), may be null
     * @throws IOException if a socket cannot be bound
     */
    public static AssociationHost bind(List<InetSocketAddress> addresses, Consumer<HostConfig.Builder> tune)
            throws IOException {
        HostConfig.Builder b = HostConfig.builder().bindAddresses(addresses.toArray(InetSocketAddress[]::new));
        if (tune != null) {
            tune.accept(b);
        }
        return new AssociationHost(Host.bind(b.build()));
    }

    /** Wraps a host made elsewhere (a simulated one, in tests). */
    public static AssociationHost on(Host host) {
        return new AssociationHost(host);
    }

    /**
     * The local address, port 0, a host binds to when it is about to reach {@code remote} and was
     * given none: the remote's own loopback address when it is a loopback one (nothing else can
     * reach it, and nothing else should reach this socket), else the wildcard address of its family.
     */
    public static InetSocketAddress implicitLocalAddress(InetSocketAddress remote) {
        java.net.InetAddress a = remote.getAddress();
        if (a.isLoopbackAddress()) {
            return new InetSocketAddress(a, 0);
        }
        return new InetSocketAddress(a instanceof java.net.Inet6Address ? "::" : "0.0.0.0", 0);
    }

    public Host host() {
        return host;
    }

    public List<InetSocketAddress> localAddresses() {
        return host.localAddresses();
    }

    long sendBufferSize() {
        return host.config().sendBufferSize();
    }

    /** The associations not yet ended. */
    public List<AssociationSession> sessions() {
        return new ArrayList<>(sessions);
    }

    // ------------------------------------------------------------------ accepting

    /**
     * Accepts associations from now on, asking {@code acceptor} about each.
     *
     * @throws IllegalStateException if this host listens already
     */
    public synchronized void listen(Acceptor acceptor, int receiveBufferSize) {
        if (server != null) {
            throw new IllegalStateException("already listening");
        }
        server = host.listen(AssociationWire.SERVICE, AssociationWire.PROTOCOL);
        server.setListener(control -> answer(control, acceptor, receiveBufferSize));
    }

    /** Stops accepting; established associations go on. */
    public synchronized void stopListening() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public synchronized boolean isListening() {
        return server != null;
    }

    private void answer(Stream control, Acceptor acceptor, int receiveBufferSize) {
        readInit(control).whenComplete((init, error) -> {
            if (error != null) {
                control.reset(AssociationSession.ABORT_CODE);
                return;
            }
            StreamLimits mine = acceptor.offer(control.remoteAddress());
            if (mine == null || init.ack()) {
                control.reset(AssociationSession.ABORT_CODE);
                return;
            }
            try {
                control.tryWrite(ByteBuffer.wrap(AssociationWire.encodeInit(true, mine, localAddresses())), true);
            } catch (IOException e) {
                return;
            }
            AssociationSession s = establish(control, mine, init, receiveBufferSize);
            acceptor.accepted(s);
            s.start();
        });
    }

    // ------------------------------------------------------------------ connecting

    /**
     * Opens an association to {@code remote}: the SST handshake if this host has no channel there
     * yet, then the INIT exchange. The future fails with {@link java.net.PortUnreachableException}
     * when the network reports nothing listening there, with {@link io.jsst.engine.ServiceUnavailableException}
     * when a jsst host there does not accept associations, with {@link SocketTimeoutException} when
     * no answer comes within the connect timeout, and with an {@link IOException} when the peer
     * refuses the association.
     */
    public CompletableFuture<AssociationSession> connect(InetSocketAddress remote, StreamLimits limits,
                                                         int receiveBufferSize) {
        Duration timeout = host.config().connectTimeout();
        CompletableFuture<AssociationSession> result = new CompletableFuture<>();
        Stream.connectToAsync(host, remote, AssociationWire.SERVICE, AssociationWire.PROTOCOL)
                .thenCompose(control -> {
                    try {
                        control.tryWrite(ByteBuffer.wrap(AssociationWire.encodeInit(false, limits, localAddresses())),
                                true);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                    AssociationTimer.schedule(() -> {
                        if (result.completeExceptionally(new SocketTimeoutException(
                                "no answer to the association's INIT from " + remote + " within " + timeout))) {
                            control.reset(AssociationSession.ABORT_CODE);
                        }
                    }, timeout.toNanos());
                    return readInit(control).thenApply(init -> {
                        if (!init.ack()) {
                            throw new CompletionException(new MalformedAssociationException("INIT answered with INIT"));
                        }
                        return establish(control, limits, init, receiveBufferSize);
                    });
                })
                .whenComplete((session, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause instanceof io.jsst.engine.StreamResetException) {
                            cause = new java.net.ConnectException("association refused by " + remote);
                        }
                        result.completeExceptionally(cause);
                    } else if (!result.complete(session)) {
                        session.abort();
                    } else {
                        session.start();
                    }
                });
        return result;
    }

    private AssociationSession establish(Stream control, StreamLimits mine, AssociationWire.Init peer,
                                         int receiveBufferSize) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        InetSocketAddress seen = control.remoteAddress();
        addresses.add(seen);
        for (InetSocketAddress a : peer.addresses()) {
            InetSocketAddress resolved = a.getAddress().isAnyLocalAddress()
                    ? new InetSocketAddress(seen.getAddress(), a.getPort()) : a;
            if (!addresses.contains(resolved)) {
                addresses.add(resolved);
            }
        }
        AssociationSession s = new AssociationSession(this, control, StreamCounts.negotiate(mine, peer.limits()),
                addresses, receiveBufferSize);
        sessions.add(s);
        return s;
    }

    private static CompletableFuture<AssociationWire.Init> readInit(Stream control) {
        return control.readMessageAsync().thenApply(message -> {
            try {
                if (message == null || message.length > MAX_INIT_LENGTH) {
                    throw new MalformedAssociationException("the control stream does not begin with an INIT");
                }
                return AssociationWire.decodeInit(message);
            } catch (MalformedAssociationException e) {
                throw new CompletionException(e);
            }
        });
    }

    // ------------------------------------------------------------------ the end

    void ended(AssociationSession session) {
        sessions.remove(session);
        Runnable idle = idleAction;
        if (idle != null && sessions.isEmpty()) {
            idle.run();
        }
    }

    /**
     * Closes the host once every association has ended (at once if none is left), so graceful
     * shutdowns in progress complete. Returns at once.
     */
    public void closeWhenIdle(Duration bound) {
        stopListening();
        // Never on the loop thread, which closing the host waits for.
        idleAction = () -> AssociationTimer.schedule(this::close, 0);
        if (sessions.isEmpty()) {
            close();
        } else {
            AssociationTimer.schedule(this::close, bound.toNanos());
        }
    }

    /** Closes the host at once: every association on it is lost. */
    @Override
    public void close() {
        stopListening();
        host.close();
    }
}
