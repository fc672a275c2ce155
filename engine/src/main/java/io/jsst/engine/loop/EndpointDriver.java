package io.jsst.engine.loop;

import io.jsst.engine.host.DatagramEndpoint;
import io.jsst.engine.io.DatagramBatch;
import io.jsst.engine.io.DatagramIo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link HostDriver} of one endpoint attached to an {@link EventLoop}: its socket, its
 * selection key, and its send batch, whose unsent tail is held back while the socket buffer is full.
 *
 * <pre>
 *   flush: pollTransmit x up to io.batchCapacity() --&gt; io.send(batch) --all--&gt; next batch
 *                                                                     --some-&gt; hold the rest, OP_WRITE, stop
 *          every 64 sends (or 256 KiB): read the socket and the clock; the fifth time: OP_WRITE, stop
 *   writable:             held-back slots --&gt; io.send(batch, from) --all--&gt; OP_READ only, flush again
 * </pre>
 *
 * <p>With {@link io.jsst.engine.io.NioDatagramIo} the batch has one slot: one datagram per call, as before.
 *
 * <p>All methods except the {@link HostDriver} ones run on the loop thread.
 */
final class EndpointDriver implements HostDriver {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** Datagrams read per readable event before other endpoints get a turn. */
    static final int RECEIVE_BATCH = 64;
    /**
     * Received bytes after which a turn flushes before it reads on: the acknowledgements go out and
     * the readers of what arrived wake now, not after up to 64 datagrams of 64 KiB (4 MiB, some
     * milliseconds of decryption) while they could be copying on another core.
     */
    static final int MID_TURN_FLUSH_BYTES = 256 * 1024;
    /**
     * Bytes polled into one send batch at most: the first datagram should not wait for many
     * large ones to be sealed before it leaves.
     */
    static final int MAX_BATCH_BYTES = 128 * 1024;
    /**
     * A flush that has made this many send calls (datagrams without batching, batches with it), or
     * sent {@link #READ_EVERY_BYTES}, reads the socket and the clock before it sends more. Without
     * it a sender with more to send than its CPU could push out stayed in one flush for a whole
     * congestion window: the acknowledgements waited in the socket until the flush ended and every
     * packet was stamped with the time it began, so the measured RTT grew with the window (at
     * 1200-byte packets, 10-20 ms against a 0.1 ms path), the window with the RTT, until the
     * receiver's socket buffer overflowed.
     */
    static final int READ_EVERY_SENDS = 64;
    static final int READ_EVERY_BYTES = 256 * 1024;
    /**
     * Reads in one flush at most. When the next would be due, the flush stops and asks for the
     * socket's writability instead, which brings the loop back at once after its other work: what
     * a flush reads may give it more to send (an echo, a flood of requests), and without a bound
     * such a flush would never end while the loop's tasks, timers and other sockets waited.
     */
    static final int MAX_READS_PER_FLUSH = 4;
    /**
     * How many times in a row a satisfied guest stops reading at its own datagram before it looks
     * once more for a backlog behind it (see {@link #handleReadable}).
     */
    static final int GUEST_LOOKS_EVERY = 8;

    final EventLoop loop;
    final DatagramIo io;
    final DatagramEndpoint endpoint;
    private final InetSocketAddress localAddress;
    private final AtomicBoolean closeRequested = new AtomicBoolean();

    private SelectionKey key;
    /**
     * Whether a satisfied guest reads on past its own datagram: true while the last look found a
     * backlog behind it (a bulk transfer), false after a look found nothing (round trips).
     */
    private boolean guestDrains = true;
    /** Turns a satisfied guest stopped at its own datagram since it last looked past it. */
    private int guestStopsSinceLook;
    /** Inside {@link #flush}: what it reads needs no flush of its own, the running one sends it. */
    private boolean flushing;
    /** The last flush stopped after {@link #MAX_READS_PER_FLUSH} reads, asking for writability to come back. */
    private boolean yielded;
    /** Set on the loop thread when detached; tasks of a detached driver are dropped. */
    boolean detached;
    /** Whether this driver is in the loop's list of endpoints to flush at the end of the turn. */
    boolean touched;
    /** Datagrams polled from the endpoint, sent or waiting: slots from {@link #unsentFrom} are held back. */
    private final DatagramBatch tx;
    private int unsentFrom;

