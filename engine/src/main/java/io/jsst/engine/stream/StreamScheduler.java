package io.jsst.engine.stream;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which streams have something to send, and in which order the channel serves them: higher
 * priorities first, strictly; streams of equal priority take turns, one packet each.
 *
 * <pre>
 *   priority 1: [B, C]      packet 1 from B (then B goes to the back: [C, B]), packet 2 from C, ...
 *   priority 0: [A]         A sends only when B and C have nothing they may send
 * </pre>
 *
 * The channel walks {@link #levels()} from the top, takes each stream off the front of its level,
 * serves it, and puts it back at the end ({@link #requeue}) if it has more, or forgets it.
 */
public final class StreamScheduler {
    private final TreeMap<Integer, ArrayDeque<Long>> levels = new TreeMap<>(java.util.Comparator.reverseOrder());
    private final Map<Long, Integer> active = new HashMap<>();

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
        if (more) {
            level.addLast(streamId);
        } else {
            active.remove(streamId);
        }
    }

    /** Drops levels that became empty while the channel walked them. */
    public void prune() {
        levels.values().removeIf(ArrayDeque::isEmpty);
    }
}
