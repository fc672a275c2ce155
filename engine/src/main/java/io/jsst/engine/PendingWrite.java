package io.jsst.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import io.jsst.engine.stream.SegmentPool;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * One write's bytes on their way into the stream's send buffer, which only the loop touches. The
 * write is handed to the loop as a task; if the writing thread runs that task itself (the loop
 * slept: {@link io.jsst.engine.loop.HostDriver#execute}), the bytes go straight from the caller's
 * buffer into the send buffer, the only copy. If the task has to wait for the loop, the writer
 * copies the bytes out before it returns (the caller may reuse its buffer at once), and the task
 * appends that copy: in a pooled segment when they fill a good part of one, given back once
 * appended.
 *
 * <pre>
 *   writer:  execute(task) ── ran (inline, or the loop took it meanwhile) ──&gt; wait until appended
 *                          └─ still queued ──&gt; copy, then detach ──&gt; return
 *   loop:    run ── claim ──&gt; append from the caller's buffer ──&gt; appended
 *                └─ detached ──&gt; append the copy
 * </pre>
 *
 * Claim and detach race on one state, so exactly one of them wins: the writer's copy is made
 * before it tries to detach, and is dropped if the loop claimed the task meanwhile.
 */
final class PendingWrite implements Runnable {

    /** Where the loop appends a write's bytes (the channel's stream). Loop only. */
    @FunctionalInterface
    interface Target {
        /** Appends the bytes between {@code bytes}' position and limit; {@code endOfMessage} marks a message end after them. */
        void append(ByteBuffer bytes, boolean endOfMessage);
    }

    private static final int QUEUED = 0;
    private static final int CLAIMED = 1;
    private static final int DETACHED = 2;
    private static final VarHandle STATE;
    /** Spins before the waiting writer yields: an append of 64 KiB takes a few microseconds. */
    private static final int SPINS = 1_000;
    /** Yields before the writer parks, then naps of this length until the append is done. */
    private static final int YIELDS = 100;
    private static final long PARK_NANOS = 50_000;
    /** A copy shorter than this gets an array of its own: a small message should not hold a segment. */
    static final int MIN_POOLED = 4096;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PendingWrite.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SegmentPool pool;
    private final Target target;
    private final ByteBuffer source;
    private final boolean endOfMessage;
    @SuppressWarnings("unused") // through STATE
    private volatile int state = QUEUED;
    private volatile boolean appended;
    private ByteBuffer copy;

    private PendingWrite(SegmentPool pool, Target target, ByteBuffer source, boolean endOfMessage) {
        this.pool = pool;
        this.target = target;
        this.source = source;
        this.endOfMessage = endOfMessage;
    }

    /**
     * Hands the next {@code n} bytes of {@code src} to {@code loop} for {@code target}, and
     * advances {@code src}'s position past them. When it returns, {@code src} is the caller's again.
     */
    static void handOver(Executor loop, SegmentPool pool, Target target, ByteBuffer src, int n,
                         boolean endOfMessage) {
        int position = src.position();
        int limit = src.limit();
        src.limit(position + n);
        PendingWrite write = new PendingWrite(pool, target, src, endOfMessage);
        loop.execute(write);
        if ((int) STATE.getVolatile(write) != QUEUED || !write.detach(position, n)) {
            write.awaitAppended();
        }
        // Whether the loop appended the bytes, will append the copy, or dropped them (a stream gone).
        src.limit(limit).position(position + n);
    }

    /** Copies the bytes out of the caller's buffer and leaves the copy to the task; false if the loop claimed it first. */
    private boolean detach(int position, int n) {
        byte[] array = n >= MIN_POOLED && n <= SegmentPool.SEGMENT_SIZE ? pool.take() : new byte[n];
        source.get(position, array, 0, n);
        copy = ByteBuffer.wrap(array, 0, n);
        if (STATE.compareAndSet(this, QUEUED, DETACHED)) {
            return true;
        }
        giveBack(array);
        return false;
    }

    @Override
    public void run() {
        if (STATE.compareAndSet(this, QUEUED, CLAIMED)) {
            try {
                target.append(source, endOfMessage);
            } finally {
                appended = true;
            }
        } else {
            // Detached: the copy was written before the state changed, so it is complete here.
            try {
                target.append(copy, endOfMessage);
            } finally {
                giveBack(copy.array());
            }
        }
    }

    private void giveBack(byte[] array) {
        if (array.length == SegmentPool.SEGMENT_SIZE) {
            pool.give(array);
        }
    }

    private void awaitAppended() {
        for (int i = 0; !appended; i++) {
            if (i < SPINS) {
                Thread.onSpinWait();
            } else if (i < SPINS + YIELDS) {
                Thread.yield();
            } else {
                // The appending thread lost its CPU (a GC, a busy machine): stop competing for one.
                java.util.concurrent.locks.LockSupport.parkNanos(PARK_NANOS);
            }
        }
    }
}
