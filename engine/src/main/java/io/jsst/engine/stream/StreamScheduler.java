package io.jsst.engine.stream;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which streams have something to send, and in which order the channel serves them: higher
 * priorities first, strictly; streams of equal priority take turns, each turn up to a quantum of
 * bytes (the channel passes a sixteenth of its congestion window, at least one packet).
 *
 * <pre>
 *   priority 1: [B, C]      B fills packets until its quantum is spent (then B goes to the back:
 *                           [C, B]), then C, ...
 *   priority 0: [A]         A sends only when B and C have nothing they may send
 * </pre>
 *
 * Why a quantum rather than a packet each: the receiving application reads each stream on its own
 * thread, and a turn of one packet woke every stream's reader for every few packets (16 streams on
 * loopback: a context switch per 64 KiB datagram). Sixteen streams each sending a sixteenth of the
 * window still share every round trip.
 *
 * The channel walks {@link #levels()} from the top, takes each stream off the front of its level,
 * serves it, and gives it back with {@link #requeue}: at the front while its turn lasts, at the end
 * when the turn is over, or forgotten when it has nothing more.
 */
public final class StreamScheduler {
    private final TreeMap<Integer, ArrayDeque<Long>> levels = new TreeMap<>(java.util.Comparator.reverseOrder());
    private final Map<Long, Integer> active = new HashMap<>();
    /** The stream whose turn it is (at the front of its level), and what it sent in this turn. */
    private long turnStream = -1;
    private long turnBytes;

    /** Marks a stream as having something to send (no-op if it is already queued at that priority). */
    public void activate(long streamId, int priority) {
        Integer current = active.get(streamId);
        if (current != null) {
            if (current == priority) {
                return;
            }
            remove(streamId);
        }
        active.put(streamId, priority);
        levels.computeIfAbsent(priority, p -> new ArrayDeque<>()).addLast(streamId);
    }

    /** The stream changed priority: if queued, it moves to the end of its new level. */
    public void reprioritize(long streamId, int priority) {
        if (active.containsKey(streamId)) {
            activate(streamId, priority);
        }
    }

    public void remove(long streamId) {
        Integer p = active.remove(streamId);
        if (p != null) {
            ArrayDeque<Long> level = levels.get(p);
            level.remove(streamId);
            if (level.isEmpty()) {
                levels.remove(p);
            }
        }
    }

    public boolean isEmpty() {
        return active.isEmpty();
    }

    public int size() {
        return active.size();
    }

    public boolean isActive(long streamId) {
        return active.containsKey(streamId);
    }

    /** The queues of active streams, highest priority first. Take from the front, give back with {@link #requeue}. */
    public Collection<ArrayDeque<Long>> levels() {
        return levels.values();
    }

    /**
     * Puts a stream the channel took off the front of its level back at the end if {@code more},
     * or forgets it. Empty levels are dropped by {@link #prune()}.
     */
    public void requeue(ArrayDeque<Long> level, long streamId, boolean more) {
        requeue(level, streamId, more, 0, false, 0);
    }

    /**
     * As {@link #requeue(ArrayDeque, long, boolean)}, for a stream that sent {@code sent} bytes
     * into a packet it {@code filled}: it keeps its turn, at the front, until it has sent {@code
     * quantum} bytes in it or stops filling packets.
     */
    public void requeue(ArrayDeque<Long> level, long streamId, boolean more, int sent, boolean filled, long quantum) {
        if (!more) {
            active.remove(streamId);
            if (turnStream == streamId) {
                turnStream = -1;
            }
            return;
        }
        if (turnStream != streamId) {
            turnStream = streamId;
            turnBytes = 0;
        }
        turnBytes += sent;
        if (sent > 0 && filled && turnBytes < quantum) {
            level.addFirst(streamId);
        } else {
            turnStream = -1;
            level.addLast(streamId);
        }
    }

    /** Drops levels that became empty while the channel walked them. */
    public void prune() {
        levels.values().removeIf(ArrayDeque::isEmpty);
    }
}
