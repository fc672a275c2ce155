package io.jsst.engine.channel;

/**
 * Every packet sent and not yet resolved (acknowledged or lost), indexed by packet number. Packet
 * numbers are consecutive, so the log is a ring: packet {@code pn} sits at {@code pn - base}.
 * Resolved packets leave from the front; their objects go back to a pool.
 *
 * <p>What a busy spell grew (the ring, up to the packets in flight; the pool, up to 4096 records of
 * a few hundred bytes each) is let go of by {@link #releaseSpare} once the channel is idle.
 */
final class SentPacketLog {
    private static final int INITIAL_RING = 8;
    private static final int MAX_POOL = 4096;

    // A power of two; small while the channel is idle, doubling as packets fly.
    private SentPacket[] ring = new SentPacket[INITIAL_RING];
    private long base;
    private int head;
    private int count;
    /** Records to reuse; null until the first resolved packet and after {@link #releaseSpare}. */
    private java.util.ArrayDeque<SentPacket> pool;

    /** A cleared packet record for {@code packetNumber}, which must be the next number. */
    SentPacket add(long packetNumber) {
        if (count == 0) {
            base = packetNumber;
        } else if (packetNumber != base + count) {
            throw new IllegalStateException("packet numbers must be consecutive");
        }
        if (count == ring.length) {
            SentPacket[] bigger = new SentPacket[ring.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = bigger;
            head = 0;
        }
        SentPacket p = pool == null || pool.isEmpty() ? new SentPacket() : pool.pop();
        p.reset();
        p.packetNumber = packetNumber;
        ring[(head + count) & (ring.length - 1)] = p;
        count++;
        return p;
    }

    /** Takes back the record {@link #add} just returned, for a packet that was not sent after all. */
    void cancelLast() {
        count--;
        SentPacket p = ring[(head + count) & (ring.length - 1)];
        ring[(head + count) & (ring.length - 1)] = null;
        pool().push(p);
    }

    /** The record of {@code packetNumber}, or null if it is resolved and gone or never sent. */
    SentPacket get(long packetNumber) {
        long i = packetNumber - base;
        if (i < 0 || i >= count) {
            return null;
        }
        return ring[(int) ((head + i) & (ring.length - 1))];
    }

    long firstPacketNumber() {
        return base;
    }

    /** One past the last packet number logged. */
    long endPacketNumber() {
        return base + count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Drops resolved packets from the front, returning their records to the pool. */
    void trim() {
        while (count > 0) {
            SentPacket p = ring[head];
            if (!p.resolved()) {
                break;
            }
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            count--;
            base++;
            if (pool == null || pool.size() < MAX_POOL) {
                pool().push(p);
            }
        }
    }

    /** Whether {@link #releaseSpare} has anything to let go of. */
    boolean hasSpare() {
        return pool != null || ring.length > ringSizeFor(count);
    }

    /** Drops the pool of records and shrinks the ring to the packets it holds (for an idle channel). */
    void releaseSpare() {
        pool = null;
        int size = ringSizeFor(count);
        if (ring.length > size) {
            SentPacket[] smaller = new SentPacket[size];
            for (int i = 0; i < count; i++) {
                smaller[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = smaller;
            head = 0;
        }
    }

    private java.util.ArrayDeque<SentPacket> pool() {
        if (pool == null) {
            pool = new java.util.ArrayDeque<>();
        }
        return pool;
    }

    private static int ringSizeFor(int packets) {
        int size = INITIAL_RING;
        while (size < packets) {
            size <<= 1;
        }
        return size;
    }
}
