package io.jsst.engine.sim;

import java.util.SplittableRandom;

/** Drops each datagram independently with probability {@code p} ({@link SimFate#DROPPED_LOSS}). */
final class RandomLoss implements ImpairmentStage {

    private final double p;

    RandomLoss(double p) {
        this.p = p;
    }

    @Override
    public boolean apply(SimPacket packet, SplittableRandom random) {
        if (random.nextDouble() < p) {
            packet.dropped = SimFate.DROPPED_LOSS;
            return false;
        }
        return true;
    }
}
