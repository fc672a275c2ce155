package io.jsst.engine.stream;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The receiving half of one stream: reassembles frames that arrive out of order and hands the
 * contiguous bytes to a {@link Sink} at once, cut at message ends, so loss elsewhere never holds
 * them back. Out-of-order bytes are held only up to the flow-control limit the receiver advertised.
 *
 * <pre>
 *  deliveredOffset         out of order (held)        limit
 *       |   gap   |######|  gap  |#####|                |
 *  -----+---------+------+-------+-----+----------------+
 * </pre>
 */
public final class ReceiveBuffer {

    /** Where contiguous bytes go. */
    public interface Sink {
        /**
         * Bytes in order, from {@code bytes}' position to its limit; {@code endOfMessage}: a
         * message ends with the last of them. The buffer is the receiver's (the decrypted packet)
         * and valid only during the call: the sink copies what it keeps, and may move the position.
         */
        void data(ByteBuffer bytes, boolean endOfMessage);

        /** The stream ended (FIN) after the last byte delivered. */
        void finished();
    }

    /** Why a frame was refused. */
    public enum Verdict { OK, FLOW_CONTROL_VIOLATION, FINAL_SIZE_VIOLATION }

    private long deliveredOffset;
    private long highestOffset;
    private long finOffset = -1;
    private boolean finDelivered;
    private final TreeMap<Long, byte[]> held = new TreeMap<>();
    private long heldBytes;
    private final TreeSet<Long> messageEnds = new TreeSet<>();

    public long deliveredOffset() {
        return deliveredOffset;
    }

    /** One past the highest byte offset received so far. */
    public long highestOffset() {
        return highestOffset;
    }

    /** The stream's final size, once a FIN told it; else -1. */
    public long finalSize() {
        return finOffset;
    }

    /** Bytes held out of order, waiting for a gap to fill. */
    public long heldBytes() {
        return heldBytes;
    }

    public boolean isFinished() {
        return finDelivered;
    }

    /**
     * Takes one STREAM frame's bytes {@code [offset, offset + data.remaining())}.
     *
     * @param limit the flow-control limit this receiver advertised; bytes beyond are a violation
     */
    public Verdict receive(long offset, ByteBuffer data, boolean fin, boolean endOfMessage, long limit,
                           Sink sink) {
        long end = offset + data.remaining();
        if (end > limit) {
            return Verdict.FLOW_CONTROL_VIOLATION;
        }
        if (finOffset >= 0 && (end > finOffset || (fin && end != finOffset))) {
            return Verdict.FINAL_SIZE_VIOLATION;
        }
        if (fin) {
            if (end < highestOffset) {
                return Verdict.FINAL_SIZE_VIOLATION;
            }
            finOffset = end;
        }
        highestOffset = Math.max(highestOffset, end);
        if (endOfMessage && end > deliveredOffset) {
            messageEnds.add(end);
        }
        if (end > deliveredOffset) {
            long start = Math.max(offset, deliveredOffset);
            data.position(data.position() + (int) (start - offset));
            if (start == deliveredOffset) {
                deliver(data, sink);
                drainHeld(sink);
            } else {
                hold(start, data);
            }
        }
        if (!finDelivered && finOffset >= 0 && deliveredOffset == finOffset) {
            finDelivered = true;
            sink.finished();
        }
        return Verdict.OK;
    }

    /** Hands the sink {@code data} in chunks cut at message ends, as views of it: no copy here. */
    private void deliver(ByteBuffer data, Sink sink) {
        int limit = data.limit();
        int position = data.position();
        while (position < limit) {
            long end = deliveredOffset + (limit - position);
            Long mark = messageEnds.isEmpty() ? null : messageEnds.higher(deliveredOffset);
            boolean eom = false;
            if (mark != null && mark <= end) {
                end = mark;
                eom = true;
                messageEnds.remove(mark);
            }
            int chunkEnd = position + (int) (end - deliveredOffset);
            data.limit(chunkEnd).position(position);
            deliveredOffset = end;
            try {
                sink.data(data, eom);
            } finally {
                data.limit(limit);
            }
            position = chunkEnd;
        }
        data.position(limit);
    }

    private void hold(long start, ByteBuffer data) {
        long end = start + data.remaining();
        // Trim against what is already held, so held bytes never overlap.
        Map.Entry<Long, byte[]> before = held.floorEntry(start);
        if (before != null) {
            long beforeEnd = before.getKey() + before.getValue().length;
            if (beforeEnd >= end) {
                return;
            }
            if (beforeEnd > start) {
                data.position(data.position() + (int) (beforeEnd - start));
                start = beforeEnd;
            }
        }
        while (start < end) {
            Map.Entry<Long, byte[]> next = held.ceilingEntry(start);
            long pieceEnd = next == null ? end : Math.min(end, next.getKey());
            if (pieceEnd > start) {
                byte[] piece = new byte[(int) (pieceEnd - start)];
                data.get(piece);
                held.put(start, piece);
                heldBytes += piece.length;
            }
            if (next == null) {
                break;
            }
            long nextEnd = next.getKey() + next.getValue().length;
            if (nextEnd >= end) {
                break;
            }
            data.position(data.position() + (int) (nextEnd - pieceEnd));
            start = nextEnd;
        }
    }

    private void drainHeld(Sink sink) {
        Map.Entry<Long, byte[]> first;
        while ((first = held.firstEntry()) != null && first.getKey() <= deliveredOffset) {
            held.pollFirstEntry();
            heldBytes -= first.getValue().length;
            long end = first.getKey() + first.getValue().length;
            if (end > deliveredOffset) {
                ByteBuffer rest = ByteBuffer.wrap(first.getValue());
                rest.position((int) (deliveredOffset - first.getKey()));
                deliver(rest, sink);
            }
        }
    }
}
