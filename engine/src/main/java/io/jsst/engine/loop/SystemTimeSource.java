package io.jsst.engine.loop;

import io.jsst.engine.time.TimeSource;

/**
 * The real monotonic clock, {@link System#nanoTime()}. The event loop is the one place in the
 * engine that reads it; the protocol core only ever sees the {@code nowNanos} it is handed.
 */
public final class SystemTimeSource implements TimeSource {

    /** The single instance. */
    public static final SystemTimeSource INSTANCE = new SystemTimeSource();

    private SystemTimeSource() {
    }

    @Override
    public long nowNanos() {
        return System.nanoTime();
    }
}
