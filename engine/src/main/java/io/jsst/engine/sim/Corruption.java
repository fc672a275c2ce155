package io.jsst.engine.sim;

import java.util.SplittableRandom;

/**
 * With probability {@code p}, flips 1 to 3 distinct random bits of the datagram (the link's own copy) and
 * reports it {@link SimFate#CORRUPTED}; it is still delivered.
 */
final class Corruption implements ImpairmentStage {

    private final double p;

    Corruption(double p) {
        this.p = p;
    }

    @Override
    public boolean apply(SimPacket packet, SplittableRandom random) {
        if (packet.length > 0 && random.nextDouble() < p) {
            int bits = packet.length * 8;
            int flips = Math.min(bits, 1 + random.nextInt(3));
            int first = -1;
            int second = -1;
            for (int i = 0; i < flips; i++) {
                int bit;
                do {
                    bit = random.nextInt(bits);
                } while (bit == first || bit == second); // distinct bits: the datagram always changes
                if (i == 0) {
                    first = bit;
                } else if (i == 1) {
                    second = bit;
                }
                packet.data[bit >>> 3] ^= (byte) (1 << (bit & 7));
            }
            packet.corrupted = true;
        }
        return true;
    }
}
