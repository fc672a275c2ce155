package io.jsst.engine.time;

/**
 * A monotonic clock in nanoseconds. The protocol core never reads a clock itself: the driver
 * (the event loop on real UDP, or {@code SimNetwork} in virtual time) reads one of these and
 * passes {@code nowNanos} into every core call.
 */
@FunctionalInterface
public interface TimeSource {
    /** Monotonic time in nanoseconds; only differences between two readings are meaningful. */
    long nowNanos();
}
