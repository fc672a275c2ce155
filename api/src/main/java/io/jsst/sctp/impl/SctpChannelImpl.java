package io.jsst.sctp.impl;

import io.jsst.association.AssociationHost;
import io.jsst.nio.ReadinessBackedChannel;
import io.jsst.nio.ReadinessSupport;
import io.jsst.association.AssociationSession;
import io.jsst.association.Inbound;
import io.jsst.association.StreamCounts;
import io.jsst.sctp.Association;
import io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent;
import io.jsst.sctp.HandlerResult;
import io.jsst.sctp.InvalidStreamException;
import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.Notification;
import io.jsst.sctp.NotificationHandler;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpSocketOption;
import io.jsst.sctp.SctpStandardSocketOptions;
import io.jsst.sctp.SctpStandardSocketOptions.InitMaxStreams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * jsst's one-to-one SCTP channel: one association, on a host of its own (a client) or shared with
 * the server or one-to-many channel it came from (accepted or branched).
 *
 * <p>Locks, as in the JDK: {@code receiveLock} serialises receivers, {@code sendLock} senders,
 * {@code stateLock} guards the state; connect and finishConnect hold both of the first two.
 */
public class SctpChannelImpl extends SctpChannel implements ReadinessBackedChannel {

    private static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

    private final Object receiveLock = new Object();
    private final Object sendLock = new Object();
    private final Object stateLock = new Object();
    private final SctpOptionValues options = new SctpOptionValues();
    private final NotificationDispatch dispatch = new NotificationDispatch();
    private final ReadinessSupport readiness = new ReadinessSupport(validOps());
    private final Runnable sessionReadiness = this::readinessChanged;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private AssociationHost host;
    private boolean ownsHost;
    private List<InetSocketAddress> localAddresses = List.of();
    private volatile CompletableFuture<AssociationSession> connecting;
    private volatile AssociationSession session;
    private volatile Association association;
    /** Read without the state lock by readiness checks, which the loop thread makes. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Notification> pendingNotifications =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private boolean shutdownSeen;
    private volatile boolean endOfStream;

    /** An open, unbound, unconnected channel. */
    public SctpChannelImpl(SelectorProvider provider) {
        super(provider);
    }

    /** A connected channel on an association that arrived at a server or was branched off a multi channel. */
    SctpChannelImpl(SelectorProvider provider, AssociationSession established, boolean announce) {
        super(provider);
        this.host = established.host();
        this.localAddresses = host.localAddresses();
        install(established, announce);
    }

    // ------------------------------------------------------------------ state

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private void install(AssociationSession s, boolean announce) {
        StreamCounts c = s.counts();
        Association a = new AssociationImpl(s.id(), c.inbound(), c.outbound());
        synchronized (stateLock) {
            session = s;
            association = a;
            if (announce) {
                pendingNotifications.add(new AssociationChangeNotificationImpl(a, AssocChangeEvent.COMM_UP));
            }
        }
        s.addReadinessListener(sessionReadiness);
        readinessChanged();
    }

    @Override
    public Association association() throws IOException {
        ensureOpen();
        return association;
    }

    boolean isConnected() {
        return session != null;
    }

    // ------------------------------------------------------------------ binding

    @Override
    public SctpChannel bind(SocketAddress local) throws IOException {
        synchronized (receiveLock) {
            synchronized (sendLock) {
                synchronized (stateLock) {
                    ensureOpen();
                    if (session != null) {
                        throw new AlreadyConnectedException();
                    }
                    if (connecting != null) {
                        throw new ConnectionPendingException();
                    }
                    if (host != null) {
                        throw new AlreadyBoundException();
                    }
                    InetSocketAddress a = local == null ? new InetSocketAddress(0) : Addresses.check(local);
                    bindTo(List.of(a));
                    return this;
                }
            }
        }
    }

    /** With the state lock held: (re)binds the host to {@code addresses}, all on one port. */
    private void bindTo(List<InetSocketAddress> addresses) throws IOException {
        if (host != null) {
            host.close();
        }
        host = AssociationHost.bind(addresses, options.hostSettings());
        ownsHost = true;
        localAddresses = host.localAddresses();
    }

