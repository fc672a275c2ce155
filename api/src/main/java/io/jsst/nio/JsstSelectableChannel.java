package io.jsst.nio;

/**
 * A jsst channel (a subclass of {@link java.nio.channels.spi.AbstractSelectableChannel} whose
 * {@code provider()} is {@link JsstSelectorProvider}) whose readiness comes from the jsst engine
 * rather than from a file descriptor.
 *
 * <p>{@link ReadinessSupport} implements the listener half of this contract for channel implementations.
 */
public interface JsstSelectableChannel extends java.nio.channels.Channel {
    /**
     * The operations, among {@code validOps()}, that would not block right now (an error or hang-up
     * sets all valid ops). Never blocks; callable from any thread. A change must be visible here by the
     * time the readiness listeners run.
     */
    int readyOps();

    /**
     * Registers a callback run, on any thread (often the engine's event-loop thread; it must not
     * block), whenever {@link #readyOps()} may have changed (including on close).
     */
    void addReadinessListener(Runnable listener);

    /** Removes a callback registered by {@link #addReadinessListener}; does nothing if it is not registered. */
    void removeReadinessListener(Runnable listener);
}
