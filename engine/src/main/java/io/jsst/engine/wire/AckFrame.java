package io.jsst.engine.wire;

/**
 * A decoded ACK frame, reused by {@link FrameReader} from frame to frame: valid only during the
 * {@link FrameVisitor#ack} call that receives it.
 *
 * <p>RFC 9000 §19.3: the ranges are in descending order; range 0 ends at {@link #largest()}.
 */
public final class AckFrame {
    private static final int MAX_RANGES = 256;
    private static final int INITIAL_RANGES = 8;

    private long largest;
    private long ackDelayMicros;
    private int rangeCount;
    /**
     * Grown by doubling up to {@link #MAX_RANGES} when a frame has more ranges: every channel has
     * a reader, and most ACKs carry one or two ranges, so an idle channel should not hold 4 KiB here.
     */
    private long[] starts = new long[INITIAL_RANGES];
    private long[] ends = new long[INITIAL_RANGES];

    public long largest() {
        return largest;
    }

    public long ackDelayMicros() {
        return ackDelayMicros;
    }

    public int rangeCount() {
        return rangeCount;
    }

    /** The smallest packet number of range {@code i}. */
    public long rangeStart(int i) {
        return starts[i];
    }

    /** The largest packet number of range {@code i}, inclusive. */
    public long rangeEnd(int i) {
        return ends[i];
    }

    void reset(long largest, long ackDelayMicros) {
        this.largest = largest;
        this.ackDelayMicros = ackDelayMicros;
        this.rangeCount = 0;
    }

    /** Adds the next lower range; false if there are too many. */
    boolean addRange(long start, long end) {
        if (rangeCount == MAX_RANGES) {
            return false;
        }
        if (rangeCount == starts.length) {
            int capacity = Math.min(MAX_RANGES, 2 * starts.length);
            starts = java.util.Arrays.copyOf(starts, capacity);
            ends = java.util.Arrays.copyOf(ends, capacity);
        }
        starts[rangeCount] = start;
        ends[rangeCount] = end;
        rangeCount++;
        return true;
    }
}
