package io.jsst.engine.sim;

import java.util.SplittableRandom;

/**
 * One-way propagation delay plus jitter: each datagram arrives {@code delay + U[0, jitter]}
 * after it leaves the bottleneck. With jitter, later datagrams may overtake earlier ones; that is
 * intended (real paths with jitter reorder too).
 */
final class Delay implements ImpairmentStage {

    private final long delayNanos;
    private final long jitterNanos;

    Delay(long delayNanos, long jitterNanos) {
        this.delayNanos = delayNanos;
        this.jitterNanos = jitterNanos;
    }

    @Override
    public boolean apply(SimPacket packet, SplittableRandom random) {
        packet.extraDelayNanos += delayNanos;
        if (jitterNanos > 0) {
            packet.extraDelayNanos += random.nextLong(jitterNanos + 1);
        }
        return true;
    }
}
