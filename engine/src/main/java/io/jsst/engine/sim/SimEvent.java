package io.jsst.engine.sim;

/** One entry of the simulation's event queue: ordered by time, then FIFO by sequence number. */
final class SimEvent implements Comparable<SimEvent> {

    final long atNanos;
    final long sequence;
    final Runnable action;

    SimEvent(long atNanos, long sequence, Runnable action) {
        this.atNanos = atNanos;
        this.sequence = sequence;
        this.action = action;
    }

    @Override
    public int compareTo(SimEvent o) {
        int c = Long.compare(atNanos, o.atNanos);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
}
