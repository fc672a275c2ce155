package io.jsst.association;

import io.jsst.engine.MessagePart;
import io.jsst.engine.Stream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One established association: its stream counts, its peer's addresses, sending on its streams,
 * the queue of what it received, and its end (graceful shutdown, abort or loss).
 *
 * <p>Thread safety: every method may be called from any thread; one sender and one receiver may
 * work at once. Methods that wait take a timeout in nanoseconds: 0 never waits, a negative one
 * waits without bound. A thread interrupted while waiting gets an {@link InterruptedIOException}
 * with its interrupt status set.
 *
 * <p>Received messages and events share one queue, in the order they happened. It holds at most
 * the receive buffer size of message bytes; beyond that the substreams stop being read and the
 * peer's flow control holds its sender back.
 */
public final class AssociationSession {

    /** The most unordered messages in flight (sent, not yet acknowledged) before a send waits. */
    static final int MAX_UNORDERED_IN_FLIGHT = 4096;
    /** The RESET_STREAM code of an association aborted by its application. */
    static final long ABORT_CODE = 0x5343_5450L;

    private static final AtomicInteger IDS = new AtomicInteger();

    private final AssociationHost host;
    private final Stream control;
    private final int id = IDS.incrementAndGet();
    private final StreamCounts counts;
    private final List<InetSocketAddress> peerAddresses;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Inbound> inbound = new ArrayDeque<>();
    private long queuedBytes;
    private volatile int receiveBufferSize;
    private Inbound.Chunk current;
    private int currentOffset;
    private Object partialSource;
    private final List<SubstreamReader> parked = new ArrayList<>();
    private final Set<SubstreamReader> readers = new HashSet<>();
    private final Map<Integer, OutboundStream> outbound = new HashMap<>();
    private int unorderedInFlight;
    private boolean writeBlocked;
    private boolean localShutdown;
    private boolean peerShutdownDelivered;
    private boolean controlInputEnded;
    private boolean controlOutputAcknowledged;
    private boolean ended;
    private boolean released;
    private final CopyOnWriteArrayList<Runnable> readinessListeners = new CopyOnWriteArrayList<>();

    AssociationSession(AssociationHost host, Stream control, StreamCounts counts, List<InetSocketAddress> peerAddresses,
                       int receiveBufferSize) {
        this.host = host;
        this.control = control;
        this.counts = counts;
        this.peerAddresses = List.copyOf(peerAddresses);
        this.receiveBufferSize = receiveBufferSize;
    }

    /** Starts reading the control stream and the peer's substreams; called once, after the INITs. */
    void start() {
        if (peerAddresses.size() > 1) {
            control.setAlternatePeerAddresses(peerAddresses);
        }
        control.setPeerAddressListener((before, now, unreachable) -> {
            if (unreachable) {
                queueEvent(new Inbound.PeerAddressChange(before, Inbound.PeerAddressChange.Kind.UNREACHABLE));
            }
            queueEvent(new Inbound.PeerAddressChange(now, Inbound.PeerAddressChange.Kind.MADE_PRIMARY));
        });
        control.setSubstreamListener(s -> new SubstreamReader(this, s).resume());
        readControl();
    }

    // ------------------------------------------------------------------ what it is

    /** A number unique in this JVM, SCTP's association identifier. */
    public int id() {
        return id;
    }

    /** The negotiated stream counts, from this side's point of view. */
    public StreamCounts counts() {
        return counts;
    }

    /** The addresses the peer is bound to; the one this association uses first. */
    public List<InetSocketAddress> peerAddresses() {
        return peerAddresses;
    }

    /** The peer address packets go to now (the primary path). */
    public InetSocketAddress primaryPeerAddress() {
        return control.currentPeerAddress();
    }

    /**
     * Makes {@code address}, one of {@link #peerAddresses()}, the primary path.
     *
     * @throws IllegalArgumentException if it is not an address of the peer
     */
    public void setPrimaryPeerAddress(InetSocketAddress address) {
        if (!peerAddresses.contains(address)) {
            throw new IllegalArgumentException(address + " is not an address of the peer");
        }
        control.usePeerAddress(address);
    }

