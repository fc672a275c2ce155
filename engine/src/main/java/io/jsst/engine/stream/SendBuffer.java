package io.jsst.engine.stream;

import java.nio.ByteBuffer;

/**
 * The sending half of one stream: bytes the application wrote, from the oldest not yet
 * acknowledged to the newest, with the message boundaries among them.
 *
 * <pre>
 *   ackedOffset        sentOffset             writeOffset
 *       |  in flight or lost  |   not yet sent     |
 *  -----+---------------------+--------------------+
 *       ^ freed below here    lost ranges are resent first
 * </pre>
 *
 * Frames are cut at message ends, and a frame that ends at one carries the end-of-message mark;
 * so each retransmission re-derives its marks from the offsets, never from the lost packet
 * (retransmit frames, not packets).
 *
 * <p>The bytes live in {@link SegmentPool} segments, each covering a 64 KiB-aligned range of
 * offsets: a segment goes back to the pool once every byte in it is acknowledged, and all of them
 * once everything written is, so an idle stream holds none, and a new stream or a growing window
 * reuses segments other streams gave back instead of allocating (and zeroing) a larger ring.
 */
public final class SendBuffer {

    /** A segment to send; filled in by {@link #nextSegment}. */
    public static final class Segment {
        public long offset;
        public int length;
        public boolean fin;
        public boolean endOfMessage;
        /** Whether the segment is a retransmission (true) or new data. */
        public boolean retransmission;
    }

    private static final int SEGMENT_SHIFT = 16;
    private static final int SEGMENT_MASK = SegmentPool.SEGMENT_SIZE - 1;

    private final SegmentPool pool;
    /** Segments in order of offset, in a circular array whose length is a power of two. */
    private byte[][] segments = new byte[4][];
    private int head;
    private int count;
    /** The offset of the first byte of {@code segments[head]}: a multiple of the segment size. */
    private long base;
    private long ackedOffset;
    private long sentOffset;
    private long writeOffset;
    private long finOffset = -1;
    private boolean finSent;
    private boolean finAcked;
    private final OffsetRanges lost = new OffsetRanges();
    private final OffsetRanges ackedAbove = new OffsetRanges();
    private long[] messageEnds = new long[16];
    private int messageEndsHead;
    private int messageEndsCount;

    public SendBuffer(SegmentPool pool) {
        if (SegmentPool.SEGMENT_SIZE != 1 << SEGMENT_SHIFT) {
            throw new IllegalStateException("segment size is not 2^" + SEGMENT_SHIFT);
        }
        this.pool = pool;
    }

    /** Bytes appended but not yet acknowledged. */
    public long bufferedBytes() {
        return writeOffset - ackedOffset;
    }

    public long writeOffset() {
        return writeOffset;
    }

    public long sentOffset() {
        return sentOffset;
    }

    public boolean isFinished() {
        return finOffset >= 0;
    }

    /** Whether every byte and the FIN (if any) have been acknowledged. */
    public boolean isFullyAcknowledged() {
        return ackedOffset == writeOffset && (finOffset < 0 || finAcked);
    }

    /** Appends bytes; if {@code endOfMessage}, a message ends after them. */
    public void append(ByteBuffer data, boolean endOfMessage) {
        if (finOffset >= 0) {
            throw new IllegalStateException("stream finished");
        }
        if (count == 0) {
            base = writeOffset & ~(long) SEGMENT_MASK;
        }
        while (data.hasRemaining()) {
            int index = (int) ((writeOffset - base) >>> SEGMENT_SHIFT);
            if (index == count) {
                addSegment();
            }
            int pos = (int) (writeOffset & SEGMENT_MASK);
            int n = Math.min(data.remaining(), SegmentPool.SEGMENT_SIZE - pos);
            data.get(segment(index), pos, n);
            writeOffset += n;
        }
        if (endOfMessage && (messageEndsCount == 0 || lastMessageEnd() != writeOffset)) {
            addMessageEnd(writeOffset);
        }
    }

    /** No more bytes: the stream's FIN follows the last appended byte. */
    public void finish() {
        if (finOffset < 0) {
            finOffset = writeOffset;
        }
    }

    /** Whether {@link #nextSegment} could produce something (retransmissions ignore flow control). */
    public boolean hasDataToSend(long flowLimit) {
        return !lost.isEmpty() || (sentOffset < writeOffset && sentOffset < flowLimit)
                || (finOffset >= 0 && !finSent && sentOffset == finOffset);
    }

    /**
     * Chooses the next segment of at most {@code maxLength} bytes: lost bytes first, then new
     * bytes below {@code flowLimit} (the peer's flow-control limit for this stream). Marks it sent.
     *
     * @return false if there is nothing to send
     */
    public boolean nextSegment(int maxLength, long flowLimit, Segment out) {
        if (maxLength <= 0) {
            return false;
        }
        if (!lost.isEmpty()) {
            long start = lost.firstStart();
            long end = Math.min(lost.firstEnd(), start + maxLength);
            end = cutAtMessageEnd(start, end);
            lost.remove(start, end);
            fill(out, start, end, true);
            return true;
        }
        long limit = Math.min(writeOffset, flowLimit);
        if (sentOffset < limit) {
            long start = sentOffset;
            long end = cutAtMessageEnd(start, Math.min(limit, start + maxLength));
            sentOffset = end;
            fill(out, start, end, false);
            return true;
        }
        if (finOffset >= 0 && !finSent && sentOffset == finOffset) {
            fill(out, finOffset, finOffset, false);
            return true;
        }
        return false;
    }

