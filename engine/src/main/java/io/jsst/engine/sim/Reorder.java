package io.jsst.engine.sim;

import java.util.SplittableRandom;

/**
 * With probability {@code p}, holds a datagram back by an extra {@code reorderDelay}, so that
 * datagrams sent after it overtake it.
 *
 * <pre>
 *   sent:     1  2  3  4
 *   arrives:  1     3  4  2      (2 held back by reorderDelay)
 * </pre>
 */
final class Reorder implements ImpairmentStage {

    private final double p;
    private final long extraDelayNanos;

    Reorder(double p, long extraDelayNanos) {
        this.p = p;
        this.extraDelayNanos = extraDelayNanos;
    }

    @Override
    public boolean apply(SimPacket packet, SplittableRandom random) {
        if (random.nextDouble() < p) {
            packet.extraDelayNanos += extraDelayNanos;
        }
        return true;
    }
}
