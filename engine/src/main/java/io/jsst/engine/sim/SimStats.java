package io.jsst.engine.sim;

/**
 * A snapshot of datagram counts per {@link SimFate}, for a whole {@link SimNetwork} or one
 * {@link SimLink}.
 */
public record SimStats(
        long sent,
        long delivered,
        long droppedLoss,
        long droppedQueue,
        long droppedPartition,
        long droppedUnbound,
        long droppedMtu,
        long duplicated,
        long corrupted) {

    /** The count for {@code fate}. */
    public long count(SimFate fate) {
        switch (fate) {
            case SENT: return sent;
            case DELIVERED: return delivered;
            case DROPPED_LOSS: return droppedLoss;
            case DROPPED_QUEUE: return droppedQueue;
            case DROPPED_PARTITION: return droppedPartition;
            case DROPPED_UNBOUND: return droppedUnbound;
            case DROPPED_MTU: return droppedMtu;
            case DUPLICATED: return duplicated;
            case CORRUPTED: return corrupted;
            default: throw new AssertionError(fate);
        }
    }

    /** All drops, whatever the reason. */
    public long dropped() {
        return droppedLoss + droppedQueue + droppedPartition + droppedUnbound + droppedMtu;
    }
}
