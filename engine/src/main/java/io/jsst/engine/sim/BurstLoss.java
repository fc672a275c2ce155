package io.jsst.engine.sim;

import java.util.SplittableRandom;

/**
 * Gilbert-Elliott burst loss: a two-state Markov chain stepped once per datagram.
 *
 * <pre>
 *            pGoodToBad
 *   GOOD  ----------------&gt;  BAD   (in BAD, each datagram is lost with lossInBad)
 *   (no loss) &lt;-----------
 *            pBadToGood
 * </pre>
 *
 * The loss decision uses the state the datagram finds; then the chain steps. The mean burst
 * length is {@code 1 / pBadToGood} datagrams.
 */
final class BurstLoss implements ImpairmentStage {

    private final double pGoodToBad;
    private final double pBadToGood;
    private final double lossInBad;
    private boolean bad;

    BurstLoss(double pGoodToBad, double pBadToGood, double lossInBad) {
        this.pGoodToBad = pGoodToBad;
        this.pBadToGood = pBadToGood;
        this.lossInBad = lossInBad;
    }

    @Override
    public boolean apply(SimPacket packet, SplittableRandom random) {
        boolean lost = bad && random.nextDouble() < lossInBad;
        bad = bad ? random.nextDouble() >= pBadToGood : random.nextDouble() < pGoodToBad;
        if (lost) {
            packet.dropped = SimFate.DROPPED_LOSS;
            return false;
        }
        return true;
    }
}
