package io.jsst.engine.channel;

/**
 * The set of packet numbers received on a channel, kept as disjoint, non-adjacent ranges, from which
 * ACK frames are built (RFC 9000 §19.3, quiche {@code ranges.rs}).
 *
 * <pre>
 *   received:  0 1 2 3 . . 6 7 8 . 10 11
 *   ranges (descending, as an ACK frame lists them):
 *     i=0  [10..11]   holds largest()
 *     i=1  [ 6.. 8]
 *     i=2  [ 0.. 3]
 * </pre>
 *
 * <p>Storage is two primitive arrays in ascending order, so adding the next in-order packet number
 * extends the top range in O(1) and nothing is boxed. Out-of-order numbers cost a binary search and,
 * when they open or close a gap, one array shift of at most {@code maxRanges} entries.
 *
 * <p>At most {@code maxRanges} ranges are kept. When a new gap would exceed that, the lowest (oldest)
 * range is dropped: those packets are then no longer reported, which at worst makes the peer
 * retransmit them. A packet number below every kept range, arriving while the set is full, is
 * therefore counted as new ({@link #add} returns {@code true}) but not stored.
 *
 * <p>Negative packet numbers are ignored. Not thread-safe: one channel owns it.
 */
public final class AckRanges {

    private static final int INITIAL_CAPACITY = 2;

    private final int maxRanges;
    private final int initialCapacity;
    /**
     * starts[j], ends[j] for j in [0, count): ascending, disjoint, with a gap of at least one between.
     * They start small and grow up to {@code maxRanges + 1}: most channels never see more than a few
     * gaps, and an idle one should cost little memory; {@link #releaseSpare} shrinks them again.
     */
    private long[] starts;
    private long[] ends;
    private int count;

    /**
     * @param maxRanges the most ranges kept; values below 1 are treated as 1
     */
    public AckRanges(int maxRanges) {
        this.maxRanges = Math.max(1, maxRanges);
        this.initialCapacity = Math.min(this.maxRanges + 1, INITIAL_CAPACITY);
        this.starts = new long[initialCapacity];
        this.ends = new long[initialCapacity];
    }

    /**
     * Adds {@code packetNumber}.
     *
     * @return {@code false} if it was already present (a duplicate), {@code true} otherwise
     */
    public boolean add(long packetNumber) {
        if (packetNumber < 0) {
            return false;
        }
        if (count == 0) {
            starts[0] = packetNumber;
            ends[0] = packetNumber;
            count = 1;
            return true;
        }
        int top = count - 1;
        long largest = ends[top];
        // Fast paths: in order, or a new range above everything.
        if (packetNumber == largest + 1) {
            ends[top] = packetNumber;
            return true;
        }
        if (packetNumber > largest + 1) {
            insertAt(count, packetNumber);
            return true;
        }
        // j = index of the last range with start <= pn, or -1.
        int j = lastStartAtOrBelow(packetNumber);
        if (j >= 0 && packetNumber <= ends[j]) {
            return false;
        }
        boolean joinsBelow = j >= 0 && ends[j] + 1 == packetNumber;
        boolean joinsAbove = j + 1 < count && starts[j + 1] - 1 == packetNumber;
        if (joinsBelow && joinsAbove) {
            ends[j] = ends[j + 1];
            removeAt(j + 1);
        } else if (joinsBelow) {
            ends[j] = packetNumber;
        } else if (joinsAbove) {
            starts[j + 1] = packetNumber;
        } else {
            insertAt(j + 1, packetNumber);
        }
        return true;
    }

    /** @return whether no packet number is held */
    public boolean isEmpty() {
        return count == 0;
    }

    /** @return the largest packet number held, or -1 if empty */
    public long largest() {
        return count == 0 ? -1 : ends[count - 1];
    }

    /** @return the number of ranges, at most {@code maxRanges} */
    public int rangeCount() {
        return count;
    }

    /**
     * Ranges are indexed in descending order: {@code i = 0} is the range holding {@link #largest()}.
     *
     * @return the smallest packet number of range {@code i}
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, rangeCount())}
     */
    public long rangeStart(int i) {
        return starts[index(i)];
    }

    /**
     * @return the largest packet number (inclusive) of range {@code i}, descending order as in
     *     {@link #rangeStart(int)}
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, rangeCount())}
     */
    public long rangeEnd(int i) {
        return ends[index(i)];
    }

    /**
     * Forgets every packet number below {@code packetNumber}, typically after the peer acknowledged a
     * packet carrying an ACK frame that covered them (RFC 9000 §13.2.4).
     */
    public void removeBelow(long packetNumber) {
        int drop = 0;
        while (drop < count && ends[drop] < packetNumber) {
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(starts, drop, starts, 0, count - drop);
            System.arraycopy(ends, drop, ends, 0, count - drop);
            count -= drop;
        }
        if (count > 0 && starts[0] < packetNumber) {
            starts[0] = packetNumber;
        }
    }

    /** @return whether {@code packetNumber} is held */
    public boolean contains(long packetNumber) {
        int j = lastStartAtOrBelow(packetNumber);
        return j >= 0 && packetNumber <= ends[j];
    }

    /** Whether the arrays are larger than the ranges held need, so that {@link #releaseSpare} would shrink them. */
    public boolean hasSpare() {
        return starts.length > Math.max(initialCapacity, count);
    }

    /**
     * Shrinks the arrays to the ranges held (for an idle channel, after a lossy spell grew them);
     * the ranges are unchanged.
     */
    public void releaseSpare() {
        int size = Math.max(initialCapacity, count);
        if (starts.length > size) {
            starts = java.util.Arrays.copyOf(starts, size);
            ends = java.util.Arrays.copyOf(ends, size);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AckRanges[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(rangeStart(i)).append("..").append(rangeEnd(i));
        }
        return sb.append(']').toString();
    }

    private int index(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("range " + i + " of " + count);
        }
        return count - 1 - i;
    }

    /** Binary search over starts[0..count): the last index with starts[j] <= pn, or -1. */
    private int lastStartAtOrBelow(long pn) {
        int lo = 0;
        int hi = count - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= pn) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Inserts the single-packet range [pn..pn] at position j, then evicts the lowest range if over capacity. */
    private void insertAt(int j, long pn) {
        if (count == starts.length) {
            int grown = Math.min(maxRanges + 1, starts.length * 2);
            starts = java.util.Arrays.copyOf(starts, grown);
            ends = java.util.Arrays.copyOf(ends, grown);
        }
        System.arraycopy(starts, j, starts, j + 1, count - j);
        System.arraycopy(ends, j, ends, j + 1, count - j);
        starts[j] = pn;
        ends[j] = pn;
        count++;
        if (count > maxRanges) {
            removeAt(0);
        }
    }

    private void removeAt(int j) {
        System.arraycopy(starts, j + 1, starts, j, count - j - 1);
        System.arraycopy(ends, j + 1, ends, j, count - j - 1);
        count--;
    }
}
