package io.jsst.sctp.impl;

import io.jsst.association.AssociationHost;
import io.jsst.nio.ReadinessBackedChannel;
import io.jsst.nio.ReadinessSupport;
import io.jsst.association.AssociationSession;
import io.jsst.association.StreamLimits;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpServerChannel;
import io.jsst.sctp.SctpSocketOption;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * jsst's SCTP server channel: a host listening for associations; each accepted one becomes a
 * connected, blocking {@link SctpChannelImpl} sharing the host.
 */
public class SctpServerChannelImpl extends SctpServerChannel implements ReadinessBackedChannel {

    /** The backlog when bind is given none. */
    static final int DEFAULT_BACKLOG = 128;

    private final Object acceptLock = new Object();
    private final Object stateLock = new Object();
    private final SctpOptionValues options = new SctpOptionValues();
    private final ReadinessSupport readiness = new ReadinessSupport(validOps());
    private final ArrayDeque<AssociationSession> pending = new ArrayDeque<>();
    private AssociationHost host;
    private List<InetSocketAddress> localAddresses = List.of();
    private int backlog;

    public SctpServerChannelImpl(SelectorProvider provider) {
        super(provider);
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public SctpServerChannel bind(SocketAddress local, int backlog) throws IOException {
        synchronized (acceptLock) {
            synchronized (stateLock) {
                ensureOpen();
                if (host != null) {
                    throw new AlreadyBoundException();
                }
                InetSocketAddress a = local == null ? new InetSocketAddress(0) : Addresses.check(local);
                this.backlog = backlog <= 0 ? DEFAULT_BACKLOG : backlog;
                listenOn(List.of(a));
                return this;
            }
        }
    }

    /** With the state lock held: (re)binds and listens on {@code addresses}. */
    private void listenOn(List<InetSocketAddress> addresses) throws IOException {
        if (host != null) {
            host.close();
        }
        host = AssociationHost.bind(addresses, options.hostSettings());
        localAddresses = host.localAddresses();
        host.listen(new AssociationHost.Acceptor() {
            @Override
            public StreamLimits offer(InetSocketAddress peer) {
                synchronized (stateLock) {
                    return isOpen() && pending.size() < backlog ? options.limits() : null;
                }
            }

            @Override
            public void accepted(AssociationSession session) {
                synchronized (stateLock) {
                    if (!isOpen()) {
                        session.abort();
                        return;
                    }
                    pending.add(session);
                    stateLock.notifyAll();
                }
                readinessChanged();
            }
        }, options.receiveBuffer());
    }

    @Override
    public SctpServerChannel bindAddress(InetAddress address) throws IOException {
        return changeAddresses(address, true);
    }

    @Override
    public SctpServerChannel unbindAddress(InetAddress address) throws IOException {
        return changeAddresses(address, false);
    }

    private SctpServerChannel changeAddresses(InetAddress address, boolean add) throws IOException {
        Addresses.checkNotNull(address);
        synchronized (stateLock) {
            ensureOpen();
            if (host == null) {
                throw new NotYetBoundException();
            }
            List<InetSocketAddress> next = Addresses.changed(localAddresses, address, add);
            if (host.sessions().isEmpty()) {
                listenOn(next);
                return this;
            }
            // Associations live on the host: an address can go (their peers fail over to the
            // others), not come.
            InetSocketAddress removed = localAddresses.stream().filter(a -> a.getAddress().equals(address))
                    .findFirst().orElseThrow();
            if (add || removed.equals(localAddresses.get(0))) {
                throw new SocketException("Addresses of a server with associations cannot be added, nor its first"
                        + " address removed");
            }
            host.host().closeLocalAddress(removed);
            localAddresses = next;
            return this;
        }
    }

    @Override
    public SctpChannel accept() throws IOException {
        synchronized (acceptLock) {
            ensureOpen();
            synchronized (stateLock) {
                if (host == null) {
                    throw new NotYetBoundException();
                }
            }
            boolean completed = false;
            try {
                begin();
                AssociationSession s;
                synchronized (stateLock) {
                    while ((s = pending.poll()) == null && isBlocking() && isOpen()) {
                        try {
                            stateLock.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return null;
                        }
                    }
                }
                completed = s != null || (!isBlocking() && isOpen());
                if (s == null) {
                    return null;
                }
                readinessChanged();
                return SctpChannels.establishedChannel(s, true);
            } finally {
                readinessChanged();
                end(completed);
            }
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
    @SuppressWarnings("unchecked")
    public <T> T getOption(SctpSocketOption<T> name) throws IOException {
        SctpOptionValues.checkSupported(name, supportedOptions());
        synchronized (stateLock) {
            ensureOpen();
            return (T) options.get(name);
        }
    }

    @Override
    public <T> SctpServerChannel setOption(SctpSocketOption<T> name, T value) throws IOException {
        SctpOptionValues.checkSet(name, value, supportedOptions());
        synchronized (stateLock) {
            ensureOpen();
            options.set(name, value);
            return this;
        }
    }

    @Override
    public Set<SctpSocketOption<?>> supportedOptions() {
        return SctpOptionValues.SERVER_OPTIONS;
    }

    /** OP_ACCEPT while an association waits to be accepted. */
    private int currentReadyOps() {
        synchronized (stateLock) {
            return isOpen() && !pending.isEmpty() ? SelectionKey.OP_ACCEPT : 0;
        }
    }

    @Override
    public ReadinessSupport readiness() {
        return readiness;
    }

    /** Recomputes what would not block now; the selectors holding this channel hear of a change. */
    void readinessChanged() {
        readiness.update(currentReadyOps());
    }

    @Override
    protected void implCloseSelectableChannel() throws IOException {
        List<AssociationSession> unaccepted;
        AssociationHost h;
        synchronized (stateLock) {
            unaccepted = new ArrayList<>(pending);
            pending.clear();
            h = host;
            stateLock.notifyAll();
        }
        for (AssociationSession s : unaccepted) {
            s.abort();
        }
        if (h != null) {
            // Accepted channels live on this host: it closes when the last of them ends.
            h.closeWhenIdle(java.time.Duration.ofDays(365));
        }
        readiness.close();
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        synchronized (stateLock) {
            stateLock.notifyAll();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + localAddresses;
    }
}
