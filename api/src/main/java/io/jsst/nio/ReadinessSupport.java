package io.jsst.nio;

import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The readiness half of a {@link JsstSelectableChannel}: the channel's current ready operations and
 * the listeners told when they change. A channel implementation holds one, delegates
 * {@code readyOps()}, {@code addReadinessListener} and {@code removeReadinessListener} to it, and calls
 * {@link #update(int)} whenever its state changes (on the engine's loop thread or an application
 * thread) and {@link #close()} from {@code implCloseSelectableChannel}.
 *
 * <pre>
 *   engine event ──► channel state changes ──► update(ops) ──► ops differ? ──► every listener runs
 *                                                                            (JsstSelector: wake the
 *                                                                             select; JdkSelectorBridge:
 *                                                                             write or drain its pipe byte)
 * </pre>
 *
 * <p>Listeners run on the thread that calls {@code update} or {@code close}, after the new value is
 * visible through {@link #readyOps()}. A listener that throws is logged and does not stop the others.
 * After {@link #close()}, removing a listener (a selector letting go of the channel) runs the remaining
 * listeners once more, so one that owns resources (the pipe of {@link JdkSelectorBridge}) can release
 * them once the channel is closed and no selector holds it.
 *
 * <p>Thread-safe; no method blocks.
 */
public final class ReadinessSupport {
    private static final System.Logger LOG = System.getLogger(ReadinessSupport.class.getName());

    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final int validOps;
    private volatile int readyOps;
    private volatile boolean closed;

    /** @param validOps the channel's {@code validOps()}; {@link #update(int)} keeps only these bits */
    public ReadinessSupport(int validOps) {
        this.validOps = validOps;
    }

    /** The ready operations last set by {@link #update(int)}, or all valid operations after {@link #close()}. */
    public int readyOps() {
        return readyOps;
    }

    /**
     * Sets the ready operations (bits outside the valid operations are dropped) and, if they changed,
     * runs the listeners. Ignored after {@link #close()}.
     */
    public void update(int ops) {
        int masked = ops & validOps;
        synchronized (this) {
            if (closed || masked == readyOps) {
                return;
            }
            readyOps = masked;
        }
        fire();
    }

    /**
     * Marks the channel closed: from now on every valid operation reads as ready (an operation on a
     * closed channel fails at once rather than blocking), and the listeners run.
     */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            readyOps = validOps;
        }
        fire();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Adds a listener; see {@link JsstSelectableChannel#addReadinessListener}. */
    public void addListener(Runnable listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener (one registration of it); after {@link #close()}, then runs the remaining ones. */
    public void removeListener(Runnable listener) {
        if (listeners.remove(listener) && closed) {
            fire();
        }
    }

    /** Runs every listener now, whether or not the ready operations changed. */
    public void fire() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "readiness listener failed", e);
            }
        }
    }
}
