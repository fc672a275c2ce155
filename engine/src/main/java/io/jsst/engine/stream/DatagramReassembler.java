package io.jsst.engine.stream;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts datagram fragments back together, best effort: a datagram is delivered whole, once, or
 * not at all. Memory is bounded: at most {@link #MAX_PARTIAL} datagrams in the making and
 * {@link #MAX_PARTIAL_BYTES} bytes; beyond that the oldest incomplete one is given up.
 *
 * <pre>
 *   fragment (id 7, total 3000, offset 1200, 1200 bytes) --&gt; partial[7] covers 1200 of 3000
 *   ... the last missing fragment --&gt; deliver(whole), forget 7
 *   a lost fragment is never resent: partial[7] ages out
 * </pre>
 */
public final class DatagramReassembler {
    public static final int MAX_PARTIAL = 8;
    public static final int MAX_PARTIAL_BYTES = 256 * 1024;

    /**
     * The bytes all reassemblers of one channel may hold together, so that many streams cannot add
     * up to unbounded memory.
     */
    public static final class Budget {
        private final long limit;
        private long held;

        public Budget(long limit) {
            this.limit = limit;
        }

        boolean take(int bytes) {
            if (held + bytes > limit) {
                return false;
            }
            held += bytes;
            return true;
        }

        void release(int bytes) {
            held -= bytes;
        }

        public long held() {
            return held;
        }
    }

    private final Budget budget;

    public DatagramReassembler(Budget budget) {
        this.budget = budget;
    }

    private static final class Partial {
        final byte[] bytes;
        /** Fragments held, start to end; they never overlap. */
        final java.util.TreeMap<Integer, Integer> fragments = new java.util.TreeMap<>();
        int received;

        /** Whether {@code [offset, end)} overlaps a fragment already held. */
        boolean overlaps(int offset, int end) {
            Map.Entry<Integer, Integer> before = fragments.floorEntry(offset);
            if (before != null && before.getValue() > offset) {
                return true;
            }
            Integer next = fragments.ceilingKey(offset);
            return next != null && next < end;
        }

        Partial(int total) {
            bytes = new byte[total];
        }
    }

    private final LinkedHashMap<Long, Partial> partials = new LinkedHashMap<>();
    private int partialBytes;
    private long dropped;

    /**
     * Takes one fragment; returns the whole datagram when this fragment completed it, else null.
     */
    public byte[] fragment(long datagramId, int totalLength, int offset, ByteBuffer data) {
        int len = data.remaining();
        if (offset == 0 && len == totalLength) {
            byte[] whole = new byte[len];
            data.get(whole);
            return whole;
        }
        Partial p = partials.get(datagramId);
        if (p == null) {
            while (!partials.isEmpty() && (partials.size() >= MAX_PARTIAL
                    || partialBytes + totalLength > MAX_PARTIAL_BYTES)) {
                evictOldest();
            }
            while (!budget.take(totalLength)) {
                if (partials.isEmpty()) {
                    // The channel's budget is spent by other streams: this datagram is lost.
                    dropped++;
                    return null;
                }
                evictOldest();
            }
            p = new Partial(totalLength);
            partials.put(datagramId, p);
            partialBytes += totalLength;
        }
        if (p.bytes.length != totalLength || offset + len > totalLength || len == 0 || p.overlaps(offset, offset + len)) {
            // A duplicate, or fragments a conforming sender never sends: nothing from it is used.
            return null;
        }
        p.fragments.put(offset, offset + len);
        data.get(p.bytes, offset, len);
        p.received += len;
        if (p.received < totalLength) {
            return null;
        }
        partials.remove(datagramId);
        partialBytes -= totalLength;
        budget.release(totalLength);
        return p.received == totalLength ? p.bytes : null;
    }

    private void evictOldest() {
        Iterator<Map.Entry<Long, Partial>> it = partials.entrySet().iterator();
        Map.Entry<Long, Partial> oldest = it.next();
        it.remove();
        partialBytes -= oldest.getValue().bytes.length;
        budget.release(oldest.getValue().bytes.length);
        dropped++;
    }

    /** Datagrams given up incomplete. */
    public long dropped() {
        return dropped;
    }

    public int partialCount() {
        return partials.size();
    }
}