    /** The host this association lives on. */
    public AssociationHost host() {
        return host;
    }

    /** The most message bytes the inbound queue holds before it stops reading. */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    /** @throws IllegalArgumentException if {@code bytes} is not positive */
    public void setReceiveBufferSize(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("receive buffer size must be positive: " + bytes);
        }
        receiveBufferSize = bytes;
        resumeReadersIfRoom();
    }

    // ------------------------------------------------------------------ readiness

    /** Whether a receive would return at once: something is queued, or the association ended. */
    public boolean isReadable() {
        lock.lock();
        try {
            return current != null || !inbound.isEmpty() || ended;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a send would not wait now: the association is open and no stream it filled is still full. */
    public boolean isWritable() {
        lock.lock();
        try {
            return !ended && !localShutdown && !peerShutdownDelivered && !writeBlocked
                    && unorderedInFlight < MAX_UNORDERED_IN_FLIGHT;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the association has ended (shut down, aborted or lost). */
    public boolean hasEnded() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a shutdown began, on either side: nothing more may be sent. */
    public boolean isShutdown() {
        lock.lock();
        try {
            return ended || localShutdown || peerShutdownDelivered;
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code listener} (on any thread; it must not block) whenever readability or writability may have changed. */
    public void addReadinessListener(Runnable listener) {
        readinessListeners.add(listener);
    }

    public void removeReadinessListener(Runnable listener) {
        readinessListeners.remove(listener);
    }

    void readinessChanged() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Runnable r : readinessListeners) {
            r.run();
        }
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends {@code data} (position to limit) as one message, or as a part of one when
     * {@code complete} is false (the next send on that stream continues it), on outbound stream
     * {@code streamNumber}. An unordered message goes on a substream of its own and may overtake
     * earlier messages. A positive {@code lifetimeMillis} drops the message, and reports it as an
     * {@link Inbound.SendFailed}, if it could not be sent in that time.
     *
     * @return the bytes taken, all of {@code data}; 0 if it would have to wait longer than {@code timeoutNanos}
     * @throws IllegalArgumentException if {@code streamNumber} is not below the outbound count
     * @throws ClosedChannelException if the association is shut down or ended
     * @throws InterruptedIOException if interrupted while waiting
     */
    public int send(int streamNumber, boolean unordered, int payloadProtocolId, long lifetimeMillis, boolean complete,
                    ByteBuffer data, long timeoutNanos) throws IOException {
        if (streamNumber < 0 || streamNumber >= counts.outbound()) {
            throw new IllegalArgumentException("stream " + streamNumber + " is not below the outbound count "
                    + counts.outbound());
        }
        int length = data.remaining();
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        while (true) {
            checkSendable();
            boolean taken = unordered ? offerUnordered(streamNumber, payloadProtocolId, data)
                    : stream(streamNumber).offer(payloadProtocolId, data, complete,
                            TimeUnit.MILLISECONDS.toNanos(Math.max(0, lifetimeMillis)));
            if (taken) {
                return length;
            }
            if (!awaitWritable(unordered ? null : stream(streamNumber), timeoutNanos, deadline)) {
                return 0;
            }
        }
    }

    private void checkSendable() throws ClosedChannelException {
        lock.lock();
        try {
            if (ended || localShutdown || peerShutdownDelivered) {
                throw new ClosedChannelException();
            }
        } finally {
            lock.unlock();
        }
    }

    private OutboundStream stream(int number) {
        lock.lock();
        try {
            return outbound.computeIfAbsent(number, n -> new OutboundStream(this, n, host.sendBufferSize()));
        } finally {
            lock.unlock();
        }
    }

    Stream openSubstream() throws IOException {
        return control.openSubstream();
    }

    private boolean offerUnordered(int streamNumber, int payloadProtocolId, ByteBuffer data) throws IOException {
        lock.lock();
        try {
            if (unorderedInFlight >= MAX_UNORDERED_IN_FLIGHT) {
                return false;
            }
            unorderedInFlight++;
        } finally {
            lock.unlock();
        }
        Stream s = openSubstream();
        s.tryWrite(ByteBuffer.wrap(AssociationWire.encodeSubstreamHeader(true, streamNumber)), true);
        s.tryWrite(AssociationWire.encodeMessage(payloadProtocolId, data), true);
        data.position(data.limit());
        s.shutdownOutputAsync().whenComplete((ok, error) -> {
            lock.lock();
            try {
                unorderedInFlight--;
            } finally {
                lock.unlock();
            }
            s.closeAsync();
            readinessChanged();
        });
        return true;
    }

    /** Waits until the stream may take more; false if the wait would outlast the timeout. */
    private boolean awaitWritable(OutboundStream stream, long timeoutNanos, long deadline) throws IOException {
        if (timeoutNanos == 0) {
            lock.lock();
            try {
                writeBlocked = true;
            } finally {
                lock.unlock();
            }
            Runnable clear = () -> {
                lock.lock();
                try {
                    writeBlocked = false;
                } finally {
                    lock.unlock();
                }
                readinessChanged();
            };
            if (stream != null) {
                stream.whenWritable(clear);
            }
            return false;
        }
        boolean[] woken = {false};
        if (stream != null) {
            stream.whenWritable(() -> {
                lock.lock();
                try {
                    woken[0] = true;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            });
        }
        lock.lock();
        try {
            while (!woken[0] && !ended && !(stream == null && unorderedInFlight < MAX_UNORDERED_IN_FLIGHT)) {
                if (!await(timeoutNanos, deadline)) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: waits for a change; false once the deadline passed. */
    private boolean await(long timeoutNanos, long deadline) throws InterruptedIOException {
        if (released) {
            return false;
        }
        try {
            if (timeoutNanos < 0) {
                changed.await();
                return !released;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            changed.awaitNanos(left);
            return !released;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on association " + id);
        }
    }

    void sendFailed(int streamNumber, boolean unordered, int payloadProtocolId, byte[] payload, int errorCode) {
        queueEvent(new Inbound.SendFailed(streamNumber, unordered, payloadProtocolId, payload, primaryPeerAddress(),
                errorCode));
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Copies the next received message, or the next part of it, into {@code dst}, or takes the next
     * event. A message longer than {@code dst} comes over several calls, {@link Inbound.Received#complete()}
     * on the last; no other message comes between them.
     *
     * @return a {@link Inbound.Received}, an event, or null if nothing came within the timeout
     * @throws InterruptedIOException if interrupted while waiting
     */
    public Inbound receive(ByteBuffer dst, long timeoutNanos) throws IOException {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        Inbound result;
        lock.lock();
        try {
            while (true) {
                if (current == null && partialSource != null) {
                    current = takeChunkFrom(partialSource);
                    currentOffset = 0;
                }
                if (current != null) {
                    result = copyOut(dst);
                    break;
                }
                if (partialSource == null && !inbound.isEmpty()) {
                    Inbound next = inbound.peek();
                    if (next instanceof Inbound.Chunk c) {
                        inbound.poll();
                        current = c;
                        currentOffset = 0;
                        continue;
                    }
                    if (!(next instanceof Inbound.End)) {
                        inbound.poll();
                    }
                    result = next;
                    break;
                }
                if (timeoutNanos == 0 || !await(timeoutNanos, deadline)) {
                    return null;
                }
            }
        } finally {
            lock.unlock();
        }
        resumeReadersIfRoom();
        return result;
    }

    /** With the lock held: the next chunk of the message being delivered, if it is here. */
    private Inbound.Chunk takeChunkFrom(Object source) {
        for (Iterator<Inbound> i = inbound.iterator(); i.hasNext(); ) {
            if (i.next() instanceof Inbound.Chunk c && c.source() == source) {
                i.remove();
                return c;
            }
        }
        if (source instanceof SubstreamReader r && r.isFinished()) {
            partialSource = null;
        }
        return null;
    }

    private Inbound.Received copyOut(ByteBuffer dst) {
        Inbound.Chunk c = current;
        int n = Math.min(dst.remaining(), c.data().length - currentOffset);
        dst.put(c.data(), currentOffset, n);
        currentOffset += n;
        queuedBytes -= n;
        boolean chunkDone = currentOffset == c.data().length;
        if (chunkDone) {
            current = null;
            partialSource = c.last() ? null : c.source();
        } else {
            partialSource = c.source();
        }
        return new Inbound.Received(c.streamNumber(), c.unordered(), c.payloadProtocolId(), n, chunkDone && c.last());
    }

    /**
     * Takes the next queued chunk or event whole, without waiting; null if none. Chunks come as
     * queued (a long message in several, {@code last} on the final one; chunks of different
     * messages may interleave). Not to be mixed with {@link #receive}.
     */
    public Inbound poll() {
        Inbound next;
        lock.lock();
        try {
            next = inbound.peek();
            if (next == null) {
                return null;
            }
            if (!(next instanceof Inbound.End)) {
                inbound.poll();
            }
            if (next instanceof Inbound.Chunk c) {
                queuedBytes -= c.data().length;
            }
        } finally {
            lock.unlock();
        }
        resumeReadersIfRoom();
        return next;
    }

    /** Waits until something is queued or the association ended; false if the timeout passed first. */
    public boolean awaitReadable(long timeoutNanos) throws IOException {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        lock.lock();
        try {
            while (current == null && inbound.isEmpty() && !ended) {
                if (timeoutNanos == 0 || !await(timeoutNanos, deadline)) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean inboundFull() {
        lock.lock();
        try {
            return queuedBytes >= receiveBufferSize;
        } finally {
            lock.unlock();
        }
    }

    void park(SubstreamReader reader) {
        boolean resumeNow;
        lock.lock();
        try {
            resumeNow = queuedBytes < receiveBufferSize;
            if (!resumeNow) {
                parked.add(reader);
            }
        } finally {
            lock.unlock();
        }
        if (resumeNow) {
            AssociationTimer.schedule(reader::resume, 0);
        }
    }

    private void resumeReadersIfRoom() {
        List<SubstreamReader> wake;
        lock.lock();
        try {
            if (parked.isEmpty() || queuedBytes > receiveBufferSize / 2) {
                return;
            }
            wake = new ArrayList<>(parked);
            parked.clear();
        } finally {
            lock.unlock();
        }
        for (SubstreamReader r : wake) {
            r.resume();
        }
    }

    void queue(Inbound.Chunk chunk, int bytes) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            inbound.add(chunk);
            queuedBytes += bytes;
        } finally {
            lock.unlock();
        }
        readinessChanged();
    }

    private void queueEvent(Inbound event) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            inbound.add(event);
        } finally {
            lock.unlock();
        }
        readinessChanged();
    }

    // ------------------------------------------------------------------ substreams

    /** A substream's header arrived; false if the association refuses it (it was aborted). */
    boolean substreamOpened(SubstreamReader reader, AssociationWire.SubstreamHeader header) {
        if (header.streamNumber() >= counts.inbound()) {
            malformed(new MalformedAssociationException("peer sent on stream " + header.streamNumber()
                    + ", inbound count is " + counts.inbound()));
            return false;
        }
        lock.lock();
        try {
            if (ended) {
                return false;
            }
            readers.add(reader);
        } finally {
            lock.unlock();
        }
        return true;
    }

    void substreamFinished(SubstreamReader reader) {
        reader.stream().closeAsync();
        forgetReader(reader);
    }

    void substreamFailed(SubstreamReader reader, Throwable error) {
        forgetReader(reader);
    }

    /** A substream's reader is done (its stream ended or failed): a shutdown may now go on. */
    private void forgetReader(SubstreamReader reader) {
        lock.lock();
        try {
            readers.remove(reader);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        progressShutdown();
    }

    void malformed(MalformedAssociationException e) {
        abortWith(e);
    }

    // ------------------------------------------------------------------ the end

    /**
     * Begins a graceful shutdown: nothing more may be sent; what was sent is delivered; the peer
     * is told once it has everything, and answers the same way; then the association ends with
     * {@link Inbound.ShutdownComplete}. Does not wait. Idempotent.
     */
    public void shutdown() {
        lock.lock();
        try {
            if (ended || localShutdown) {
                return;
            }
            localShutdown = true;
        } finally {
            lock.unlock();
        }
        readinessChanged();
        flushAndEndOutput();
    }

    /** Ends every outbound substream, then, once the peer acknowledged all of them, the control stream. */
    private void flushAndEndOutput() {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<OutboundStream> streams;
        lock.lock();
        try {
            streams = new ArrayList<>(outbound.values());
        } finally {
            lock.unlock();
        }
        for (OutboundStream o : streams) {
            Stream s = o.substream();
            if (s != null) {
                pending.add(s.shutdownOutputAsync());
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .handle((ok, error) -> control.shutdownOutputAsync())
                .thenCompose(f -> f)
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        return;   // the control stream's reader reports the loss
                    }
                    lock.lock();
                    try {
                        controlOutputAcknowledged = true;
                    } finally {
                        lock.unlock();
                    }
                    progressShutdown();
                });
    }

    /** Moves a shutdown on when its conditions hold: the peer's input all read, our output all acknowledged. */
    private void progressShutdown() {
        boolean deliverPeerShutdown = false;
        boolean complete = false;
        lock.lock();
        try {
            if (ended || !controlInputEnded || !readers.isEmpty()) {
                return;
            }
            if (!localShutdown && !peerShutdownDelivered) {
                peerShutdownDelivered = true;
                deliverPeerShutdown = true;
            } else if (controlOutputAcknowledged) {
                complete = true;
            }
        } finally {
            lock.unlock();
        }
        if (deliverPeerShutdown) {
            queueEvent(new Inbound.PeerShutdown());
            flushAndEndOutput();
        } else if (complete) {
            queueEvent(new Inbound.ShutdownComplete());
            end(null);
        }
    }

    /**
     * The owner let go of the association: threads waiting in {@link #receive}, {@link #send} or
     * {@link #awaitReadable} return at once (null, 0, false), and so does every later call that
     * would wait. The association itself goes on until shut down or aborted.
     */
    public void releaseWaiters() {
        lock.lock();
        try {
            released = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the association at once: unsent data is dropped, the peer learns of it as a loss.
     * Idempotent.
     */
    public void abort() {
        lock.lock();
        try {
            if (ended) {
                return;
            }
        } finally {
            lock.unlock();
        }
        end(new ClosedChannelException());
        control.reset(ABORT_CODE);
    }

    private void abortWith(IOException cause) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
        } finally {
            lock.unlock();
        }
        lost(cause);
        control.reset(ABORT_CODE);
    }

    private void lost(IOException cause) {
        List<OutboundStream> streams;
        lock.lock();
        try {
            if (ended) {
                return;
            }
            streams = new ArrayList<>(outbound.values());
        } finally {
            lock.unlock();
        }
        for (OutboundStream o : streams) {
            o.fail();
        }
        queueEvent(new Inbound.Lost(cause));
        end(cause);
    }

    /** Marks the end, queues {@link Inbound.End}, lets the substreams go. */
    private void end(IOException cause) {
        List<OutboundStream> streams;
        lock.lock();
        try {
            if (ended) {
                return;
            }
            inbound.add(new Inbound.End());
            ended = true;
            streams = new ArrayList<>(outbound.values());
            parked.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (OutboundStream o : streams) {
            Stream s = o.substream();
            if (s != null) {
                if (cause == null) {
                    s.closeAsync();
                } else {
                    s.reset(ABORT_CODE);
                }
            }
        }
        if (cause == null) {
            control.closeAsync();
        }
        host.ended(this);
        readinessChanged();
    }

    /** Reads the control stream after the INITs: its end is the peer's shutdown; any message is an error. */
    private void readControl() {
        control.readMessagePartAsync(ByteBuffer.allocate(1)).whenComplete((MessagePart part, Throwable error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                lost(cause instanceof IOException io ? io : new IOException(cause));
            } else if (part.isEndOfStream()) {
                lock.lock();
                try {
                    controlInputEnded = true;
                } finally {
                    lock.unlock();
                }
                progressShutdown();
            } else {
                abortWith(new MalformedAssociationException("unexpected message on the control stream"));
            }
        });
    }

    @Override
    public String toString() {
        return "Association[" + id + " to " + primaryPeerAddress() + ", " + counts.outbound() + " out, "
                + counts.inbound() + " in]";
    }
}
