package io.jsst.engine;

import io.jsst.engine.channel.Channel;
import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.stream.StreamListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reliable, ordered stream of bytes with message boundaries, carried by a channel between two
 * hosts. Bytes written with {@link #write} flow as a byte stream; {@link #writeMessage} also marks
 * where a message ends, and {@link #readMessage} returns exactly one message.
 *
 * <p>Blocking: {@code write} blocks while the stream's send buffer ({@link
 * HostConfig#sendBufferSize()}) holds unacknowledged bytes; {@code read} blocks until bytes, the
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
    private final Channel channel;
    private final long id;
    private final InetSocketAddress remoteAddress;
    private final Eid remoteEid;
    private final long sendBufferLimit;
    private final long consumeReportThreshold;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int headOffset;
    private long available;
    private boolean inputFinished;
    private IOException failure;
    private long unacknowledged;
    private boolean outputShutdown;
    private boolean outputAcknowledged;
    private boolean closed;
    private boolean peerClosed;
    private long unreportedConsumed;
    private final ArrayDeque<Runnable> readWaiters = new ArrayDeque<>();
    private final ArrayDeque<Runnable> writeWaiters = new ArrayDeque<>();
    private CompletableFuture<Void> outputFinishedFuture;
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

    private record Chunk(byte[] bytes, boolean endOfMessage) {
    }

    Stream(Host host, Channel channel, long id) {
        this.host = host;
        this.channel = channel;
        this.id = id;
        this.remoteAddress = channel.peerAddress();
        this.remoteEid = channel.peerEid();
        this.sendBufferLimit = host.config().sendBufferSize();
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
        write(src, false);
    }

    public void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes), false);
    }

    /** As {@link #write(ByteBuffer)}, and marks the end of a message after the last byte. */
    public void writeMessage(ByteBuffer src) throws IOException {
        write(src, true);
    }

    public void writeMessage(byte[] message) throws IOException {
        write(ByteBuffer.wrap(message), true);
    }

    private void write(ByteBuffer src, boolean endOfMessage) throws IOException {
        host.checkMayBlock();
        do {
            int n;
            lock.lock();
            try {
                while (true) {
                    checkWritable();
                    long room = sendBufferLimit - unacknowledged;
                    if (room > 0 || unacknowledged == 0) {
                        n = (int) Math.min(src.remaining(), Math.max(room, Math.min(src.remaining(), 65536)));
                        break;
                    }
                    awaitEvent(writable, () -> writerEvents, Long.MAX_VALUE);
                }
                unacknowledged += n;
            } finally {
                lock.unlock();
            }
            submit(src, n, endOfMessage && n == src.remaining());
        } while (src.hasRemaining());
    }

    /** Copies {@code n} bytes of src and hands them to the loop. */
    private void submit(ByteBuffer src, int n, boolean endOfMessage) {
        ByteBuffer copy = ByteBuffer.allocate(n);
        int limit = src.limit();
        src.limit(src.position() + n);
        copy.put(src).flip();
        src.limit(limit);
        host.driver().execute(() -> {
            if (channel.state().isOpen()) {
                channel.write(id, copy, endOfMessage);
            }
        });
    }

    private void checkWritable() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
        if (outputShutdown || closed) {
            throw new ClosedChannelException();
        }
        if (peerClosed) {
            throw new IOException("channel closed by the peer");
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
                    long room = sendBufferLimit - unacknowledged;
                    if (room <= 0 && unacknowledged > 0) {
                        writeWaiters.add(this);
                        return;
                    }
                    n = (int) Math.min(src.remaining(), Math.max(room, Math.min(src.remaining(), 65536)));
                    unacknowledged += n;
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
        host.driver().execute(() -> {
            if (channel.state().isOpen()) {
                channel.finish(id);
            }
        });
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
            awaitReadable(timeout);
            return takeBytes(dst);
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
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        lock.lock();
        try {
            while (true) {
                Duration left = timeout == null ? null : Duration.ofNanos(deadline - System.nanoTime());
                awaitReadable(left);
                if (chunks.isEmpty()) {
                    return out.size() > 0 ? out.toByteArray() : null;
                }
                if (takeMessagePart(out)) {
                    return out.toByteArray();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The next message, when it is complete; null at the end of the stream. Completes on the loop thread or at once. */
    public CompletableFuture<byte[]> readMessageAsync() {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new Runnable() {
            @Override
            public void run() {
                lock.lock();
                try {
                    while (true) {
                        if (!chunks.isEmpty()) {
                            if (takeMessagePart(out)) {
                                f.complete(out.toByteArray());
                                return;
                            }
                            continue;
                        }
                        if (failure != null) {
                            f.completeExceptionally(new IOException(failure.getMessage(), failure));
                            return;
                        }
                        if (inputFinished) {
                            f.complete(out.size() > 0 ? out.toByteArray() : null);
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
        CompletableFuture<Integer> f = new CompletableFuture<>();
        new Runnable() {
            @Override
            public void run() {
                lock.lock();
                try {
                    if (!chunks.isEmpty()) {
                        f.complete(takeBytes(dst));
                    } else if (failure != null) {
                        f.completeExceptionally(new IOException(failure.getMessage(), failure));
                    } else if (inputFinished) {
                        f.complete(-1);
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

    /** Bytes that can be read without blocking. */
    public long available() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    private void awaitReadable(Duration timeout) throws IOException {
        long start = System.nanoTime();
        long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        while (chunks.isEmpty() && !inputFinished && failure == null) {
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
        if (chunks.isEmpty() && failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    /** How long a waiter sleeps on its condition before it tries again to poll for itself. */
    private static final long CONDITION_WAIT_NANOS = 2_000_000L;

    /**
     * With the lock held: waits until {@code events} changes or {@code maxNanos} pass (or
     * spuriously). If the host's loop lends its turns, this thread polls the socket itself (no
     * hand-off when the datagram comes); otherwise it sleeps on {@code condition}, which the loop
     * signals, re-trying to poll every few milliseconds.
     */
    private void awaitEvent(Condition condition, java.util.function.LongSupplier events, long maxNanos) {
        long seen = events.getAsLong();
        long deadline = host.driver().nowNanos() + Math.min(maxNanos, Long.MAX_VALUE / 4);
        lock.unlock();
        boolean polled;
        try {
            polled = host.driver().pollUntil(() -> events.getAsLong() != seen, deadline);
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

    /** With the lock held: copies bytes up to the end of the current message. -1 at the end. */
    private int takeBytes(ByteBuffer dst) {
        if (chunks.isEmpty()) {
            return inputFinished ? -1 : 0;
        }
        int total = 0;
        while (dst.hasRemaining() && !chunks.isEmpty()) {
            Chunk c = chunks.peek();
            int n = Math.min(dst.remaining(), c.bytes.length - headOffset);
            dst.put(c.bytes, headOffset, n);
            headOffset += n;
            total += n;
            if (headOffset == c.bytes.length) {
                chunks.poll();
                headOffset = 0;
                if (c.endOfMessage) {
                    break;
                }
            }
        }
        consumed(total);
        return total;
    }

    /** With the lock held: moves chunks into out; true when a message end was reached. */
    private boolean takeMessagePart(java.io.ByteArrayOutputStream out) {
        while (!chunks.isEmpty()) {
            Chunk c = chunks.poll();
            int n = c.bytes.length - headOffset;
            out.write(c.bytes, headOffset, n);
            headOffset = 0;
            consumed(n);
            if (c.endOfMessage) {
                return true;
            }
        }
        return false;
    }

    /** With the lock held: the reader took {@code n} bytes; report them to the loop in batches. */
    private void consumed(long n) {
        available -= n;
        unreportedConsumed += n;
        if (unreportedConsumed >= consumeReportThreshold || available == 0) {
            long report = unreportedConsumed;
            unreportedConsumed = 0;
            if (host.driver().inDriverThread()) {
                channel.consumed(id, report);
            } else {
                host.driver().execute(() -> channel.consumed(id, report));
            }
        }
    }

    // ------------------------------------------------------------------ close

    /**
     * Closes the stream and its channel gracefully: ends the output, waits until the peer has
     * acknowledged everything written (at most the idle timeout), then closes the channel.
     *
     * @throws IOException if the channel was lost before the peer had everything
     */
    @Override
    public void close() throws IOException {
        host.checkMayBlock();
        CompletableFuture<Void> f = closeAsync();
        Host.await(f, null);
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
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        host.driver().execute(() -> {
            if (!channel.state().isOpen()) {
                completeClose();
                return;
            }
            channel.finish(id);
            if (outputAcknowledged || channel.stream(id).sendBuffer().isFullyAcknowledged()) {
                channel.close(0, "", host.driver().nowNanos());
                completeClose();
            }
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

    /** Closes the channel at once, without waiting for unacknowledged data; the peer sees an error. */
    public void abort() {
        lock.lock();
        try {
            closed = true;
            outputShutdown = true;
            if (failure == null) {
                failure = new IOException("stream aborted");
            }
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        host.driver().execute(() -> channel.close(io.jsst.engine.channel.CloseReason.ABORTED_BY_APPLICATION,
                "aborted", host.driver().nowNanos()));
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
        public void data(byte[] bytes, boolean endOfMessage) {
            boolean schedule;
            lock.lock();
            try {
                chunks.add(new Chunk(bytes, endOfMessage));
                available += bytes.length;
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
            fail(new IOException("stream reset by the peer (error " + errorCode + ")"));
        }

        @Override
        public void acknowledged(long bytes) {
            boolean schedule;
            lock.lock();
            try {
                unacknowledged -= bytes;
                writerEvents++;
                schedule = !writersNotificationPending;
                writersNotificationPending = true;
            } finally {
                lock.unlock();
            }
            if (schedule) {
                host.deferToEndOfTurn(notifyWriters);
            }
        }

        @Override
        public void outputFinished() {
            boolean closing;
            lock.lock();
            try {
                outputAcknowledged = true;
                closing = closed && outputFinishedFuture != null && !outputFinishedFuture.isDone();
            } finally {
                lock.unlock();
            }
            if (closing && channel.state().isOpen()) {
                channel.close(0, "", host.driver().nowNanos());
                completeClose();
            }
        }

        @Override
        public void channelClosed(Exception cause) {
            if (cause == null) {
                lock.lock();
                try {
                    inputFinished = true;
                } finally {
                    lock.unlock();
                }
                fail(null);
            } else {
                fail(cause instanceof IOException io ? io : new IOException(cause));
            }
            if (outputFinishedFuture != null && !outputFinishedFuture.isDone()) {
                completeClose();
            }
        }
    };

    private void fail(IOException cause) {
        ArrayDeque<Runnable> wakeReaders;
        ArrayDeque<Runnable> wakeWriters;
        lock.lock();
        try {
            if (cause != null && failure == null) {
                failure = cause;
            }
            if (cause == null) {
                peerClosed = true;
            }
            readerEvents++;
            writerEvents++;
            readable.signalAll();
            writable.signalAll();
            wakeReaders = drain(readWaiters);
            wakeWriters = drain(writeWaiters);
        } finally {
            lock.unlock();
        }
        runAll(wakeReaders);
        runAll(wakeWriters);
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
        return "Stream[" + id + " to " + remoteAddress + "]";
    }

    static long toNanos(Duration d) {
        return TimeUnit.NANOSECONDS.convert(d);
    }
}
