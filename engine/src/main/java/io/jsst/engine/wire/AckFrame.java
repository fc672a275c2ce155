package io.jsst.engine.wire;

/**
 * A decoded ACK frame, reused by {@link FrameReader} from frame to frame: valid only during the
 * {@link FrameVisitor#ack} call that receives it.
 *
 * <p>RFC 9000 §19.3: the ranges are in descending order; range 0 ends at {@link #largest()}.
 */
public final class AckFrame {
    private static final int MAX_RANGES = 256;

    private long largest;
    private long ackDelayMicros;
    private int rangeCount;
    private final long[] starts = new long[MAX_RANGES];
    private final long[] ends = new long[MAX_RANGES];

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
        starts[rangeCount] = start;
        ends[rangeCount] = end;
        rangeCount++;
        return true;
    }
}
