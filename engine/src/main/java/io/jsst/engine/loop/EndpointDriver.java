package io.jsst.engine.loop;

import io.jsst.engine.host.DatagramEndpoint;
import io.jsst.engine.io.DatagramIo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link HostDriver} of one endpoint attached to an {@link EventLoop}: its socket, its
 * selection key, and the one datagram held back while the socket buffer is full.
 *
 * <pre>
 *   flush: pollTransmit --&gt; io.send --true--&gt; next
 *                                   --false-&gt; copy to pending, OP_WRITE, stop
 *   writable:             pending --&gt; io.send --true--&gt; OP_READ only, flush again
 * </pre>
 *
 * <p>All methods except the {@link HostDriver} ones run on the loop thread.
 */
final class EndpointDriver implements HostDriver {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** Datagrams read per readable event before other endpoints get a turn. */
    static final int RECEIVE_BATCH = 64;

    final EventLoop loop;
    final DatagramIo io;
    final DatagramEndpoint endpoint;
    private final InetSocketAddress localAddress;
    private final AtomicBoolean closeRequested = new AtomicBoolean();

    private SelectionKey key;
    /** Set on the loop thread when detached; tasks of a detached driver are dropped. */
    boolean detached;
    /** Whether this driver is in the loop's list of endpoints to flush at the end of the turn. */
    boolean touched;
    private ByteBuffer pending;
    private InetSocketAddress pendingTo;

    EndpointDriver(EventLoop loop, DatagramIo io, DatagramEndpoint endpoint) {
        this.loop = loop;
        this.io = io;
        this.endpoint = endpoint;
        this.localAddress = io.localAddress();
    }

    // ---- HostDriver, any thread ----

    @Override
    public void execute(Runnable task) {
        if (!loop.inLoopThread() && loop.tryRunInline(this, task)) {
            return;
        }
        loop.submit(() -> {
            try {
                task.run();
            } finally {
                if (!detached) {
                    loop.touch(this);
                }
            }
        });
    }

    @Override
    public boolean pollUntil(java.util.function.BooleanSupplier ready, long deadlineNanos) {
        return loop.pollAsGuest(ready, deadlineNanos);
    }

    @Override
    public boolean inDriverThread() {
        return loop.ownedByCurrentThread();
    }

    @Override
    public long nowNanos() {
        return loop.clock().nowNanos();
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void probeReachability(InetSocketAddress target, byte[] probe) {
        byte[] copy = probe.clone();
        if (loop.ownedByCurrentThread()) {
            ReachabilityProbe.start(this, target, copy);
        } else {
            loop.submit(() -> {
                if (!detached) {
                    ReachabilityProbe.start(this, target, copy);
                }
            });
        }
    }

    @Override
    public void close() {
        if (!closeRequested.compareAndSet(false, true)) {
            return;
        }
        if (!loop.submitIfRunning(this::detach)) {
            detach();
        }
    }

    // ---- loop thread ----

    void register() throws IOException {
        io.selectableChannel().configureBlocking(false);
        key = io.selectableChannel().register(loop.selector(), SelectionKey.OP_READ, this);
    }

    void detach() {
        if (detached) {
            return;
        }
        // What the endpoint still has to say (a CLOSE to each peer) goes out before the socket closes.
        loop.flushNow(this);
        detached = true;
        if (key != null) {
            key.cancel();
        }
        loop.forget(this);
        try {
            io.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + localAddress, e);
        }
    }

    /** Reads up to {@link #RECEIVE_BATCH} datagrams into the loop's shared buffer. */
    void handleReadable(ByteBuffer rx, long nowNanos) {
        for (int i = 0; i < RECEIVE_BATCH && !detached; i++) {
            rx.clear();
            InetSocketAddress from;
            try {
                from = io.receive(rx);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "receive on " + localAddress, e);
                return;
            }
            if (from == null) {
                return;
            }
            rx.flip();
            loop.touch(this);
            endpoint.handleDatagram(rx, from, nowNanos);
            if (loop.guestSatisfied()) {
                return;
            }
        }
    }

    /** The socket can take more: the end-of-turn flush sends the held-back datagram first. */
    void handleWritable() {
        loop.touch(this);
    }

    /**
     * Sends the held-back datagram if any, then everything the endpoint has to send, until the
     * endpoint returns {@code null} or the socket buffer fills.
     */
    void flush(ByteBuffer tx, long nowNanos) {
        if (detached) {
            return;
        }
        if (pendingTo != null) {
            if (!trySend(pending, pendingTo)) {
                return;
            }
            pending.clear();
            pendingTo = null;
            setWriteInterest(false);
        }
        while (!detached) {
            tx.clear();
            InetSocketAddress to = endpoint.pollTransmit(tx, nowNanos);
            if (to == null) {
                return;
            }
            if (!trySend(tx, to)) {
                holdBack(tx, to);
                return;
            }
        }
    }

    boolean hasPending() {
        return pendingTo != null;
    }

    private boolean trySend(ByteBuffer datagram, InetSocketAddress to) {
        try {
            return io.send(datagram, to);
        } catch (ClosedChannelException e) {
            return true;
        } catch (IOException e) {
            // No route, message too long, ...: the datagram is lost, as on any network.
            LOG.log(System.Logger.Level.DEBUG, "send to " + to + " from " + localAddress, e);
            return true;
        }
    }

    private void holdBack(ByteBuffer datagram, InetSocketAddress to) {
        if (pending == null) {
            pending = ByteBuffer.allocateDirect(EventLoop.BUFFER_BYTES);
        }
        pending.clear();
        pending.put(datagram);
        pending.flip();
        pendingTo = to;
        setWriteInterest(true);
    }

    private void setWriteInterest(boolean on) {
        if (key != null && key.isValid()) {
            key.interestOps(on ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            loop.selectorChanged();
        }
    }
}