    EndpointDriver(EventLoop loop, DatagramIo io, DatagramEndpoint endpoint) {
        this.loop = loop;
        this.io = io;
        this.endpoint = endpoint;
        this.localAddress = io.localAddress();
        this.tx = new DatagramBatch(io.batchCapacity());
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
    public void flushSoon() {
        // A flush running now polls the endpoint until it has nothing: touching this driver again
        // would flush it once more in the same pass, and a flush that reads could go on that way.
        if (!detached && !flushing) {
            loop.touch(this);
        }
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
    public Runnable probeReachability(InetSocketAddress target, byte[] probe) {
        ReachabilityProbe p = new ReachabilityProbe(this, target, probe.clone());
        onLoop(() -> {
            if (!detached) {
                p.open();
            }
        });
        return () -> onLoop(p::close);
    }

    private void onLoop(Runnable action) {
        if (loop.ownedByCurrentThread()) {
            action.run();
        } else {
            loop.submitIfRunning(action);
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

    /**
     * Reads up to {@link #RECEIVE_BATCH} datagrams, in batches of the loop's receive batch (a GRO
     * slot's segments each count), and hands each to the endpoint.
     *
     * <p>A guest (an application thread polling the loop) that has what it waited for would rather
     * return than make another receive call that finds nothing, which costs a round trip about a
     * microsecond. But a bulk reader waits for every datagram: stopping at each made it pay a whole
     * turn, a select among them, per datagram. So a satisfied guest reads on while the socket has a
     * backlog: it looks past its datagram, and keeps doing so while the first look finds another
     * datagram; once a look finds none it stops at its own datagram, and looks again only every
     * {@link #GUEST_LOOKS_EVERY}th time.
     */
    void handleReadable(DatagramBatch rx, long nowNanos) {
        int handled = 0;
        int unflushedBytes = 0;
        boolean lookingPastGuest = false;
        boolean firstLook = false;
        while (handled < RECEIVE_BATCH && !detached) {
            int n;
            try {
                n = io.receive(rx);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "receive on " + localAddress, e);
                return;
            }
            if (firstLook) {
                firstLook = false;
                guestDrains = n > 0;
            }
            if (n == 0) {
                return;
            }
            if (!flushing) {
                loop.touch(this);
            }
            for (int i = 0; i < n && !detached; i++) {
                ByteBuffer b = rx.buffer(i);
                unflushedBytes += b.remaining();
                int segment = rx.segmentSize(i);
                if (segment == 0) {
                    endpoint.handleDatagram(b, rx.address(i), nowNanos);
                    handled++;
                    continue;
                }
                int end = b.limit();
                for (int at = 0; at < end && !detached; at += segment) {
                    b.limit(Math.min(end, at + segment)).position(at);
                    endpoint.handleDatagram(b, rx.address(i), nowNanos);
                    handled++;
                }
            }
            if (!lookingPastGuest && loop.guestSatisfied()) {
                if (!guestDrains && ++guestStopsSinceLook < GUEST_LOOKS_EVERY) {
                    return;
                }
                guestStopsSinceLook = 0;
                lookingPastGuest = true;
                firstLook = true;
            }
            // Not inside a flush: that one sends what this read gave, and reads do not nest further.
            if (unflushedBytes >= MID_TURN_FLUSH_BYTES && handled < RECEIVE_BATCH && !flushing) {
                unflushedBytes = 0;
                flush(nowNanos);
            }
        }
    }

    /** The socket can take more: the end-of-turn flush sends the held-back datagrams first. */
    void handleWritable() {
        loop.touch(this);
    }

    /**
     * Sends the held-back datagrams if any, then everything the endpoint has to send, a batch at a
     * time, until the endpoint returns {@code null} or the socket buffer fills (the rest is held
     * back until the socket is writable). Every {@link #READ_EVERY_SENDS} send calls (or
     * {@link #READ_EVERY_BYTES}) it reads what arrived meanwhile and the clock, then goes on; when
     * a read past the {@link #MAX_READS_PER_FLUSH}th would be due it stops, and the loop comes back
     * to it after a turn.
     */
    void flush(long nowNanos) {
        if (detached) {
            return;
        }
        if (yielded) {
            yielded = false;
            if (unsentFrom >= tx.size()) {
                setWriteInterest(false);
            }
        }
        if (unsentFrom < tx.size()) {
            unsentFrom += trySend(unsentFrom);
            if (unsentFrom < tx.size()) {
                return;
            }
            setWriteInterest(false);
        }
        flushing = true;
        try {
            sendAll(nowNanos);
        } finally {
            flushing = false;
        }
    }

    private void sendAll(long nowNanos) {
        int sendsSinceRead = 0;
        long bytesSinceRead = 0;
        int reads = 0;
        while (!detached) {
            if (sendsSinceRead >= READ_EVERY_SENDS || bytesSinceRead >= READ_EVERY_BYTES) {
                if (reads == MAX_READS_PER_FLUSH) {
                    yielded = true;
                    setWriteInterest(true);
                    return;
                }
                nowNanos = loop.clock().nowNanos();
                // Every slot of tx was sent: it serves as the receive batch, and is emptied after,
                // even if handling threw (else the next flush would send the received datagrams).
                try {
                    handleReadable(tx, nowNanos);
                } finally {
                    tx.clear();
                    unsentFrom = 0;
                }
                reads++;
                sendsSinceRead = 0;
                bytesSinceRead = 0;
            }
            tx.clear();
            unsentFrom = 0;
            int n = 0;
            int bytes = 0;
            boolean more = true;
            while (n < tx.capacity() && bytes < MAX_BATCH_BYTES) {
                ByteBuffer b = tx.buffer(n);
                b.clear();
                InetSocketAddress to = endpoint.pollTransmit(b, nowNanos);
                if (to == null) {
                    more = false;
                    break;
                }
                tx.set(n, to, 0);
                bytes += b.remaining();
                n++;
            }
            tx.setSize(n);
            if (n == 0) {
                return;
            }
            unsentFrom = trySend(0);
            sendsSinceRead++;
            bytesSinceRead += bytes;
            if (unsentFrom < n) {
                setWriteInterest(true);
                return;
            }
            if (!more) {
                return;
            }
        }
    }

    boolean hasPending() {
        return unsentFrom < tx.size();
    }

    /** Sends slots from {@code from} on; a failing socket loses them, as a network would. */
    private int trySend(int from) {
        try {
            return io.send(tx, from);
        } catch (ClosedChannelException e) {
            return tx.size() - from;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "send from " + localAddress, e);
            return tx.size() - from;
        }
    }

    private void setWriteInterest(boolean on) {
        if (key != null && key.isValid()) {
            key.interestOps(on ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            loop.selectorChanged();
        }
    }
}
