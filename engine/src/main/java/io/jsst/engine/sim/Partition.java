package io.jsst.engine.sim;

import java.util.SplittableRandom;

/**
 * Drops every datagram sent while the link is cut: from {@link #cut} until {@code untilNanos}.
 *
 * <pre>
 *   ----|=========== cut ===========|------&gt; time
 *      now                     now+duration
 *   sent here: DROPPED_PARTITION   sent here: passes
 * </pre>
 *
 * Datagrams already in flight when the cut starts are not affected.
 */
final class Partition implements ImpairmentStage {

    private long untilNanos = Long.MIN_VALUE;

    /** Cuts the link until {@code untilNanos} (extends, never shortens, a cut in progress). */
    void cut(long untilNanos) {
        this.untilNanos = Math.max(this.untilNanos, untilNanos);
    }

    @Override
    public boolean apply(SimPacket packet, SplittableRandom random) {
        if (packet.sentNanos < untilNanos) {
            packet.dropped = SimFate.DROPPED_PARTITION;
            return false;
        }
        return true;
    }
}