    private void fill(Segment out, long start, long end, boolean retransmission) {
        out.offset = start;
        out.length = (int) (end - start);
        out.fin = finOffset >= 0 && end == finOffset;
        out.endOfMessage = end > start && isMessageEnd(end);
        out.retransmission = retransmission;
        if (out.fin) {
            finSent = true;
        }
    }

    /** Copies bytes {@code [offset, offset + length)} to {@code out}. */
    public void copy(long offset, int length, ByteBuffer out) {
        while (length > 0) {
            int pos = (int) (offset & SEGMENT_MASK);
            int n = Math.min(length, SegmentPool.SEGMENT_SIZE - pos);
            out.put(segment((int) ((offset - base) >>> SEGMENT_SHIFT)), pos, n);
            offset += n;
            length -= n;
        }
    }

    /**
     * The peer acknowledged {@code [offset, offset + length)} (and the FIN if {@code fin}).
     *
     * @return how many bytes this freed from the buffer
     */
    public long onAcked(long offset, int length, boolean fin) {
        if (fin) {
            finAcked = true;
        }
        long end = offset + length;
        lost.remove(offset, end);
        if (end <= ackedOffset) {
            return 0;
        }
        long before = ackedOffset;
        if (offset <= ackedOffset) {
            ackedOffset = end;
            while (!ackedAbove.isEmpty() && ackedAbove.firstStart() <= ackedOffset) {
                ackedOffset = Math.max(ackedOffset, ackedAbove.firstEnd());
                ackedAbove.removeBelow(ackedOffset);
            }
            while (messageEndsCount > 0 && messageEnds[messageEndsHead] <= ackedOffset) {
                messageEndsHead = (messageEndsHead + 1) & (messageEnds.length - 1);
                messageEndsCount--;
            }
            releaseAcknowledgedSegments();
        } else {
            ackedAbove.add(offset, end);
        }
        return ackedOffset - before;
    }

    /** The packet carrying {@code [offset, offset + length)} was lost: send those bytes again. */
    public void onLost(long offset, int length, boolean fin) {
        if (fin && !finAcked) {
            finSent = false;
        }
        long start = Math.max(offset, ackedOffset);
        long end = offset + length;
        if (start >= end) {
            return;
        }
        lost.add(start, end);
        // Bytes acknowledged in the meantime (a spurious loss) need no resend.
        lost.removeAll(ackedAbove, start, end);
    }

    /**
     * The stream is forgotten (reset, or its channel closed): its segments go back to the pool
     * with whatever they still held. Nothing may be read from this buffer afterwards.
     */
    public void discard() {
        while (count > 0) {
            pool.give(segments[head]);
            segments[head] = null;
            head = (head + 1) & (segments.length - 1);
            count--;
        }
    }

    /** Segments held now (tests: an idle stream holds none). */
    public int segmentCount() {
        return count;
    }

    /**
     * Gives back the segments every byte of which is acknowledged, and the last one too once
     * everything written is: the next write starts a segment afresh.
     */
    private void releaseAcknowledgedSegments() {
        boolean allAcked = ackedOffset == writeOffset;
        while (count > 0 && (allAcked || base + SegmentPool.SEGMENT_SIZE <= ackedOffset)) {
            pool.give(segments[head]);
            segments[head] = null;
            head = (head + 1) & (segments.length - 1);
            count--;
            base += SegmentPool.SEGMENT_SIZE;
        }
    }

    private byte[] segment(int index) {
        return segments[(head + index) & (segments.length - 1)];
    }

    private void addSegment() {
        if (count == segments.length) {
            byte[][] bigger = new byte[segments.length * 2][];
            for (int i = 0; i < count; i++) {
                bigger[i] = segment(i);
            }
            segments = bigger;
            head = 0;
        }
        segments[(head + count) & (segments.length - 1)] = pool.take();
        count++;
    }

    private long cutAtMessageEnd(long start, long end) {
        // the first message end strictly after start
        int n = messageEndsCount;
        int mask = messageEnds.length - 1;
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (messageEnds[(messageEndsHead + mid) & mask] <= start) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo < n) {
            long e = messageEnds[(messageEndsHead + lo) & mask];
            if (e < end) {
                return e;
            }
        }
        return end;
    }

    private boolean isMessageEnd(long offset) {
        int mask = messageEnds.length - 1;
        int lo = 0;
        int hi = messageEndsCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = messageEnds[(messageEndsHead + mid) & mask];
            if (v == offset) {
                return true;
            }
            if (v < offset) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return false;
    }

    private long lastMessageEnd() {
        return messageEnds[(messageEndsHead + messageEndsCount - 1) & (messageEnds.length - 1)];
    }

    private void addMessageEnd(long offset) {
        if (messageEndsCount == messageEnds.length) {
            long[] bigger = new long[messageEnds.length * 2];
            for (int i = 0; i < messageEndsCount; i++) {
                bigger[i] = messageEnds[(messageEndsHead + i) & (messageEnds.length - 1)];
            }
            messageEnds = bigger;
            messageEndsHead = 0;
        }
        messageEnds[(messageEndsHead + messageEndsCount) & (messageEnds.length - 1)] = offset;
        messageEndsCount++;
    }
}
