package io.jsst.engine;

import io.jsst.engine.stream.SegmentPool;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The byte segments of every stream in the process: loops take them to queue received bytes and
 * readers give them back; writers take them to hold a write that waits for the loop, and the loop
 * gives them back. Last in, first out, so a transfer keeps reusing the segments still in
 * the CPU's cache. At most {@link #MAX_SPARE_BYTES} wait here; beyond, given-back segments are
 * left to the garbage collector, and an empty pool allocates.
 */
final class SharedSegmentPool implements SegmentPool {
    /** Enough for the bursts a loop turn delivers to one reader (up to 64 datagrams of 64 KiB). */
    static final int MAX_SPARE_BYTES = 8 * 1024 * 1024;

    static final SharedSegmentPool INSTANCE = new SharedSegmentPool(MAX_SPARE_BYTES / SEGMENT_SIZE);

    private final ReentrantLock lock = new ReentrantLock();
    private final byte[][] spare;
    private int count;

    SharedSegmentPool(int maxSpareSegments) {
        this.spare = new byte[maxSpareSegments][];
    }

    @Override
    public byte[] take() {
        lock.lock();
        try {
            if (count > 0) {
                byte[] s = spare[--count];
                spare[count] = null;
                return s;
            }
        } finally {
            lock.unlock();
        }
        return new byte[SEGMENT_SIZE];
    }

    @Override
    public void give(byte[] segment) {
        if (segment.length != SEGMENT_SIZE) {
            throw new IllegalArgumentException("not a segment: " + segment.length + " bytes");
        }
        lock.lock();
        try {
            if (count < spare.length) {
                spare[count++] = segment;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Segments waiting to be taken (for tests). */
    int spareCount() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
