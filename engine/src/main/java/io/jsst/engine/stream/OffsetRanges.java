package io.jsst.engine.stream;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of disjoint, non-adjacent half-open byte ranges {@code [start, end)} of a stream: the
 * bytes a sender must retransmit, or the bytes acknowledged beyond the contiguous prefix.
 */
final class OffsetRanges {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Adds {@code [start, end)}, merging with overlapping and adjacent ranges. */
    void add(long start, long end) {
        if (start >= end) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
            ranges.remove(before.getKey());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(start);
        }
        ranges.put(start, end);
    }

    /** Removes {@code [start, end)} from the set, splitting ranges it cuts. */
    void remove(long start, long end) {
        if (start >= end || ranges.isEmpty()) {
            return;
        }
        Map.Entry<Long, Long> before = ranges.lowerEntry(start);
        if (before != null && before.getValue() > start) {
            ranges.put(before.getKey(), start);
            if (before.getValue() > end) {
                ranges.put(end, before.getValue());
                return;
            }
        }
        Map.Entry<Long, Long> e = ranges.ceilingEntry(start);
        while (e != null && e.getKey() < end) {
            ranges.remove(e.getKey());
            if (e.getValue() > end) {
                ranges.put(end, e.getValue());
                break;
            }
            e = ranges.ceilingEntry(start);
        }
    }

    /** The start of the lowest range; only when not empty. */
    long firstStart() {
        return ranges.firstKey();
    }

    /** The end of the lowest range; only when not empty. */
    long firstEnd() {
        return ranges.firstEntry().getValue();
    }

    /** Removes from this set every range of {@code other} that overlaps {@code [start, end)}. */
    void removeAll(OffsetRanges other, long start, long end) {
        Long from = other.ranges.floorKey(start);
        for (Map.Entry<Long, Long> e : other.ranges.subMap(from == null ? start : from, true, end, false).entrySet()) {
            remove(e.getKey(), e.getValue());
        }
    }

    /** Drops everything below {@code offset}. */
    void removeBelow(long offset) {
        remove(Long.MIN_VALUE, offset);
    }
}
