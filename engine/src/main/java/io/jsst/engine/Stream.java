package io.jsst.engine;

import io.jsst.engine.channel.Channel;
import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.stream.ReceivedBytes;
import io.jsst.engine.stream.StreamListener;
import io.jsst.engine.stream.StreamState;
import io.jsst.engine.wire.StreamOpen;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reliable, ordered stream of bytes with message boundaries, carried by a channel between two
 * hosts. Bytes written with {@link #write} flow as a byte stream; {@link #writeMessage} also marks
 * where a message ends, and {@link #readMessage} returns exactly one message.
 *
 * <p>Blocking: {@code write} blocks while the stream's send buffer ({@link
 * HostConfig#sendBufferSize()}) is full of unacknowledged bytes, or while the streams of its
 * channel together hold twice that (unless this stream holds none: then one write always goes
 * in, so a stream whose peer stopped reading never blocks the others); {@code read} blocks until bytes, the
 * end of the stream or an error arrive. Each blocking call has a timed form that throws {@link
 * SocketTimeoutException}, and an asynchronous form whose future completes on the host's loop
 * thread (keep its callbacks short). One reader and one writer may work at the same time from two
 * threads; concurrent readers (or writers) must synchronise among themselves.
 *
 * <p>Comparison with TCP sockets: a read never crosses a message boundary, so a reader that uses
 * {@code read} sees messages as runs of reads; a stream ends cleanly (read returns -1) when the
 * peer calls {@link #shutdownOutput} or {@link #close}, and with an {@link IOException} when the
 * channel is lost or aborted.
 */
public final class Stream implements AutoCloseable {
    private final Host host;
    private final java.util.concurrent.Executor loop;
    private final PendingWrite.Target sendBuffer;
    private final Channel channel;
    private final long id;
    private final InetSocketAddress remoteAddress;
    private final Eid remoteEid;
    private final long sendBufferLimit;
    private final long consumeReportThreshold;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final ReceivedBytes received = new ReceivedBytes(SharedSegmentPool.INSTANCE);
    /** The buffer of a read that waits with nothing queued, which the loop fills directly; else null. */
    private ByteBuffer waitingReader;
    /** Bytes the loop put into {@link #waitingReader}'s buffer, not yet returned by its read. */
    private int readDirectly;
    private boolean inputFinished;
    private IOException failure;
    private long unacknowledged;
    /** Of {@link #unacknowledged}, what this stream holds in its channel's {@link SendBudget}. */
    private long heldInBudget;
    private final SendBudget sendBudget;
    private final java.util.concurrent.atomic.AtomicBoolean awaitingBudget = new java.util.concurrent.atomic.AtomicBoolean();
    private boolean outputShutdown;
    private boolean outputAcknowledged;
    private boolean closed;
    private long unreportedConsumed;
    private final ArrayDeque<Runnable> readWaiters = new ArrayDeque<>();
    private final ArrayDeque<Runnable> writeWaiters = new ArrayDeque<>();
    private CompletableFuture<Void> outputFinishedFuture;
    private CompletableFuture<Void> outputAcknowledgedFuture;
    /** Bumped (under the lock) by every event a reader waits for; read without it by a polling reader. */
    private volatile long readerEvents;
    /** Bumped by every event a blocked writer waits for. */
    private volatile long writerEvents;
    private boolean readersNotificationPending;
    private boolean writersNotificationPending;

    private final Runnable notifyReaders = () -> {
        ArrayDeque<Runnable> wake;
        lock.lock();
        try {
            readersNotificationPending = false;
            readable.signalAll();
            wake = drain(readWaiters);
        } finally {
            lock.unlock();
        }
        runAll(wake);
    };

    private final Runnable notifyWriters = () -> {
        ArrayDeque<Runnable> wake;
        lock.lock();
        try {
            writersNotificationPending = false;
            writable.signalAll();
            wake = drain(writeWaiters);
        } finally {
            lock.unlock();
        }
        runAll(wake);
    };

    /** Substreams the peer opened under this one and datagrams it sent, until taken. */
    static final int MAX_PENDING_SUBSTREAMS = 65_536;
    static final int MAX_PENDING_DATAGRAMS = 1_024;
    /** The largest datagram {@link #writeDatagram} takes: 64 KiB. */
    public static final int MAX_DATAGRAM_SIZE = io.jsst.engine.wire.FrameReader.MAX_DATAGRAM_LENGTH;

    private final Stream parent;
    private final String service;
    private final String protocol;
    private final Inbox<Stream> substreams;
    private final Inbox<byte[]> datagrams;
    private volatile java.util.function.Consumer<Stream> substreamListener;
    private volatile int priority;
    private volatile PeerAddressListener peerAddressListener;
    /** For a top-level stream this host opened: completes when the peer accepts it. */
    private CompletableFuture<Stream> connected;

    Stream(Host host, Channel channel, long id, Stream parent, String service, String protocol) {
        this.host = host;
        this.loop = host::execute;
        this.sendBuffer = this::appendToSendBuffer;
        this.channel = channel;
        this.id = id;
        this.parent = parent;
        this.service = service;
        this.protocol = protocol;
        this.substreams = new Inbox<>(host, MAX_PENDING_SUBSTREAMS, "accepting a substream");
        this.datagrams = new Inbox<>(host, MAX_PENDING_DATAGRAMS, "reading a datagram");
        this.remoteAddress = channel.peerAddress();
        this.remoteEid = channel.peerEid();
        this.sendBufferLimit = host.config().sendBufferSize();
        // A substream may be made on an application thread: it shares its parent's budget, which
        // the top-level stream took on the loop thread.
        this.sendBudget = parent != null ? parent.sendBudget : SendBudget.of(channel, sendBufferLimit);
        this.consumeReportThreshold = Math.max(1, Math.min(64 * 1024,
                host.config().channelConfig().streamReceiveWindow() / 8));
    }

    /** The EID the peer proved in the handshake. */
    public Eid remoteEid() {
        return remoteEid;
    }

    /** The peer's address when the channel was set up (it may move later: NAT rebinding). */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    public InetSocketAddress localAddress() {
        return host.localAddress();
    }

    public Host host() {
        return host;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes all bytes between the position and limit of {@code src}, advancing its position to
     * the limit; blocks while the send buffer is full.
     *
     * @throws ClosedChannelException if this stream's output was shut down or it was closed
     * @throws IOException if the channel was lost or aborted
     */
    public void write(ByteBuffer src) throws IOException {
        write(src, false, null);
    }

    public void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes), false, null);
    }

    /**
     * As {@link #write(ByteBuffer)}, waiting at most {@code timeout} for room in the send buffer.
     *
     * @throws SocketTimeoutException if the time passed first; {@code src}'s position then says
     *     how many bytes were taken
     */
    public void write(ByteBuffer src, Duration timeout) throws IOException {
        write(src, false, timeout);
    }

    /** As {@link #write(ByteBuffer)}, and marks the end of a message after the last byte. */
    public void writeMessage(ByteBuffer src) throws IOException {
        write(src, true, null);
    }

    public void writeMessage(byte[] message) throws IOException {
        write(ByteBuffer.wrap(message), true, null);
    }

    /**
     * As {@link #writeMessage(ByteBuffer)}, waiting at most {@code timeout}. On a timeout the part
     * of the message taken so far has been sent and the message is not ended.
     *
     * @throws SocketTimeoutException if the time passed first
     */
    public void writeMessage(ByteBuffer src, Duration timeout) throws IOException {
        write(src, true, timeout);
    }

    /**
     * Writes {@code src} as this stream's last message: as {@link #writeMessage(ByteBuffer)} then
     * {@link #shutdownOutput()}, but the end goes to the loop with the message's last bytes, so a
     * request that fits one packet leaves, with the stream's end, in one packet (QUIC's STREAM
     * frame with FIN). Blocks while the send buffer is full; reading goes on.
     *
     * @throws ClosedChannelException if this stream's output was shut down or it was closed
     * @throws IOException if the channel was lost or aborted
     */
    public void writeLastMessage(ByteBuffer src) throws IOException {
        write(src, true, true, null);
    }

    private void write(ByteBuffer src, boolean endOfMessage, Duration timeout) throws IOException {
        write(src, endOfMessage, false, timeout);
    }

    private void write(ByteBuffer src, boolean endOfMessage, boolean last, Duration timeout) throws IOException {
        host.checkMayBlock();
        long start = System.nanoTime();
        do {
            int n;
            boolean ends;
            lock.lock();
            try {
                while (true) {
                    checkWritable();
                    long room = room();
                    if (room > 0 || unacknowledged == 0) {
                        n = bytesToTake(src.remaining(), room, unacknowledged == 0);
                        break;
                    }
                    long left = timeout == null ? Long.MAX_VALUE : timeout.toNanos() - (System.nanoTime() - start);
                    if (left <= 0) {
                        // No longer waiting: its acknowledgements must wake this stream's writers again.
                        awaitingBudget.set(false);
                        throw new SocketTimeoutException("write timed out after " + timeout);
                    }
                    if (awaitBudget()) {
                        continue;
                    }
                    awaitEvent(writable, () -> writerEvents, left);
                }
                take(n);
                ends = last && n == src.remaining();
                if (ends) {
                    outputShutdown = true;
                }
            } finally {
                lock.unlock();
            }
            if (ends) {
                PendingWrite.handOver(loop, SharedSegmentPool.INSTANCE, this::appendLastToSendBuffer, src, n, true);
            } else {
                submit(src, n, endOfMessage && n == src.remaining());
            }
        } while (src.hasRemaining());
    }

    /** Room for this stream's next write: its own send buffer's, and its channel's budget's. Lock held. */
    private long room() {
        return Math.min(sendBufferLimit - unacknowledged, sendBudget.room());
    }

    /** Counts {@code n} bytes a write took. Lock held. */
    private void take(int n) {
        // Writing again: acknowledgements wake this writer again (see events.acknowledged).
        awaitingBudget.lazySet(false);
        unacknowledged += n;
        heldInBudget += n;
        sendBudget.take(n);
    }

    /**
     * With the lock held and no room: if the channel's budget, not this stream's own buffer, is
     * what is spent, registers for its release. Returns whether there is room after all (a release
     * came between the first look and the registration), so the caller looks again instead of
     * waiting.
     */
    private boolean awaitBudget() {
        if (sendBufferLimit - unacknowledged <= 0) {
            return false;
        }
        sendBudget.awaitRoom(this);
        return sendBudget.room() > 0;
    }

    /** For {@link SendBudget}: registers this stream's writer once until the next wake-up. */
    boolean markAwaitingBudget() {
        return awaitingBudget.compareAndSet(false, true);
    }

    /** The channel's budget has room again: writers stopped by it look again. Any thread. */
    void budgetFreed() {
        awaitingBudget.set(false);
        boolean schedule;
        lock.lock();
        try {
            writerEvents++;
            schedule = !writersNotificationPending;
            writersNotificationPending = true;
        } finally {
            lock.unlock();
        }
        if (schedule) {
            if (host.driver().inDriverThread()) {
                host.deferToEndOfTurn(notifyWriters);
            } else {
                notifyWriters.run();
            }
        }
    }

    /**
     * How many of {@code remaining} bytes a write takes now, with {@code room} left in the send
     * buffer: up to the room, and up to 64 KiB into an empty buffer smaller than that (a larger
     * write must go in). Never more than the room otherwise, so the send buffer's ring, sized in
     * powers of two, stays within the configured size instead of doubling past it.
     */
    private static int bytesToTake(int remaining, long room, boolean empty) {
        return (int) Math.min(remaining, empty ? Math.max(room, 65536) : room);
    }

    /** Hands the next {@code n} bytes of src to the loop, straight into the send buffer if it can. */
    private void submit(ByteBuffer src, int n, boolean endOfMessage) {
        PendingWrite.handOver(loop, SharedSegmentPool.INSTANCE, sendBuffer, src, n, endOfMessage);
    }

    /** Where a write's bytes go, on the loop. */
    private void appendToSendBuffer(ByteBuffer bytes, boolean endOfMessage) {
        if (channel.state().isOpen()) {
            channel.write(id, bytes, endOfMessage);
        }
    }

    /** Where the last bytes of {@link #writeLastMessage} go, on the loop: then the stream's end. */
    private void appendLastToSendBuffer(ByteBuffer bytes, boolean endOfMessage) {
        if (channel.state().isOpen()) {
            channel.write(id, bytes, endOfMessage);
            channel.finish(id);
        }
    }

    private void checkWritable() throws IOException {
        if (failure != null) {
            throw rethrowable(failure);
        }
        if (outputShutdown || closed) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Writes {@code src} without blocking the caller: the future completes once all of it is in
     * the send buffer. {@code src} must not be touched until then.
     */
    public CompletableFuture<Void> writeAsync(ByteBuffer src) {
        return writeAsync(src, false);
    }

    /** As {@link #writeAsync}, marking the end of a message after the last byte. */
    public CompletableFuture<Void> writeMessageAsync(ByteBuffer src) {
        return writeAsync(src, true);
    }

    private CompletableFuture<Void> writeAsync(ByteBuffer src, boolean endOfMessage) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        new Runnable() {
            @Override
            public void run() {
                int n;
                lock.lock();
                try {
                    try {
                        checkWritable();
                    } catch (IOException e) {
                        f.completeExceptionally(e);
                        return;
                    }
                    long room = room();
                    if (room <= 0 && unacknowledged > 0) {
                        if (awaitBudget()) {
                            room = room();
                        }
                    }
                    if (room <= 0 && unacknowledged > 0) {
                        writeWaiters.add(this);
                        return;
                    }
                    n = bytesToTake(src.remaining(), room, unacknowledged == 0);
                    take(n);
                } finally {
                    lock.unlock();
                }
                submit(src, n, endOfMessage && n == src.remaining());
                if (src.hasRemaining()) {
                    run();
                } else {
                    f.complete(null);
                }
            }
        }.run();
        return f;
    }

    /**
     * Writes all of {@code src} if the send buffer is not full, else writes nothing. Never blocks.
     * As a kernel socket buffer does for a message, a write that finds any room goes in whole, so
     * the buffer may overrun its size by one write.
     *
     * @param endOfMessage whether the last byte ends a message
     * @return whether {@code src} was taken (its position is then at its limit)
     * @throws IOException if the stream was reset, closed or its channel lost
     */
    public boolean tryWrite(ByteBuffer src, boolean endOfMessage) throws IOException {
        int n = src.remaining();
        lock.lock();
        try {
            checkWritable();
            if (unacknowledged >= sendBufferLimit || (unacknowledged > 0 && sendBudget.room() <= 0)) {
                return false;
            }
            take(n);
        } finally {
            lock.unlock();
        }
        submit(src, n, endOfMessage);
        return true;
    }

    /**
     * Runs {@code action} once, at the next acknowledgement of this stream's bytes, or at once if
     * none are unacknowledged or the stream can no longer be written. It runs on the loop thread
     * or the caller's and must not block.
     */
    public void whenAcknowledged(Runnable action) {
        lock.lock();
        try {
            if (failure == null && !closed && unacknowledged > 0) {
                writeWaiters.add(action);
                return;
            }
        } finally {
            lock.unlock();
        }
        action.run();
    }

    /** Bytes taken by writes that the peer has not acknowledged yet. */
    public long unacknowledgedBytes() {
        lock.lock();
        try {
            return unacknowledged;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends this side's output: the peer reads the end of the stream after the bytes written so
     * far. Reading goes on. Idempotent.
     */
    public void shutdownOutput() {
        lock.lock();
        try {
            if (outputShutdown || closed) {
                return;
            }
            outputShutdown = true;
        } finally {
            lock.unlock();
        }
        host.execute(() -> {
            if (channel.state().isOpen()) {
                channel.finish(id);
            }
        });
    }

    /**
     * As {@link #shutdownOutput()}; the future completes once the peer has acknowledged every byte
     * written and the end, or exceptionally if the stream is reset or the channel lost first.
     * Reading goes on.
     */
    public CompletableFuture<Void> shutdownOutputAsync() {
        CompletableFuture<Void> f;
        boolean done;
        IOException cause;
        lock.lock();
        try {
            if (outputAcknowledgedFuture == null) {
                outputAcknowledgedFuture = new CompletableFuture<>();
            }
            f = outputAcknowledgedFuture;
            done = outputAcknowledged;
            cause = failure;
        } finally {
            lock.unlock();
        }
        shutdownOutput();
        if (done) {
            f.complete(null);
        } else if (cause != null) {
            f.completeExceptionally(rethrowable(cause));
        }
        return f;
    }

    // ------------------------------------------------------------------ opening

    /**
     * Connects to the service {@code service} and protocol {@code protocol} of the host at
     * {@code target}, and returns the new top-level stream once the peer accepted it. The handshake
     * happens first if this host has no channel to the target yet; otherwise the stream rides on
     * the existing channel at no extra cost.
     *
     * @throws ServiceUnavailableException if the target has no listener for that service and protocol
     * @throws EidMismatchException if {@code target} names an EID the responder does not prove
     * @throws java.net.PortUnreachableException if the network reports that nothing listens there
     * @throws SocketTimeoutException if the handshake does not complete within the connect timeout
     * @throws IllegalStateException if called on the host's loop thread
     */
    public static Stream connectTo(Host host, Endpoint target, String service, String protocol) throws IOException {
        host.checkMayBlock();
        return Host.await(connectToAsync(host, target, service, protocol), null);
    }

    /**
     * As {@link #connectTo(Host, Endpoint, String, String)}, waiting at most {@code timeout} for
     * the peer to accept the stream (the handshake keeps its own connect timeout).
     *
     * @throws SocketTimeoutException if the stream was not accepted in time
     */
    public static Stream connectTo(Host host, Endpoint target, String service, String protocol, Duration timeout)
            throws IOException {
        host.checkMayBlock();
        CompletableFuture<Stream> f = connectToAsync(host, target, service, protocol);
        try {
            return Host.await(f, timeout);
        } catch (SocketTimeoutException e) {
            // Whatever arrives later is abandoned: the stream is reset if it was accepted after all.
            f.thenAccept(late -> late.reset(0));
            throw e;
        }
    }

    /** As {@link #connectTo(Host, Endpoint, String, String)}, to whoever answers at {@code address}. */
    public static Stream connect(Host host, InetSocketAddress address, String service, String protocol)
            throws IOException {
        return connectTo(host, Endpoint.of(address), service, protocol);
    }

    /** As {@link #connectTo(Host, Endpoint, String, String)}, to whoever answers at {@code address}. */
    public static Stream connectTo(Host host, InetSocketAddress address, String service, String protocol)
            throws IOException {
        return connectTo(host, Endpoint.of(address), service, protocol);
    }

    /** As {@link #connectToAsync(Host, Endpoint, String, String)}, to whoever answers at {@code address}. */
    public static CompletableFuture<Stream> connectToAsync(Host host, InetSocketAddress address, String service,
                                                         String protocol) {
        return connectToAsync(host, Endpoint.of(address), service, protocol);
    }

    /**
     * As {@link #connectTo(Host, Endpoint, String, String)}, to the host with identity {@code eid},
     * reached at {@code hint}; a responder with another identity fails the connect.
     */
    public static Stream connectTo(Host host, Eid eid, InetSocketAddress hint, String service, String protocol)
            throws IOException {
        return connectTo(host, Endpoint.of(eid, hint), service, protocol);
    }

    /** As {@link #connectTo}, without blocking: the future completes on the host's loop thread. */
    public static CompletableFuture<Stream> connectToAsync(Host host, Endpoint target, String service,
                                                         String protocol) {
        return host.connectTo(target, checkName(service, "service"), checkName(protocol, "protocol"));
    }

    private static String checkName(String name, String what) {
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > StreamOpen.MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(what + " name longer than " + StreamOpen.MAX_NAME_LENGTH + " bytes");
        }
        return name;
    }

    /** Where {@link Host#connectTo} parks the future this stream completes when the peer replies. */
    void awaitReply(CompletableFuture<Stream> future) {
        this.connected = future;
    }

    /** The peer accepted this top-level stream (loop thread). */
    void replied() {
        CompletableFuture<Stream> c = connected;
        if (c != null) {
            c.complete(this);
        }
    }

    /**
     * Opens a substream of this stream and returns it at once, without a round trip: the peer
     * learns of it from the first bytes (or datagram, or end of output) written on it, which travel
     * in the same packet as the open. The peer takes it with {@link #acceptSubstream} or its
     * {@link #setSubstreamListener listener}. Substreams can have substreams, to any depth.
     *
     * @throws IOException if this stream was reset or its channel is gone
     */
    public Stream openSubstream() throws IOException {
        lock.lock();
        try {
            if (failure != null) {
                throw rethrowable(failure);
            }
        } finally {
            lock.unlock();
        }
        long subId = channel.reserveStreamId();
        Stream sub = new Stream(host, channel, subId, this, service, protocol);
        host.execute(() -> {
            if (!channel.state().isOpen()) {
                sub.events.channelClosed(new ChannelClosedException(ChannelClosedException.Cause.CLOSED_LOCALLY,
                        "the channel closed before the substream opened"));
                return;
            }
            StreamState state = channel.openStream(subId, StreamOpen.substreamOf(id));
            state.attach(sub.events);
            state.setOwner(sub);
        });
        return sub;
    }

    /**
     * Waits for the next substream the peer opened under this one.
     *
     * @throws IOException if this stream was reset or its channel ended
     */
    public Stream acceptSubstream() throws IOException {
        return substreams.take(null);
    }

    /** As {@link #acceptSubstream()}, waiting at most {@code timeout} ({@link SocketTimeoutException} then). */
    public Stream acceptSubstream(Duration timeout) throws IOException {
        return substreams.take(timeout);
    }

    /** The next substream the peer opens under this one; completes on the loop thread. */
    public CompletableFuture<Stream> acceptSubstreamAsync() {
        return substreams.takeAsync();
    }

    /**
     * Hands every new substream of this one to {@code listener} (on the loop thread; it must not
     * block) instead of queueing it for {@link #acceptSubstream}; substreams already waiting go
     * to it first. Null restores queueing. Takes effect in the loop's next turn, or at once when
     * called on the loop.
     */
    public void setSubstreamListener(java.util.function.Consumer<Stream> listener) {
        // On the loop, where substreams arrive: none slips past between the drain and the switch.
        host.execute(() -> {
            this.substreamListener = listener;
            if (listener != null) {
                substreams.drainTo(listener);
            }
        });
    }

    /** A substream the peer opened under this one (loop thread); false if refused. */
    boolean offerSubstream(Stream sub) {
        java.util.function.Consumer<Stream> l = substreamListener;
        if (l != null) {
            Host.callListener(l, sub);
            return true;
        }
        return substreams.offer(sub);
    }

    /** The stream this one is a substream of, or null for a top-level stream. */
    public Stream parent() {
        return parent;
    }

    /** The service of this stream's top-level ancestor ("" for the host's default service). */
    public String service() {
        return service;
    }

    /** The protocol of this stream's top-level ancestor. */
    public String protocol() {
        return protocol;
    }

    // ------------------------------------------------------------------ datagrams and priority

    /**
     * Sends {@code datagram} best effort beside the stream's bytes: delivered at most once, whole,
     * or not at all; never retransmitted. Larger than a packet, it is cut into fragments, and the
     * loss of one loses it all. Returns at once; a datagram the stream cannot queue is dropped.
     *
     * @throws IllegalArgumentException if longer than {@link #MAX_DATAGRAM_SIZE}
     * @throws IOException if the stream was reset or its channel is gone
     */
    public void writeDatagram(ByteBuffer datagram) throws IOException {
        if (datagram.remaining() > MAX_DATAGRAM_SIZE) {
            throw new IllegalArgumentException("datagram of " + datagram.remaining() + " bytes; at most "
                    + MAX_DATAGRAM_SIZE);
        }
        lock.lock();
        try {
            if (failure != null) {
                throw rethrowable(failure);
            }
        } finally {
            lock.unlock();
        }
        byte[] copy = new byte[datagram.remaining()];
        datagram.get(copy);
        host.execute(() -> channel.sendDatagram(id, copy));
    }

    public void writeDatagram(byte[] datagram) throws IOException {
        writeDatagram(ByteBuffer.wrap(datagram));
    }

    /** Waits for the next datagram the peer sent on this stream. */
    public byte[] readDatagram() throws IOException {
        return datagrams.take(null);
    }

    /** As {@link #readDatagram()}, waiting at most {@code timeout} ({@link SocketTimeoutException} then). */
    public byte[] readDatagram(Duration timeout) throws IOException {
        return datagrams.take(timeout);
    }

    /** The next datagram; completes on the loop thread or at once. */
    public CompletableFuture<byte[]> readDatagramAsync() {
        return datagrams.takeAsync();
    }

    /** Whether a datagram can be read without waiting. */
    public boolean hasPendingDatagrams() {
        return datagrams.size() > 0;
    }

    /**
     * Sets this stream's sending priority: the channel serves higher priorities first, and shares
     * between streams of equal priority. 0 by default; may change at any time.
     */
    public void setPriority(int priority) {
        this.priority = priority;
        host.execute(() -> channel.setPriority(id, priority));
    }

    public int priority() {
        return priority;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads bytes into {@code dst}, blocking until at least one byte, the end of the stream, or an
     * error. A read stops at the end of a message. Returns the number of bytes read, or -1 at the
     * end of the stream.
     *
     * @throws IOException if the channel was lost or aborted (after all bytes that arrived before were read)
     */
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, null);
    }

    /** As {@link #read(ByteBuffer)}, waiting at most {@code timeout}; throws {@link SocketTimeoutException} then. */
    public int read(ByteBuffer dst, Duration timeout) throws IOException {
        host.checkMayBlock();
        if (!dst.hasRemaining()) {
            return 0;
        }
        lock.lock();
        try {
            if (!received.isEmpty() || inputFinished || failure != null || closed || dst.isReadOnly()) {
                awaitReadable(timeout);
                return takeBytes(dst);
            }
            // Nothing queued: the loop may copy the next chunk straight into dst (see events.data)
            // rather than into the queue, from which this read would copy it again.
            waitingReader = dst;
            try {
                awaitReadable(timeout);
            } catch (IOException | RuntimeException e) {
                if (readDirectly == 0) {
                    throw e;
                }
                // The loop put bytes into dst before the wait failed: they are this read's result.
            } finally {
                waitingReader = null;
            }
            int n = readDirectly;
            if (n == 0) {
                return takeBytes(dst);
            }
            readDirectly = 0;
            consumed(n);
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads one whole message, blocking until its last byte arrived. Returns null at the end of the
     * stream. Bytes written with {@code write} (no message mark) before the stream's end form a
     * last message of their own.
     */
    public byte[] readMessage() throws IOException {
        return readMessage(null);
    }

    /** As {@link #readMessage()}, waiting at most {@code timeout} for the message to complete. */
    public byte[] readMessage(Duration timeout) throws IOException {
        host.checkMayBlock();
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        java.io.ByteArrayOutputStream partial = null;
        lock.lock();
        try {
            while (true) {
                Duration left = timeout == null ? null : Duration.ofNanos(deadline - System.nanoTime());
                awaitReadable(left);
                if (received.isEmpty()) {
                    return partial == null ? null : partial.toByteArray();
                }
                if (partial == null) {
                    byte[] whole = takeCompleteMessage();
                    if (whole != null) {
                        return whole;
                    }
                    partial = new java.io.ByteArrayOutputStream();
                }
                if (takeMessagePart(partial)) {
                    return partial.toByteArray();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the next part of the current message into {@code dst}: as many bytes as fit, never
     * crossing the message's end. A message larger than {@code dst} takes several calls; the part
     * that ends it says {@link MessagePart#complete()}. Blocks until at least one byte, the end of
     * the stream ({@link MessagePart#END_OF_STREAM}) or an error.
     */
    public MessagePart readMessagePart(ByteBuffer dst) throws IOException {
        return readMessagePart(dst, null);
    }

    /** As {@link #readMessagePart(ByteBuffer)}, waiting at most {@code timeout}. */
    public MessagePart readMessagePart(ByteBuffer dst, Duration timeout) throws IOException {
        host.checkMayBlock();
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("no room in the buffer");
        }
        lock.lock();
        try {
            awaitReadable(timeout);
            if (received.isEmpty()) {
                return MessagePart.END_OF_STREAM;
            }
            int n = takeBytes(dst);
            return new MessagePart(n, received.lastTakeEndedMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * As {@link #readMessagePart(ByteBuffer)}, without blocking: the future completes on the loop
     * thread when bytes come (or at once). {@code dst} must not be touched until then.
     */
    public CompletableFuture<MessagePart> readMessagePartAsync(ByteBuffer dst) {
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("no room in the buffer");
        }
        return readPartAsync(dst);
    }

    /** The asynchronous read both {@link #readAsync} and {@link #readMessagePartAsync} are. */
    private CompletableFuture<MessagePart> readPartAsync(ByteBuffer dst) {
        CompletableFuture<MessagePart> f = new CompletableFuture<>();
        new Runnable() {
            @Override
            public void run() {
                lock.lock();
                try {
                    if (!received.isEmpty()) {
                        int n = takeBytes(dst);
                        f.complete(new MessagePart(n, received.lastTakeEndedMessage()));
                    } else if (inputFinished) {
                        f.complete(MessagePart.END_OF_STREAM);
                    } else if (failure != null) {
                        f.completeExceptionally(rethrowable(failure));
                    } else {
                        readWaiters.add(this);
                    }
                } finally {
                    lock.unlock();
                }
            }
        }.run();
        return f;
    }

    /** The next message, when it is complete; null at the end of the stream. Completes on the loop thread or at once. */
    public CompletableFuture<byte[]> readMessageAsync() {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        new Runnable() {
            private java.io.ByteArrayOutputStream partial;

            @Override
            public void run() {
                lock.lock();
                try {
                    while (true) {
                        if (!received.isEmpty()) {
                            if (partial == null) {
                                byte[] whole = takeCompleteMessage();
                                if (whole != null) {
                                    f.complete(whole);
                                    return;
                                }
                                partial = new java.io.ByteArrayOutputStream();
                            }
                            if (takeMessagePart(partial)) {
                                f.complete(partial.toByteArray());
                                return;
                            }
                            continue;
                        }
                        if (inputFinished) {
                            f.complete(partial == null ? null : partial.toByteArray());
                            return;
                        }
                        if (failure != null) {
                            f.completeExceptionally(rethrowable(failure));
                            return;
                        }
                        readWaiters.add(this);
                        return;
                    }
                } finally {
                    lock.unlock();
                }
            }
        }.run();
        return f;
    }

    /** Reads into {@code dst} when bytes arrive; the future gives the count, or -1 at the end. */
    public CompletableFuture<Integer> readAsync(ByteBuffer dst) {
        return readPartAsync(dst).thenApply(MessagePart::length);
    }

    /** Bytes that can be read without blocking. */
    public long available() {
        lock.lock();
        try {
            return received.available();
        } finally {
            lock.unlock();
        }
    }

    /** A fresh exception of the same kind as {@code failure}, so each caller gets its own stack. */
    private static IOException rethrowable(IOException failure) {
        if (failure instanceof StreamResetException r) {
            StreamResetException e = new StreamResetException(r.errorCode(), r.byPeer());
            e.initCause(r);
            return e;
        }
        if (failure instanceof ChannelClosedException c) {
            ChannelClosedException e = new ChannelClosedException(c.reason(), c.getMessage());
            e.initCause(c);
            return e;
        }
        return new IOException(failure.getMessage(), failure);
    }

    private void awaitReadable(Duration timeout) throws IOException {
        long start = System.nanoTime();
        long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        while (received.isEmpty() && readDirectly == 0 && !inputFinished && failure == null) {
            if (closed) {
                throw new ClosedChannelException();
            }
            long left = timeout == null ? Long.MAX_VALUE : nanos - (System.nanoTime() - start);
            if (left <= 0) {
                throw new SocketTimeoutException("read timed out after " + timeout);
            }
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading");
            }
            awaitEvent(readable, () -> readerEvents, left);
        }
        if (received.isEmpty() && readDirectly == 0 && !inputFinished && failure != null) {
            throw rethrowable(failure);
        }
    }

    private void awaitEvent(Condition condition, java.util.function.LongSupplier events, long maxNanos) {
        host.awaitEvent(lock, condition, events, maxNanos);
    }

    /** With the lock held: copies bytes up to the end of the current message. -1 at the end. */
    private int takeBytes(ByteBuffer dst) {
        if (received.isEmpty()) {
            return inputFinished ? -1 : 0;
        }
        int n = received.take(dst);
        consumed(n);
        return n;
    }

    /** With the lock held: the next message, copied once, if its end has arrived; else null, taking nothing. */
    private byte[] takeCompleteMessage() {
        int length = received.completeMessageLength();
        if (length < 0) {
            return null;
        }
        byte[] message = new byte[length];
        consumed(received.take(ByteBuffer.wrap(message)));
        return message;
    }

    /** With the lock held: moves bytes into out; true when a message end was reached. */
    private boolean takeMessagePart(java.io.ByteArrayOutputStream out) {
        consumed(received.takeMessage(out));
        return received.lastTakeEndedMessage();
    }

    /** With the lock held: the reader took {@code n} bytes; report them to the loop in batches. */
    private void consumed(long n) {
        unreportedConsumed += n;
        if (unreportedConsumed >= consumeReportThreshold || received.available() == 0) {
            long report = unreportedConsumed;
            unreportedConsumed = 0;
            if (host.driver().inDriverThread()) {
                channel.consumed(id, report);
            } else {
                host.execute(() -> channel.consumed(id, report));
            }
        }
    }

    // ------------------------------------------------------------------ close

    /**
     * Closes this stream gracefully: ends the output and waits until the peer has acknowledged
     * everything written. Bytes still arriving are discarded. The channel stays for the other
     * streams (a channel without streams ends by itself after a while). Idempotent.
     *
     * @throws IOException if the stream was reset or the channel lost before the peer had everything
     */
    @Override
    public void close() throws IOException {
        host.checkMayBlock();
        CompletableFuture<Void> f = closeAsync();
        Host.await(f, null);
    }

    /**
     * As {@link #close()}, waiting at most {@code timeout} for the peer to acknowledge; the stream
     * is closed either way.
     *
     * @throws SocketTimeoutException if the peer had not acknowledged everything in time
     */
    public void close(Duration timeout) throws IOException {
        host.checkMayBlock();
        Host.await(closeAsync(), timeout);
    }

    /** As {@link #close()}, without blocking. */
    public CompletableFuture<Void> closeAsync() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed && outputFinishedFuture != null) {
                return outputFinishedFuture;
            }
            closed = true;
            outputShutdown = true;
            outputFinishedFuture = f;
            // A reader or writer polling the loop itself waits for these to change, not for a signal.
            readerEvents++;
            writerEvents++;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        host.execute(() -> {
            StreamState state = channel.stream(id);
            if (!channel.state().isOpen() || state == null || state.isResetByPeer() || state.isResetLocally()) {
                completeClose();
                return;
            }
            channel.finish(id);
            if (outputAcknowledged || state.sendBuffer().isFullyAcknowledged()) {
                completeClose();
            }
            discardInput();
        });
        return f;
    }

    private void completeClose() {
        IOException cause;
        lock.lock();
        try {
            cause = failure;
        } finally {
            lock.unlock();
        }
        if (cause != null) {
            outputFinishedFuture.completeExceptionally(cause);
        } else {
            outputFinishedFuture.complete(null);
        }
    }

    /** With the stream closed, what still arrives is read and dropped, so its sender is not held up. */
    private void discardInput() {
        long n;
        lock.lock();
        try {
            // Bytes read but not yet reported count too, or their room would be lost to the channel.
            n = received.clear() + unreportedConsumed;
            unreportedConsumed = 0;
        } finally {
            lock.unlock();
        }
        if (n > 0) {
            channel.consumed(id, n);
        }
    }

    /**
     * Resets this stream: both directions end at once, unsent bytes are dropped, and the peer's
     * reads and writes fail with a {@link StreamResetException} carrying {@code errorCode}; so do
     * this side's from now on. Other streams of the channel go on. Idempotent.
     */
    public void reset(long errorCode) {
        if (errorCode < 0 || errorCode > io.jsst.engine.wire.VarInt.MAX) {
            throw new IllegalArgumentException("error code out of range: " + errorCode);
        }
        fail(new StreamResetException(errorCode, false));
        host.execute(() -> {
            channel.reset(id, errorCode);
            discardInput();
        });
    }

    /**
     * Closes the whole channel at once, without waiting for unacknowledged data: every stream on
     * it, on both sides, fails with a {@link ChannelClosedException} ({@code ABORTED}).
     */
    public void abort() {
        lock.lock();
        try {
            closed = true;
            outputShutdown = true;
            if (failure == null) {
                failure = new ChannelClosedException(ChannelClosedException.Cause.ABORTED, "channel aborted locally");
            }
            readerEvents++;
            writerEvents++;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        host.execute(() -> channel.close(io.jsst.engine.channel.CloseReason.ABORTED_BY_APPLICATION,
                "aborted by the application", host.driver().nowNanos()));
    }

    /** Told when the channel carrying a stream sends to another peer address. */
    @FunctionalInterface
    public interface PeerAddressListener {
        /**
         * The channel now sends to {@code now}; {@code beforeUnreachable}: {@code before} stopped
         * answering (failover), else the peer moved (NAT rebinding). Runs on the loop thread; must not block.
         */
        void peerAddressChanged(InetSocketAddress before, InetSocketAddress now, boolean beforeUnreachable);
    }

    /** Sets (or with null, clears) the listener for this stream's channel changing peer address. */
    public void setPeerAddressListener(PeerAddressListener listener) {
        peerAddressListener = listener;
    }

    /**
     * Names the peer's other addresses (a multihomed peer's): when the current one stops answering,
     * the channel carrying this stream sends to the next of them. Applies to the whole channel.
     */
    public void setAlternatePeerAddresses(java.util.List<InetSocketAddress> addresses) {
        java.util.List<InetSocketAddress> copy = java.util.List.copyOf(addresses);
        host.onLoop(() -> {
            channel.setAlternatePeerAddresses(copy);
            return null;
        });
    }

    /**
     * Makes the channel carrying this stream send to {@code address}, one of those given to
     * {@link #setAlternatePeerAddresses}; others are ignored. Done when it returns: the next
     * packet goes there.
     */
    public void usePeerAddress(InetSocketAddress address) {
        host.onLoop(() -> {
            try {
                channel.usePeerAddress(address);
            } catch (IllegalArgumentException e) {
                // Not an address of the peer: nothing changes.
            }
            return null;
        });
    }

    /** The address the channel carrying this stream sends to now. */
    public InetSocketAddress currentPeerAddress() {
        return channel.peerAddress();
    }

    /** The channel's counters: RTT, congestion window, losses, drops by reason. */
    public ChannelStats stats() {
        return host.onLoop(channel::stats);
    }

    // ------------------------------------------------------------------ events from the loop

    StreamListener listener() {
        return events;
    }

    private final StreamListener events = new StreamListener() {
        @Override
        public void data(ByteBuffer bytes, boolean endOfMessage) {
            boolean schedule;
            lock.lock();
            try {
                if (closed) {
                    // Closed by its reader: what still arrives is dropped, and its room given back.
                    lock.unlock();
                    try {
                        channel.consumed(id, bytes.remaining());
                    } finally {
                        lock.lock();
                    }
                    return;
                }
                ByteBuffer dst = waitingReader;
                if (dst != null && received.isEmpty()) {
                    // A read waits with nothing queued: this chunk (never past a message end) goes
                    // straight into its buffer, and what does not fit is queued behind it.
                    waitingReader = null;
                    int n = Math.min(dst.remaining(), bytes.remaining());
                    int limit = bytes.limit();
                    dst.put(bytes.limit(bytes.position() + n));
                    bytes.limit(limit);
                    readDirectly = n;
                }
                received.add(bytes, endOfMessage);
                readerEvents++;
                schedule = !readersNotificationPending;
                readersNotificationPending = true;
            } finally {
                lock.unlock();
            }
            if (schedule) {
                // One wake-up per turn, however many datagrams it delivered.
                host.deferToEndOfTurn(notifyReaders);
            }
        }

        @Override
        public void finished() {
            ArrayDeque<Runnable> wake;
            lock.lock();
            try {
                inputFinished = true;
                readerEvents++;
                readable.signalAll();
                wake = drain(readWaiters);
            } finally {
                lock.unlock();
            }
            runAll(wake);
        }

        @Override
        public void reset(long errorCode) {
            CompletableFuture<Stream> c = connected;
            if (c != null && !c.isDone()) {
                c.completeExceptionally(errorCode == io.jsst.engine.channel.CloseReason.SERVICE_UNAVAILABLE
                        ? new ServiceUnavailableException(service, protocol, channel.peerAddress())
                        : new StreamResetException(errorCode, true));
            }
            fail(new StreamResetException(errorCode, true));
            // Nothing more is read from a reset stream: what waits is dropped, and its room returned.
            discardInput();
        }

        @Override
        public void datagram(byte[] datagram) {
            datagrams.offer(datagram);
        }

        @Override
        public void acknowledged(long bytes) {
            boolean schedule;
            long released;
            lock.lock();
            try {
                unacknowledged -= bytes;
                released = Math.min(bytes, heldInBudget);
                heldInBudget -= released;
                // A writer the channel's budget stopped is woken by the budget's release, not by
                // each acknowledgement (it would find the budget still spent and sleep again):
                // 16 writers woke that way several times per 64 KiB.
                boolean wakeWriter = !awaitingBudget.get() || unacknowledged == 0;
                if (wakeWriter) {
                    writerEvents++;
                }
                schedule = (wakeWriter || !writeWaiters.isEmpty()) && !writersNotificationPending;
                if (schedule) {
                    writersNotificationPending = true;
                }
            } finally {
                lock.unlock();
            }
            if (schedule) {
                host.deferToEndOfTurn(notifyWriters);
            }
            sendBudget.release(released);
        }

        @Override
        public void outputFinished() {
            boolean closing;
            CompletableFuture<Void> acknowledged;
            lock.lock();
            try {
                outputAcknowledged = true;
                closing = closed && outputFinishedFuture != null && !outputFinishedFuture.isDone();
                acknowledged = outputAcknowledgedFuture;
            } finally {
                lock.unlock();
            }
            if (acknowledged != null) {
                acknowledged.complete(null);
            }
            if (closing) {
                completeClose();
            }
        }

        @Override
        public void peerAddressChanged(InetSocketAddress before, InetSocketAddress now, boolean beforeUnreachable) {
            PeerAddressListener l = peerAddressListener;
            if (l != null) {
                l.peerAddressChanged(before, now, beforeUnreachable);
            }
        }

        @Override
        public void channelClosed(Exception cause) {
            IOException io = cause instanceof IOException e ? e : new IOException(cause);
            CompletableFuture<Stream> c = connected;
            if (c != null && !c.isDone()) {
                c.completeExceptionally(io);
            }
            fail(io);
            if (outputFinishedFuture != null && !outputFinishedFuture.isDone()) {
                completeClose();
            }
        }
    };

    private void fail(IOException cause) {
        ArrayDeque<Runnable> wakeReaders;
        ArrayDeque<Runnable> wakeWriters;
        CompletableFuture<Void> acknowledged;
        long released;
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            }
            // What will never be acknowledged now goes back to the channel's other streams.
            released = heldInBudget;
            heldInBudget = 0;
            acknowledged = outputAcknowledged ? null : outputAcknowledgedFuture;
            readerEvents++;
            writerEvents++;
            readable.signalAll();
            writable.signalAll();
            wakeReaders = drain(readWaiters);
            wakeWriters = drain(writeWaiters);
        } finally {
            lock.unlock();
        }
        sendBudget.release(released);
        runAll(wakeReaders);
        runAll(wakeWriters);
        if (acknowledged != null) {
            acknowledged.completeExceptionally(rethrowable(cause));
        }
        substreams.close(cause);
        datagrams.close(cause);
    }

    private static ArrayDeque<Runnable> drain(ArrayDeque<Runnable> q) {
        if (q.isEmpty()) {
            return null;
        }
        ArrayDeque<Runnable> copy = new ArrayDeque<>(q);
        q.clear();
        return copy;
    }

    private static void runAll(ArrayDeque<Runnable> q) {
        if (q != null) {
            for (Runnable r : q) {
                r.run();
            }
        }
    }

    @Override
    public String toString() {
        return "Stream[" + id + (parent == null ? " service \"" + service + "\"" : " under " + parent.id) + " to "
                + remoteAddress + "]";
    }

    long id() {
        return id;
    }

    Channel channel() {
        return channel;
    }
}
