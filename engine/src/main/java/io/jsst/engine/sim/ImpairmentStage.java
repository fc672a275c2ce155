package io.jsst.engine.sim;

import java.util.SplittableRandom;

/**
 * One step of a link's pipeline (neqo's "nodes"). A stage looks at a {@link SimPacket} and may
 * drop it (set {@link SimPacket#dropped} and return {@code false}), delay it, change its bytes, or
 * mark it for duplication. Stages draw randomness only from the link's own stream.
 */
interface ImpairmentStage {

    /** Returns {@code false} if the packet was dropped (and {@code packet.dropped} says why). */
    boolean apply(SimPacket packet, SplittableRandom random);
}
