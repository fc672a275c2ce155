package io.jsst.engine.sim;

import io.jsst.engine.host.DatagramEndpoint;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Test fake endpoint for the simulator. It can send numbered datagrams (in a burst or paced by
 * its timer), echo what it receives, run a test timer, and records everything that happens.
 *
 * <p>Datagram format: seq (8 bytes), send time (8), filler derived from seq, CRC32 (last 4).
 */
final class TestPeer implements DatagramEndpoint {

    static final int HEADER_BYTES = 16;
    static final int MIN_BYTES = HEADER_BYTES + 4;

    /** One received datagram. */
    record Arrival(long atNanos, InetSocketAddress from, long seq, long sentNanos, int length, boolean intact) {
    }

    final List<Arrival> arrivals = new ArrayList<>();
    final List<long[]> unreachable = new ArrayList<>();
    final List<InetSocketAddress> unreachableDestinations = new ArrayList<>();
    final List<Long> timeouts = new ArrayList<>();
    boolean echo;
    RuntimeException throwOnDatagram;

    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    private final ArrayDeque<InetSocketAddress> outboxTo = new ArrayDeque<>();
    private long nextSeq;

    private InetSocketAddress paceTo;
    private int paceRemaining;
    private int paceSize;
    private long paceIntervalNanos;
    private long nextPaceNanos = Long.MAX_VALUE;

    private long testTimerNanos = Long.MAX_VALUE;
    private long periodNanos;

    /** Queues {@code count} numbered datagrams of {@code size} bytes to {@code to}, sent at the next flush. */
    void burst(InetSocketAddress to, int count, int size, long nowNanos) {
        for (int i = 0; i < count; i++) {
            outbox.add(numbered(nextSeq++, nowNanos, size));
            outboxTo.add(to);
        }
    }

    /** Sends {@code count} datagrams, the first now and then one every {@code intervalNanos}. */
    void pace(InetSocketAddress to, int count, int size, long intervalNanos, long nowNanos) {
        paceTo = to;
        paceRemaining = count;
        paceSize = size;
        paceIntervalNanos = intervalNanos;
        nextPaceNanos = nowNanos;
    }

    /** Sets the test timer: {@link #timeouts} records each firing; repeats every {@code period} if > 0. */
    void setTimer(long atNanos, long periodNanos) {
        this.testTimerNanos = atNanos;
        this.periodNanos = periodNanos;
    }

    static byte[] numbered(long seq, long nowNanos, int size) {
        if (size < MIN_BYTES) {
            throw new IllegalArgumentException("size " + size);
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(seq).putLong(nowNanos);
        while (b.position() < size - 4) {
            b.put((byte) (seq * 31 + b.position()));
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, size - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    @Override
    public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
        if (throwOnDatagram != null) {
            throw throwOnDatagram;
        }
        int length = datagram.remaining();
        byte[] bytes = new byte[length];
        datagram.get(bytes);
        boolean intact = false;
        long seq = -1;
        long sent = -1;
        if (length >= MIN_BYTES) {
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, length - 4);
            intact = (int) crc.getValue() == ByteBuffer.wrap(bytes, length - 4, 4).getInt();
            seq = ByteBuffer.wrap(bytes).getLong(0);
            sent = ByteBuffer.wrap(bytes).getLong(8);
        }
        arrivals.add(new Arrival(nowNanos, from, seq, sent, length, intact));
        if (echo) {
            outbox.add(bytes);
            outboxTo.add(from);
        }
    }

    @Override
    public void handleUnreachable(InetSocketAddress destination, long nowNanos) {
        unreachable.add(new long[] {nowNanos});
        unreachableDestinations.add(destination);
    }

    @Override
    public void handleTimeout(long nowNanos) {
        if (nowNanos >= testTimerNanos) {
            timeouts.add(nowNanos);
            testTimerNanos = periodNanos > 0 ? testTimerNanos + periodNanos : Long.MAX_VALUE;
        }
    }

    @Override
    public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos) {
        byte[] next = outbox.poll();
        if (next != null) {
            out.put(next).flip();
            return outboxTo.poll();
        }
        if (paceRemaining > 0 && nowNanos >= nextPaceNanos) {
            paceRemaining--;
            nextPaceNanos = paceRemaining > 0 ? nextPaceNanos + paceIntervalNanos : Long.MAX_VALUE;
            out.put(numbered(nextSeq++, nowNanos, paceSize)).flip();
            return paceTo;
        }
        return null;
    }

    @Override
    public long nextTimeoutNanos() {
        return Math.min(testTimerNanos, paceRemaining > 0 ? nextPaceNanos : Long.MAX_VALUE);
    }

    long sentCount() {
        return nextSeq;
    }
}
