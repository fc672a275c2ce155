package io.jsst.engine.sim;

/** Mutable counts per {@link SimFate}; {@link #snapshot()} makes a {@link SimStats}. */
final class SimCounters {

    private final long[] counts = new long[SimFate.values().length];

    void add(SimFate fate) {
        counts[fate.ordinal()]++;
    }

    SimStats snapshot() {
        return new SimStats(
                counts[SimFate.SENT.ordinal()],
                counts[SimFate.DELIVERED.ordinal()],
                counts[SimFate.DROPPED_LOSS.ordinal()],
                counts[SimFate.DROPPED_QUEUE.ordinal()],
                counts[SimFate.DROPPED_PARTITION.ordinal()],
                counts[SimFate.DROPPED_UNBOUND.ordinal()],
                counts[SimFate.DROPPED_MTU.ordinal()],
                counts[SimFate.DUPLICATED.ordinal()],
                counts[SimFate.CORRUPTED.ordinal()]);
    }
}
