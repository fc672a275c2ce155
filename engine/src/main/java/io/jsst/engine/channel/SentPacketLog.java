package io.jsst.engine.channel;

/**
 * Every packet sent and not yet resolved (acknowledged or lost), indexed by packet number. Packet
 * numbers are consecutive, so the log is a ring: packet {@code pn} sits at {@code pn - base}.
 * Resolved packets leave from the front; their objects go back to a pool.
 */
final class SentPacketLog {
    // A power of two; small while the channel is idle, doubling as packets fly.
    private SentPacket[] ring = new SentPacket[32];
    private long base;
    private int head;
    private int count;
    private final java.util.ArrayDeque<SentPacket> pool = new java.util.ArrayDeque<>();

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
        SentPacket p = pool.isEmpty() ? new SentPacket() : pool.pop();
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
        pool.push(p);
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
            if (pool.size() < 4096) {
                pool.push(p);
            }
        }
    }
}
