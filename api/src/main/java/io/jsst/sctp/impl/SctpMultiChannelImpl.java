package io.jsst.sctp.impl;

import io.jsst.association.AssociationHost;
import io.jsst.nio.ReadinessBackedChannel;
import io.jsst.nio.ReadinessSupport;
import io.jsst.association.AssociationSession;
import io.jsst.association.Inbound;
import io.jsst.association.StreamCounts;
import io.jsst.association.StreamLimits;
import io.jsst.sctp.Association;
import io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent;
import io.jsst.sctp.HandlerResult;
import io.jsst.sctp.InvalidStreamException;
import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.Notification;
import io.jsst.sctp.NotificationHandler;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpMultiChannel;
import io.jsst.sctp.SctpSocketOption;
import io.jsst.sctp.SctpStandardSocketOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * jsst's one-to-many SCTP channel: one host, many associations, set up by the first send to a new
 * address or by a peer's; received messages and notifications of all of them come through one
 * receive.
 */
public class SctpMultiChannelImpl extends SctpMultiChannel implements ReadinessBackedChannel {

    /** An association of this channel. */
    private static final class Member {
        final AssociationSession session;
        final Association association;
        boolean announced;
        boolean shutdown;

        Member(AssociationSession session) {
            this.session = session;
            StreamCounts c = session.counts();
            this.association = new AssociationImpl(session.id(), c.inbound(), c.outbound());
        }
    }

    /** A message sent to an address whose association is being set up. */
    private record Queued(int stream, boolean unordered, int ppid, long lifetime, boolean complete, ByteBuffer data) {
    }

    /** An association being set up by a send, and the messages waiting for it. */
    private static final class Setup {
        final InetSocketAddress address;
        final List<Queued> messages = new ArrayList<>();

        Setup(InetSocketAddress address) {
            this.address = address;
        }
    }

    private final Object receiveLock = new Object();
    private final Object sendLock = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final SctpOptionValues options = new SctpOptionValues();
    private final NotificationDispatch dispatch = new NotificationDispatch();
    private final ReadinessSupport readiness = new ReadinessSupport(validOps());
    private final Runnable memberReadiness = this::readinessChanged;
    private final Map<Integer, Member> members = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Setup> setups = new LinkedHashMap<>();
    /** Notifications of this channel itself (COMM_UP, CANT_START, SendFailed of a setup), in order. */
    private final ArrayDeque<Notification> events = new ArrayDeque<>();
    private AssociationHost host;
    private List<InetSocketAddress> localAddresses = List.of();
    private int backlog;
    private Member partial;
    private int nextScan;

