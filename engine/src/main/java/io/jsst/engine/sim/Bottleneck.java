package io.jsst.engine.sim;

import java.util.SplittableRandom;

/**
 * A link of limited rate behind a drop-tail FIFO queue of {@code queueBytes}.
 *
 * <pre>
 *   arrivals --&gt; [ queue (bytes still to serialize) ] --&gt; wire at bitsPerSecond
 *                 full? DROPPED_QUEUE
 *   departure = max(now, busyUntil) + length * 8 / rate;  busyUntil = departure
 * </pre>
 *
 * <p>The bytes queued at a time are those not yet serialized (including the datagram on the
 * wire), counted as a fluid: {@code (busyUntil - now) * rate / 8}. A datagram that would make the
 * queue exceed {@code queueBytes} is dropped.
 */
final class Bottleneck implements ImpairmentStage {

    private static final double NANOS_PER_SECOND = 1e9;

    private final long bitsPerSecond;
    private final int queueBytes;
    private long busyUntilNanos = Long.MIN_VALUE;

    Bottleneck(long bitsPerSecond, int queueBytes) {
        this.bitsPerSecond = bitsPerSecond;
        this.queueBytes = queueBytes;
    }

    @Override
    public boolean apply(SimPacket packet, SplittableRandom random) {
        long now = packet.departNanos;
        double queued = busyUntilNanos > now
                ? (busyUntilNanos - now) * (double) bitsPerSecond / 8 / NANOS_PER_SECOND : 0;
        if (queued + packet.length > queueBytes + 1e-6) {
            packet.dropped = SimFate.DROPPED_QUEUE;
            return false;
        }
        long serialization = (long) Math.ceil(packet.length * 8 * NANOS_PER_SECOND / bitsPerSecond);
        busyUntilNanos = Math.max(now, busyUntilNanos) + serialization;
        packet.departNanos = busyUntilNanos;
        return true;
    }
}
