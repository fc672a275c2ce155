package io.jsst.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The bytes a stream received in order and its reader has not taken yet, as the chunks the loop
 * delivered, each marked when a message ends with it. A take never crosses a message end. Not
 * thread-safe: the owning {@link Stream} guards it with its lock.
 */
final class ReceivedBytes {
    private record Chunk(byte[] bytes, boolean endOfMessage) {
    }

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int headOffset;
    private long available;
    private boolean lastTakeEndedMessage;

    /** Bytes delivered by the loop; {@code endOfMessage}: a message ends with the last of them. */
    void add(byte[] bytes, boolean endOfMessage) {
        chunks.add(new Chunk(bytes, endOfMessage));
        available += bytes.length;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** Bytes that can be taken now. */
    long available() {
        return available;
    }

    /** Whether the last take ended at the end of a message. */
    boolean lastTakeEndedMessage() {
        return lastTakeEndedMessage;
    }

    /** Copies bytes into {@code dst} up to the end of the current message; returns how many. */
    int take(ByteBuffer dst) {
        int total = 0;
        lastTakeEndedMessage = false;
        while (dst.hasRemaining() && !chunks.isEmpty()) {
            Chunk c = chunks.peek();
            int n = Math.min(dst.remaining(), c.bytes.length - headOffset);
            dst.put(c.bytes, headOffset, n);
            headOffset += n;
            total += n;
            if (headOffset == c.bytes.length) {
                chunks.poll();
                headOffset = 0;
                if (c.endOfMessage) {
                    lastTakeEndedMessage = true;
                    break;
                }
            }
        }
        available -= total;
        return total;
    }

    /** Moves whole chunks into {@code out} until a message ends or none is left; returns how many bytes. */
    int takeMessage(ByteArrayOutputStream out) {
        int total = 0;
        lastTakeEndedMessage = false;
        while (!chunks.isEmpty()) {
            Chunk c = chunks.poll();
            int n = c.bytes.length - headOffset;
            out.write(c.bytes, headOffset, n);
            headOffset = 0;
            total += n;
            if (c.endOfMessage) {
                lastTakeEndedMessage = true;
                break;
            }
        }
        available -= total;
        return total;
    }

    /** Drops everything; returns how many bytes. */
    long clear() {
        long n = available;
        chunks.clear();
        headOffset = 0;
        available = 0;
        return n;
    }
}