    public SctpMultiChannelImpl(SelectorProvider provider) {
        super(provider);
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    // ------------------------------------------------------------------ binding

    @Override
    public SctpMultiChannel bind(SocketAddress local, int backlog) throws IOException {
        synchronized (receiveLock) {
            synchronized (sendLock) {
                lock.lock();
                try {
                    ensureOpen();
                    if (host != null) {
                        throw new AlreadyBoundException();
                    }
                    InetSocketAddress a = local == null ? new InetSocketAddress(0) : Addresses.check(local);
                    this.backlog = backlog <= 0 ? SctpServerChannelImpl.DEFAULT_BACKLOG : backlog;
                    listenOn(List.of(a));
                    return this;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private void listenOn(List<InetSocketAddress> addresses) throws IOException {
        if (host != null) {
            host.close();
        }
        host = AssociationHost.bind(addresses, options.hostSettings());
        localAddresses = host.localAddresses();
        host.listen(new AssociationHost.Acceptor() {
            @Override
            public StreamLimits offer(InetSocketAddress peer) {
                lock.lock();
                try {
                    return isOpen() && members.size() < Math.max(backlog, 65_535) ? options.limits() : null;
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void accepted(AssociationSession session) {
                join(session);
            }
        }, options.receiveBuffer());
    }

    @Override
    public SctpMultiChannel bindAddress(InetAddress address) throws IOException {
        return changeAddresses(address, true);
    }

    @Override
    public SctpMultiChannel unbindAddress(InetAddress address) throws IOException {
        return changeAddresses(address, false);
    }

    private SctpMultiChannel changeAddresses(InetAddress address, boolean add) throws IOException {
        Addresses.checkNotNull(address);
        lock.lock();
        try {
            ensureOpen();
            if (host == null) {
                throw new NotYetBoundException();
            }
            List<InetSocketAddress> next = Addresses.changed(localAddresses, address, add);
            if (!members.isEmpty() || !setups.isEmpty()) {
                throw new SocketException("Addresses of a channel with associations cannot change");
            }
            listenOn(next);
            return this;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<SocketAddress> getAllLocalAddresses() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            return Addresses.setOf(localAddresses);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ associations

    /** A new association, set up by either side: it joins, and COMM_UP is queued for it. */
    private void join(AssociationSession session) {
        lock.lock();
        try {
            if (!isOpen()) {
                session.abort();
                return;
            }
            Member m = new Member(session);
            members.put(session.id(), m);
            events.add(new AssociationChangeNotificationImpl(m.association, AssocChangeEvent.COMM_UP));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        session.addReadinessListener(memberReadiness);
        readinessChanged();
    }

    private Member member(Association association) {
        if (association == null) {
            throw new IllegalArgumentException("association cannot be null");
        }
        Member m = members.get(association.associationID());
        if (m == null || m.association != association) {
            throw new IllegalArgumentException("Given Association is not controlled by this channel");
        }
        return m;
    }

    @Override
    public Set<Association> associations() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (host == null) {
                throw new NotYetBoundException();
            }
            Set<Association> out = new LinkedHashSet<>();
            for (Member m : members.values()) {
                if (m.announced) {
                    out.add(m.association);
                }
            }
            return Collections.unmodifiableSet(out);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Set<SocketAddress> getRemoteAddresses(Association association) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (host == null) {
                throw new NotYetBoundException();
            }
            Member m = members.get(association == null ? -1 : association.associationID());
            if (m == null || m.shutdown || m.session.isShutdown()) {
                return Collections.emptySet();
            }
            return Addresses.setOf(m.session.peerAddresses());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SctpMultiChannel shutdown(Association association) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (host == null) {
                throw new NotYetBoundException();
            }
            Member m = member(association);
            m.shutdown = true;
            m.session.shutdown();
            return this;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SctpChannel branch(Association association) throws IOException {
        synchronized (receiveLock) {
            synchronized (sendLock) {
                Member m;
                lock.lock();
                try {
                    ensureOpen();
                    if (host == null) {
                        throw new NotYetBoundException();
                    }
                    m = member(association);
                    members.remove(association.associationID());
                    events.removeIf(n -> n.association() == association);
                    if (partial == m) {
                        partial = null;
                    }
                } finally {
                    lock.unlock();
                }
                m.session.removeReadinessListener(memberReadiness);
                return SctpChannels.establishedChannel(m.session, !m.announced);
            }
        }
    }

    // ------------------------------------------------------------------ sending

    @Override
    public int send(ByteBuffer src, MessageInfo info) throws IOException {
        if (src == null) {
            throw new IllegalArgumentException("buffer cannot be null");
        }
        if (info == null) {
            throw new IllegalArgumentException("messageInfo cannot be null");
        }
        synchronized (sendLock) {
            ensureOpen();
            if (host == null) {
                bind(null, 0);
            }
            boolean complete = !options.explicitComplete() || info.isComplete();
            Member m;
            lock.lock();
            try {
                if (info.association() != null) {
                    m = member(info.association());
                    if (info.streamNumber() >= m.association.maxOutboundStreams()) {
                        throw new InvalidStreamException();
                    }
                    if (info.address() != null
                            && !m.session.peerAddresses().contains(Addresses.remote(info.address()))) {
                        throw new IllegalArgumentException("given preferred address is not part of this association");
                    }
                } else if (info.address() != null) {
                    InetSocketAddress to = Addresses.remote(info.address());
                    m = members.values().stream().filter(x -> x.session.peerAddresses().contains(to)).findFirst()
                            .orElse(null);
                    if (m == null) {
                        return queueForSetup(to, info, complete, src);
                    }
                } else {
                    throw new IllegalArgumentException("MessageInfo must name an association or an address");
                }
            } finally {
                lock.unlock();
            }
            if (info.streamNumber() >= m.association.maxOutboundStreams()) {
                throw new InvalidStreamException();
            }
            if (m.shutdown || m.session.isShutdown()) {
                throw new ClosedChannelException();
            }
            boolean blocking = isBlocking();
            boolean completed = false;
            try {
                begin();
                int n = m.session.send(info.streamNumber(), info.isUnordered(), info.payloadProtocolID(),
                        info.timeToLive(), complete, src, blocking ? -1 : 0);
                completed = n > 0 || !blocking || !src.hasRemaining();
                return n;
            } finally {
                readinessChanged();
                end(completed);
            }
        }
    }

    /** With the lock held: the message waits for the association to {@code to}, set up now if not already. */
    private int queueForSetup(InetSocketAddress to, MessageInfo info, boolean complete, ByteBuffer src) {
        ByteBuffer copy = ByteBuffer.allocate(src.remaining());
        copy.put(src).flip();
        Setup setup = setups.get(to);
        boolean start = setup == null;
        if (start) {
            setup = new Setup(to);
            setups.put(to, setup);
        }
        // Queued before the setup starts: a refusal can come back at once, and must find it.
        setup.messages.add(new Queued(info.streamNumber(), info.isUnordered(), info.payloadProtocolID(),
                info.timeToLive(), complete, copy));
        if (start) {
            Setup created = setup;
            host.connect(to, options.limits(), options.receiveBuffer())
                    .whenComplete((session, error) -> setUp(created, session, error));
        }
        return copy.remaining();
    }

    private void setUp(Setup setup, AssociationSession session, Throwable error) {
        lock.lock();
        try {
            setups.remove(setup.address);
        } finally {
            lock.unlock();
        }
        if (error != null) {
            lock.lock();
            try {
                events.add(new AssociationChangeNotificationImpl(null, AssocChangeEvent.CANT_START));
                for (Queued q : setup.messages) {
                    events.add(new SendFailedNotificationImpl(null, setup.address, q.data(), 0, q.stream()));
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            readinessChanged();
            return;
        }
        join(session);
        for (Queued q : setup.messages) {
            try {
                if (q.stream() >= session.counts().outbound()) {
                    throw new IOException("stream " + q.stream() + " is not below the outbound count");
                }
                if (session.send(q.stream(), q.unordered(), q.ppid(), q.lifetime(), q.complete(), q.data(), 0) == 0
                        && q.data().hasRemaining()) {
                    throw new IOException("no room for the message");
                }
            } catch (IOException | IllegalArgumentException e) {
                lock.lock();
                try {
                    Member m = members.get(session.id());
                    events.add(new SendFailedNotificationImpl(m == null ? null : m.association, setup.address,
                            q.data().rewind(), 0, q.stream()));
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    // ------------------------------------------------------------------ receiving

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
            lock.lock();
            try {
                if (host == null) {
                    throw new NotYetBoundException();
                }
            } finally {
                lock.unlock();
            }
            boolean completed = false;
            try {
                begin();
                while (true) {
                    if (!isOpen()) {
                        return null;
                    }
                    Notification n = nextEvent();
                    Member from = null;
                    if (n == null) {
                        Member m = readableMember();
                        if (m == null) {
                            if (!isBlocking()) {
                                completed = true;
                                return null;
                            }
                            awaitChange();
                            continue;
                        }
                        boolean waitForPart = m == partial && isBlocking();
                        Inbound in = m.session.receive(dst, waitForPart ? -1 : 0);
                        if (in == null) {
                            if (!isBlocking()) {
                                completed = true;
                                return null;
                            }
                            continue;
                        }
                        if (in instanceof Inbound.Received r) {
                            lock.lock();
                            try {
                                partial = r.complete() ? null : m;
                            } finally {
                                lock.unlock();
                            }
                            completed = true;
                            return MessageInfoImpl.received(m.association, m.session.primaryPeerAddress(), r.length(),
                                    r.streamNumber(), r.complete(), r.unordered(), r.payloadProtocolId());
                        }
                        if (in instanceof Inbound.End) {
                            leave(m);
                            continue;
                        }
                        if (in instanceof Inbound.Lost || in instanceof Inbound.ShutdownComplete) {
                            from = m;
                        }
                        n = NotificationDispatch.notificationFor(in, m.association);
                        if (n == null) {
                            continue;
                        }
                    }
                    HandlerResult result = dispatch.dispatch(n, attachment, handler);
                    if (from != null) {
                        leave(from);
                    }
                    if (result == HandlerResult.RETURN) {
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

    /** The next notification of the channel itself; a COMM_UP taken makes its association listed. */
    private Notification nextEvent() {
        lock.lock();
        try {
            if (partial != null) {
                return null;
            }
            Notification n = events.poll();
            if (n instanceof AssociationChangeNotificationImpl a && a.event() == AssocChangeEvent.COMM_UP) {
                Member m = members.get(a.association().associationID());
                if (m != null) {
                    m.announced = true;
                }
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** The member to receive from: the one mid-message, else the next readable one, in turn. */
    private Member readableMember() {
        lock.lock();
        try {
            if (partial != null) {
                return partial;
            }
            List<Member> list = new ArrayList<>(members.values());
            for (int i = 0; i < list.size(); i++) {
                Member m = list.get((nextScan + i) % list.size());
                if (m.announced && m.session.isReadable()) {
                    nextScan = (nextScan + i + 1) % list.size();
                    return m;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: whether a receive would find a notification or an association's message now. */
    private boolean hasSomethingToReceive() {
        if (!events.isEmpty()) {
            return true;
        }
        for (Member m : members.values()) {
            if (m.announced && m.session.isReadable()) {
                return true;
            }
        }
        return false;
    }

    private void leave(Member m) {
        lock.lock();
        try {
            members.remove(m.session.id(), m);
            if (partial == m) {
                partial = null;
            }
        } finally {
            lock.unlock();
        }
        m.session.removeReadinessListener(memberReadiness);
    }

    private void awaitChange() throws IOException {
        lock.lock();
        try {
            if (!isOpen() || hasSomethingToReceive()) {
                return;
            }
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ options

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(SctpSocketOption<T> name, Association association) throws IOException {
        SctpOptionValues.checkSupported(name, supportedOptions());
        lock.lock();
        try {
            ensureOpen();
            if (name == SctpStandardSocketOptions.SCTP_PRIMARY_ADDR) {
                return (T) member(association).session.primaryPeerAddress();
            }
            if (name == SctpStandardSocketOptions.SCTP_SET_PEER_PRIMARY_ADDR) {
                throw new IllegalArgumentException("SCTP_SET_PEER_PRIMARY_ADDR cannot be retrieved");
            }
            return (T) options.get(name);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> SctpMultiChannel setOption(SctpSocketOption<T> name, T value, Association association)
            throws IOException {
        SctpOptionValues.checkSet(name, value, supportedOptions());
        Member primaryOf = null;
        lock.lock();
        try {
            ensureOpen();
            if (name == SctpStandardSocketOptions.SCTP_PRIMARY_ADDR
                    || name == SctpStandardSocketOptions.SCTP_SET_PEER_PRIMARY_ADDR) {
                Member m = member(association);
                if (name == SctpStandardSocketOptions.SCTP_PRIMARY_ADDR) {
                    if (!m.session.peerAddresses().contains(value)) {
                        throw new SocketException("Invalid argument: " + value + " is not an address of the peer");
                    }
                    primaryOf = m;
                }
            } else {
                options.set(name, value);
            }
        } finally {
            lock.unlock();
        }
        // Outside the lock: this waits for the engine's loop, which takes the lock to signal receivers.
        if (primaryOf != null) {
            primaryOf.session.setPrimaryPeerAddress((InetSocketAddress) value);
        }
        return this;
    }

    @Override
    public Set<SctpSocketOption<?>> supportedOptions() {
        return SctpOptionValues.CHANNEL_OPTIONS;
    }

    // ------------------------------------------------------------------ selection

    private int currentReadyOps() {
        if (!isOpen()) {
            return 0;
        }
        lock.lock();
        try {
            int ops = host != null ? SelectionKey.OP_WRITE : 0;
            if (hasSomethingToReceive()) {
                ops |= SelectionKey.OP_READ;
            }
            return ops;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ReadinessSupport readiness() {
        return readiness;
    }

    /** Recomputes what would not block now; the selectors holding this channel hear of a change. */
    void readinessChanged() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        readiness.update(currentReadyOps());
    }

    // ------------------------------------------------------------------ closing

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        List<Member> all;
        AssociationHost h;
        lock.lock();
        try {
            all = new ArrayList<>(members.values());
            members.clear();
            h = host;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        boolean abort = options.linger() == 0;
        for (Member m : all) {
            m.session.releaseWaiters();
            if (abort) {
                m.session.abort();
            } else {
                m.session.shutdown();
            }
        }
        if (h != null) {
            if (abort) {
                h.close();
            } else {
                h.closeWhenIdle(java.time.Duration.ofSeconds(10));
            }
        }
        readiness.close();
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        readinessChanged();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + localAddresses;
    }
}
