package io.jsst.engine;

import io.jsst.engine.channel.Channel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all streams of one channel may hold unacknowledged together, as an association's send
 * buffer does in kernel SCTP: each stream has its own limit ({@link HostConfig#sendBufferSize()}),
 * and together they may hold twice that. Without it, sixteen streams writing at once buffered
 * sixteen times one stream's bytes: rings that grew to megabytes each, zeroed and paged in for data
 * the congestion window could not carry anyway.
 *
 * <p>A stream with nothing unacknowledged may always take one write (up to 64 KiB), so a stream
 * whose peer stopped reading, holding its whole limit, never stops the others. A writer the budget
 * stops {@linkplain #awaitRoom registers}, then looks again; releases wake the registered writers
 * once the budget has a {@link #wakeRoom} of room, not at every acknowledgement. Any thread.
 */
final class SendBudget {
    private final long limit;
    private final long wakeRoom;
    private final AtomicLong held = new AtomicLong();
    private final ConcurrentLinkedQueue<Stream> waiting = new ConcurrentLinkedQueue<>();

    SendBudget(long limit) {
        this.limit = limit;
        this.wakeRoom = Math.max(1, limit / 8);
    }

    /** The budget of {@code channel}'s streams, made with the first stream. Loop thread. */
    static SendBudget of(Channel channel, long streamLimit) {
        if (channel.attachment() instanceof SendBudget b) {
            return b;
        }
        SendBudget b = new SendBudget(2 * streamLimit);
        channel.attach(b);
        return b;
    }

    /** Bytes the channel's streams may still take; zero or less when it is spent. */
    long room() {
        return limit - held.get();
    }

    void take(long bytes) {
        held.addAndGet(bytes);
    }

    /** Bytes were acknowledged, or a failed stream gave back what it held. */
    void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        long now = held.addAndGet(-bytes);
        if (limit - now >= wakeRoom && !waiting.isEmpty()) {
            Stream s;
            while ((s = waiting.poll()) != null) {
                s.budgetFreed();
            }
        }
    }

    /**
     * Registers {@code writer} to hear of the next release that leaves {@link #wakeRoom} of room.
     * The caller looks at {@link #room()} again afterwards: a release between its first look and
     * this call woke nobody.
     */
    void awaitRoom(Stream writer) {
        if (writer.markAwaitingBudget()) {
            waiting.add(writer);
        }
    }

    /** Bytes held now (tests and statistics). */
    long held() {
        return held.get();
    }

    long limit() {
        return limit;
    }
}
