package io.jsst.nio;

/**
 * A {@link JsstSelectableChannel} whose readiness a {@link ReadinessSupport} keeps: the channel answers
 * {@link #readiness()} and updates it when what would block changes; the three selector-facing
 * methods are this interface's.
 */
public interface ReadinessBackedChannel extends JsstSelectableChannel {

    /** The readiness this channel keeps. */
    ReadinessSupport readiness();

    @Override
    default int readyOps() {
        return readiness().readyOps();
    }

    @Override
    default void addReadinessListener(Runnable listener) {
        readiness().addListener(listener);
    }

    @Override
    default void removeReadinessListener(Runnable listener) {
        readiness().removeListener(listener);
    }
}
