package io.jsst.engine.sim;

/** What happened to a datagram in a {@link SimNetwork}, as reported to a {@link SimTraceListener}. */
public enum SimFate {
    /** Handed to the network by the sending endpoint (reported at send time). */
    SENT,
    /** Handed to the receiving endpoint (reported at arrival time; once per copy). */
    DELIVERED,
    /** Dropped by random or burst loss. */
    DROPPED_LOSS,
    /** Dropped because the bottleneck's drop-tail queue was full. */
    DROPPED_QUEUE,
    /** Dropped because the link was partitioned when it was sent. */
    DROPPED_PARTITION,
    /** Arrived at an address where no endpoint is attached (or whose NAT mapping is gone). */
    DROPPED_UNBOUND,
    /** Dropped because it was larger than the link's MTU allows. */
    DROPPED_MTU,
    /** A second copy was made (reported at send time; the copy is then delivered or dropped). */
    DUPLICATED,
    /** Some bits were flipped (reported at send time; the datagram is still delivered). */
    CORRUPTED
}
