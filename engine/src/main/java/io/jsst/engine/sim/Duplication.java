package io.jsst.engine.sim;

import java.util.SplittableRandom;

/**
 * With probability {@code p}, a second copy is delivered after the original, later by a uniform
 * draw in {@code [0, jitter]} (the same instant, after the original, when there is no jitter).
 */
final class Duplication implements ImpairmentStage {

    private final double p;
    private final long jitterNanos;

    Duplication(double p, long jitterNanos) {
        this.p = p;
        this.jitterNanos = jitterNanos;
    }

    @Override
    public boolean apply(SimPacket packet, SplittableRandom random) {
        if (random.nextDouble() < p) {
            packet.duplicate = true;
            packet.duplicateExtraDelayNanos = jitterNanos > 0 ? random.nextLong(jitterNanos + 1) : 0;
        }
        return true;
    }
}
