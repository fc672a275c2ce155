package io.jsst.engine.stream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The bytes a stream received in order and its reader has not taken yet, with the message ends
 * among them. The loop copies each delivered chunk in, straight from the decrypted packet; the
 * reader copies out. A take never crosses a message end.
 *
 * <pre>
 *  segments:   [ head ........ full ][ full ][ tail ......|  free  ]
 *                ^ headPosition                          ^ tailFill
 *              readOffset                           writeOffset      (stream offsets)
 * </pre>
 *
 * Bulk bytes fill {@link SegmentPool} segments one after the other, and each goes back to the
 * pool as soon as its last byte is read: no allocation per packet, and a stream with nothing
 * unread holds no memory. While little is queued (under {@link #SMALL_QUEUE} bytes with the new
 * chunk) and the tail is full, a chunk gets an array of its own size instead, so that many
 * streams with a short message waiting do not hold a segment each. Every segment but the tail is
 * full. Not thread-safe: the owner guards it (a stream, with its lock).
 */
public final class ReceivedBytes {
    static final int SMALL_QUEUE = 16 * 1024;
    private static final long[] NO_MESSAGE_ENDS = new long[0];

    private final SegmentPool pool;
    private final ArrayDeque<byte[]> segments = new ArrayDeque<>(4);
    private int headPosition;
    private int tailFill;
    private long readOffset;
    private long writeOffset;
    private long[] messageEnds = NO_MESSAGE_ENDS;
    private int messageEndsHead;
    private int messageEndsCount;
    private boolean lastTakeEndedMessage;

    public ReceivedBytes(SegmentPool pool) {
        this.pool = pool;
    }

    /**
     * Copies the bytes between {@code bytes}' position and limit in, advancing its position to the
     * limit; {@code endOfMessage}: a message ends with the last of them. Empty chunks are ignored.
     */
    public void add(ByteBuffer bytes, boolean endOfMessage) {
        int n = bytes.remaining();
        if (n == 0) {
            return;
        }
        if (available() + n < SMALL_QUEUE && tailRoom() == 0) {
            byte[] own = new byte[n];
            bytes.get(own);
            segments.addLast(own);
            tailFill = n;
        } else {
            while (bytes.hasRemaining()) {
                if (tailRoom() == 0) {
                    segments.addLast(pool.take());
                    tailFill = 0;
                }
                byte[] tail = segments.peekLast();
                int k = Math.min(bytes.remaining(), tail.length - tailFill);
                bytes.get(tail, tailFill, k);
                tailFill += k;
            }
        }
        writeOffset += n;
        if (endOfMessage) {
            addMessageEnd(writeOffset);
        }
    }

    public boolean isEmpty() {
        return readOffset == writeOffset;
    }

    /** Bytes that can be taken now. */
    public long available() {
        return writeOffset - readOffset;
    }

    /** Whether the last take ended at the end of a message. */
    public boolean lastTakeEndedMessage() {
        return lastTakeEndedMessage;
    }

    /** The length of the message at the head if its end has arrived, else -1. */
    public int completeMessageLength() {
        return messageEndsCount == 0 ? -1 : (int) (messageEnds[messageEndsHead] - readOffset);
    }

    /** Copies bytes into {@code dst} up to the end of the current message; returns how many. */
    public int take(ByteBuffer dst) {
        return take(dst, null, dst.remaining());
    }

    /** Copies bytes into {@code out} until a message ends or none is left; returns how many. */
    public int takeMessage(ByteArrayOutputStream out) {
        return take(null, out, Integer.MAX_VALUE);
    }

    /** Drops everything; returns how many bytes. */
    public long clear() {
        long n = available();
        byte[] s;
        while ((s = segments.pollFirst()) != null) {
            release(s);
        }
        headPosition = 0;
        tailFill = 0;
        readOffset = writeOffset;
        messageEndsCount = 0;
        return n;
    }

    /** Copies at most {@code max} bytes, never past the next message end, into dst or else out. */
    private int take(ByteBuffer dst, ByteArrayOutputStream out, int max) {
        lastTakeEndedMessage = false;
        long stop = messageEndsCount > 0 ? messageEnds[messageEndsHead] : writeOffset;
        int n = (int) Math.min(max, stop - readOffset);
        int left = n;
        while (left > 0) {
            byte[] head = segments.peekFirst();
            int end = segments.size() == 1 ? tailFill : head.length;
            int k = Math.min(left, end - headPosition);
            if (dst != null) {
                dst.put(head, headPosition, k);
            } else {
                out.write(head, headPosition, k);
            }
            headPosition += k;
            left -= k;
            if (headPosition == end) {
                segments.pollFirst();
                release(head);
                headPosition = 0;
                if (segments.isEmpty()) {
                    tailFill = 0;
                }
            }
        }
        readOffset += n;
        if (messageEndsCount > 0 && messageEnds[messageEndsHead] == readOffset) {
            messageEndsHead = (messageEndsHead + 1) & (messageEnds.length - 1);
            messageEndsCount--;
            lastTakeEndedMessage = true;
        }
        return n;
    }

    private int tailRoom() {
        byte[] tail = segments.peekLast();
        return tail == null ? 0 : tail.length - tailFill;
    }

    private void release(byte[] segment) {
        // Arrays of a chunk's own size are shorter than a segment (SMALL_QUEUE < SEGMENT_SIZE).
        if (segment.length == SegmentPool.SEGMENT_SIZE) {
            pool.give(segment);
        }
    }

    private void addMessageEnd(long offset) {
        if (messageEndsCount == messageEnds.length) {
            long[] bigger = new long[Math.max(8, messageEnds.length * 2)];
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