    @Override
    public SctpChannel bindAddress(InetAddress address) throws IOException {
        return changeAddresses(address, true);
    }

    @Override
    public SctpChannel unbindAddress(InetAddress address) throws IOException {
        return changeAddresses(address, false);
    }

    private SctpChannel changeAddresses(InetAddress address, boolean add) throws IOException {
        Addresses.checkNotNull(address);
        synchronized (stateLock) {
            ensureOpen();
            if (host == null) {
                throw new NotYetBoundException();
            }
            List<InetSocketAddress> next = Addresses.changed(localAddresses, address, add);
            checkNoAssociation();
            bindTo(next);
            return this;
        }
    }

    private void checkNoAssociation() throws IOException {
        if (session != null || connecting != null || !ownsHost) {
            throw new SocketException("Adding or removing addresses of an established association is not supported");
        }
    }

    @Override
    public Set<SocketAddress> getAllLocalAddresses() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            return Addresses.setOf(localAddresses);
        }
    }

    @Override
    public Set<SocketAddress> getRemoteAddresses() throws IOException {
        synchronized (stateLock) {
            ensureOpen();
            AssociationSession s = session;
            if (s == null || shutdownSeen || s.isShutdown()) {
                return Collections.emptySet();
            }
            return Addresses.setOf(s.peerAddresses());
        }
    }

    // ------------------------------------------------------------------ connecting

    @Override
    public boolean connect(SocketAddress remote) throws IOException {
        synchronized (receiveLock) {
            synchronized (sendLock) {
                CompletableFuture<AssociationSession> f;
                synchronized (stateLock) {
                    ensureOpen();
                    if (session != null) {
                        throw new AlreadyConnectedException();
                    }
                    if (connecting != null) {
                        throw new ConnectionPendingException();
                    }
                    InetSocketAddress target = Addresses.remote(remote);
                    if (host == null) {
                        bindTo(List.of(AssociationHost.implicitLocalAddress(target)));
                    }
                    f = host.connect(target, options.limits(), options.receiveBuffer());
                    connecting = f;
                    f.whenComplete((s, e) -> readinessChanged());
                }
                if (!isBlocking() && !f.isDone()) {
                    return false;
                }
                return awaitConnected(f);
            }
        }
    }

    @Override
    public boolean connect(SocketAddress remote, int maxOutStreams, int maxInStreams) throws IOException {
        // As the JDK: the channel's state is checked before the counts, and the option is left alone
        // when connect cannot start.
        synchronized (stateLock) {
            ensureOpen();
            if (session != null) {
                throw new AlreadyConnectedException();
            }
            if (connecting != null) {
                throw new ConnectionPendingException();
            }
        }
        setOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS, InitMaxStreams.create(maxInStreams, maxOutStreams));
        return connect(remote);
    }

    @Override
    public boolean isConnectionPending() {
        synchronized (stateLock) {
            return connecting != null;
        }
    }

    @Override
    public boolean finishConnect() throws IOException {
        synchronized (receiveLock) {
            synchronized (sendLock) {
                CompletableFuture<AssociationSession> f;
                synchronized (stateLock) {
                    ensureOpen();
                    if (session != null) {
                        return true;
                    }
                    if (connecting == null) {
                        throw new NoConnectionPendingException();
                    }
                    f = connecting;
                }
                if (!isBlocking() && !f.isDone()) {
                    return false;
                }
                return awaitConnected(f);
            }
        }
    }

    /** Waits for the association; on failure closes the channel and throws, as the JDK does. */
    private boolean awaitConnected(CompletableFuture<AssociationSession> f) throws IOException {
        boolean completed = false;
        try {
            begin();
            CompletableFuture.anyOf(f, closed).get();
            if (!f.isDone()) {
                return false;
            }
            AssociationSession s = f.get();
            synchronized (stateLock) {
                connecting = null;
            }
            install(s, true);
            completed = true;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            completed = true;
            close();
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        } finally {
            readinessChanged();
            end(completed);
        }
    }

    // ------------------------------------------------------------------ sending and receiving

    @Override
    public int send(ByteBuffer src, MessageInfo info) throws IOException {
        if (src == null) {
            throw new IllegalArgumentException("buffer cannot be null");
        }
        if (info == null) {
            throw new IllegalArgumentException("messageInfo cannot be null");
        }
        Association current = association;
        if (info.association() != null && info.association() != current) {
            throw new IllegalArgumentException("Cannot send to another association");
        }
        int stream = info.streamNumber();
        if (current != null && (stream < 0 || stream >= current.maxOutboundStreams())) {
            throw new InvalidStreamException();
        }
        synchronized (sendLock) {
            ensureOpen();
            AssociationSession s = session;
            if (s == null) {
                throw new NotYetConnectedException();
            }
            if (s.isShutdown()) {
                throw new ClosedChannelException();
            }
            SocketAddress to = info.address();
            if (to != null && !s.peerAddresses().contains(to)) {
                throw new SocketException("Invalid argument: " + to + " is not an address of the peer");
            }
            boolean complete = !options.explicitComplete() || info.isComplete();
            boolean blocking = isBlocking();
            int n = 0;
            boolean completed = false;
            try {
                begin();
                n = s.send(stream, info.isUnordered(), info.payloadProtocolID(), info.timeToLive(), complete, src,
                        blocking ? -1 : 0);
                completed = n > 0 || !blocking || !src.hasRemaining();
                return n;
            } finally {
                readinessChanged();
                end(completed);
            }
        }
    }

    @Override
    public <T> MessageInfo receive(ByteBuffer dst, T attachment, NotificationHandler<T> handler) throws IOException {
        if (dst == null) {
            throw new IllegalArgumentException("buffer cannot be null");
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        dispatch.checkNotInHandler();
        synchronized (receiveLock) {
            ensureOpen();
            AssociationSession s = session;
            if (s == null) {
                throw new NotYetConnectedException();
            }
            boolean completed = false;
            try {
                begin();
                while (true) {
                    if (!isOpen()) {
                        // Closed while this receive ran (a handler returned, or a wait ended): what the
                        // close queued (its own shutdown, the end) is not this receive's to report.
                        return null;
                    }
                    Notification n;
                    synchronized (stateLock) {
                        n = pendingNotifications.poll();
                    }
                    if (n == null) {
                        if (endOfStream) {
                            completed = true;
                            return endOfStream();
                        }
                        Inbound in = s.receive(dst, isBlocking() ? -1 : 0);
                        if (in == null) {
                            completed = isOpen();
                            return null;
                        }
                        if (in instanceof Inbound.Received r) {
                            completed = true;
                            return MessageInfoImpl.received(association, s.primaryPeerAddress(), r.length(),
                                    r.streamNumber(), r.complete(), r.unordered(), r.payloadProtocolId());
                        }
                        if (in instanceof Inbound.End) {
                            endOfStream = true;
                            continue;
                        }
                        if (in instanceof Inbound.PeerShutdown || in instanceof Inbound.ShutdownComplete
                                || in instanceof Inbound.Lost) {
                            synchronized (stateLock) {
                                shutdownSeen = true;
                            }
                        }
                        n = NotificationDispatch.notificationFor(in, association);
                        if (n == null) {
                            continue;
                        }
                    }
                    if (dispatch.dispatch(n, attachment, handler) == HandlerResult.RETURN) {
                        completed = true;
                        return null;
                    }
                }
            } finally {
                readinessChanged();
                end(completed);
            }
        }
    }

    private MessageInfo endOfStream() {
        return MessageInfoImpl.received(association, null, -1, 0, true, false, 0);
    }

    @Override
    public SctpChannel shutdown() throws IOException {
        AssociationSession s;
        synchronized (stateLock) {
            ensureOpen();
            s = session;
            if (s == null) {
                throw new NotYetConnectedException();
            }
            shutdownSeen = true;
        }
        s.shutdown();
        return this;
    }

    // ------------------------------------------------------------------ options

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(SctpSocketOption<T> name) throws IOException {
        SctpOptionValues.checkSupported(name, supportedOptions());
        synchronized (stateLock) {
            ensureOpen();
            if (name == SctpStandardSocketOptions.SCTP_PRIMARY_ADDR) {
                AssociationSession s = session;
                if (s == null) {
                    throw new NotYetConnectedException();
                }
                return (T) s.primaryPeerAddress();
            }
            if (name == SctpStandardSocketOptions.SCTP_SET_PEER_PRIMARY_ADDR) {
                throw new IllegalArgumentException("SCTP_SET_PEER_PRIMARY_ADDR cannot be retrieved");
            }
            return (T) options.get(name);
        }
    }

    @Override
    public <T> SctpChannel setOption(SctpSocketOption<T> name, T value) throws IOException {
        SctpOptionValues.checkSet(name, value, supportedOptions());
        AssociationSession s;
        synchronized (stateLock) {
            ensureOpen();
            s = session;
            if (name == SctpStandardSocketOptions.SCTP_PRIMARY_ADDR
                    || name == SctpStandardSocketOptions.SCTP_SET_PEER_PRIMARY_ADDR) {
                if (s == null) {
                    throw new NotYetConnectedException();
                }
                if (name == SctpStandardSocketOptions.SCTP_PRIMARY_ADDR && !s.peerAddresses().contains(value)) {
                    throw new SocketException("Invalid argument: " + value + " is not an address of the peer");
                }
            }
            options.set(name, value);
        }
        // Outside the lock: these wait for the engine's loop, whose readiness checks take no lock but
        // must not find one held by a thread waiting for them.
        if (s != null && name == SctpStandardSocketOptions.SCTP_PRIMARY_ADDR) {
            s.setPrimaryPeerAddress((InetSocketAddress) value);
        } else if (s != null && name == SctpStandardSocketOptions.SO_RCVBUF) {
            s.setReceiveBufferSize(options.receiveBuffer());
        }
        return this;
    }

    @Override
    public Set<SctpSocketOption<?>> supportedOptions() {
        return SctpOptionValues.CHANNEL_OPTIONS;
    }

    // ------------------------------------------------------------------ selection

    /** The operations that would not block now (see {@code io.jsst.nio.JsstSelectableChannel}). */
    private int currentReadyOps() {
        if (!isOpen()) {
            return 0;
        }
        int ops = 0;
        // No lock here: the engine's loop thread runs this, and an application thread may hold the
        // state lock while it waits for the loop.
        CompletableFuture<AssociationSession> f = connecting;
        boolean notifications = !pendingNotifications.isEmpty();
        if (f != null && f.isDone()) {
            ops |= SelectionKey.OP_CONNECT;
        }
        AssociationSession s = session;
        if (s != null) {
            if (notifications || endOfStream || s.isReadable()) {
                ops |= SelectionKey.OP_READ;
            }
            if (s.isWritable() || s.hasEnded()) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        return ops & validOps();
    }

    @Override
    public ReadinessSupport readiness() {
        return readiness;
    }

    /** Recomputes what would not block now; the selectors holding this channel hear of a change. */
    void readinessChanged() {
        readiness.update(currentReadyOps());
    }

    // ------------------------------------------------------------------ closing

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        closed.complete(null);
        AssociationSession s;
        CompletableFuture<AssociationSession> f;
        synchronized (stateLock) {
            s = session;
            f = connecting;
        }
        boolean abort = options.linger() == 0;
        if (s != null) {
            s.releaseWaiters();
            s.removeReadinessListener(sessionReadiness);
            if (abort) {
                s.abort();
            } else {
                s.shutdown();
            }
        } else if (f != null) {
            f.thenAccept(AssociationSession::abort);
        }
        if (ownsHost && host != null) {
            if (abort || s == null) {
                host.close();
            } else {
                host.closeWhenIdle(CLOSE_BOUND);
            }
        }
        readiness.close();
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        // Blocking is a matter of how each call waits; nothing to switch underneath.
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (session != null ? session : localAddresses) + "]";
    }
}
