package io.jsst.engine.stream;

/**
 * Fixed-size arrays for bytes in transit, such as those {@link ReceivedBytes} queues a stream's
 * bytes in until its reader takes them, so that a bulk transfer reuses the same few arrays
 * instead of allocating one per packet. Segments may be taken on one thread and given back on
 * another: implementations are thread-safe.
 */
public interface SegmentPool {
    /** The length of every segment. */
    int SEGMENT_SIZE = 64 * 1024;

    /** No pooling: a new array each time, and given-back arrays are left to the garbage collector. */
    SegmentPool NONE = new SegmentPool() {
        @Override
        public byte[] take() {
            return new byte[SEGMENT_SIZE];
        }

        @Override
        public void give(byte[] segment) {
        }
    };

    /** An array of {@link #SEGMENT_SIZE} bytes, with any content. */
    byte[] take();

    /** Gives back a segment taken from this pool; its holder must not touch it any more. */
    void give(byte[] segment);
}
