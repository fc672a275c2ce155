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

    // Small to start: an idle stream should cost little; it doubles as data comes.
    private byte[] ring = new byte[256];
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
        int len = data.remaining();
        ensureCapacity(writeOffset - ackedOffset + len);
        int mask = ring.length - 1;
        int pos = (int) (writeOffset & mask);
        int first = Math.min(len, ring.length - pos);
        data.get(ring, pos, first);
        data.get(ring, 0, len - first);
        writeOffset += len;
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
        int mask = ring.length - 1;
        int pos = (int) (offset & mask);
        int first = Math.min(length, ring.length - pos);
        out.put(ring, pos, first);
        out.put(ring, 0, length - first);
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

    private void ensureCapacity(long needed) {
        if (needed <= ring.length) {
            return;
        }
        int cap = ring.length;
        while (cap < needed) {
            cap <<= 1;
            if (cap <= 0) {
                throw new IllegalStateException("send buffer too large");
            }
        }
        byte[] bigger = new byte[cap];
        int oldMask = ring.length - 1;
        int newMask = cap - 1;
        for (long o = ackedOffset; o < writeOffset; ) {
            int from = (int) (o & oldMask);
            int to = (int) (o & newMask);
            int n = (int) Math.min(writeOffset - o, Math.min(ring.length - from, cap - to));
            System.arraycopy(ring, from, bigger, to, n);
            o += n;
        }
        ring = bigger;
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
