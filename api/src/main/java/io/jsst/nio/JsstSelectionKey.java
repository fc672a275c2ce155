package io.jsst.nio;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelectionKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The key of a {@link JsstSelectableChannel} in a {@link JsstSelector}. Its interest set takes effect at
 * the selector's next selection operation (as in the JDK: an operation in progress keeps the interest
 * set it started with); its readiness listener puts it on the selector's list of keys that may be ready
 * and wakes a blocked selection when an operation of that interest set became ready.
 */
final class JsstSelectionKey extends AbstractSelectionKey {
    private final JsstSelector selector;
    private final AbstractSelectableChannel channel;
    final JsstSelectableChannel source;
    final Runnable listener = this::readinessChanged;

    private final Object interestLock = new Object();
    private volatile int interestOps;
    /** The interest set as of the start of the current or last selection; written by the selecting thread. */
    volatile int selectInterest;
    private volatile int readyOps;

    /** On the selector's list of keys whose interest set changed. */
    final AtomicBoolean interestQueued = new AtomicBoolean();
    /** On the selector's list of keys that may be ready. */
    final AtomicBoolean candidate = new AtomicBoolean();
    /** Selecting thread only: collected in the selection in progress, with these ready operations. */
    boolean collected;
    int polledOps;

    JsstSelectionKey(JsstSelector selector, AbstractSelectableChannel channel) {
        this.selector = selector;
        this.channel = channel;
        this.source = (JsstSelectableChannel) channel;
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public Selector selector() {
        return selector;
    }

    @Override
    public int interestOps() {
        ensureValid();
        return interestOps;
    }

    @Override
    public SelectionKey interestOps(int ops) {
        ensureValid();
        checkOps(ops);
        synchronized (interestLock) {
            interestOps = ops;
        }
        selector.interestChanged(this);
        return this;
    }

    @Override
    public int interestOpsOr(int ops) {
        ensureValid();
        checkOps(ops);
        int old;
        synchronized (interestLock) {
            old = interestOps;
            interestOps = old | ops;
        }
        selector.interestChanged(this);
        return old;
    }

    @Override
    public int interestOpsAnd(int ops) {
        ensureValid();
        int old;
        synchronized (interestLock) {
            old = interestOps;
            interestOps = old & ops;
        }
        selector.interestChanged(this);
        return old;
    }

    /** The interest set, whether or not the key is valid. */
    int currentInterest() {
        return interestOps;
    }

    @Override
    public int readyOps() {
        ensureValid();
        return readyOps;
    }

    void setReadyOps(int ops) {
        readyOps = ops;
    }

    int readyOpsUnchecked() {
        return readyOps;
    }

    private void readinessChanged() {
        if (isValid()) {
            selector.readinessChanged(this);
        }
    }

    private void checkOps(int ops) {
        if ((ops & ~channel.validOps()) != 0) {
            throw new IllegalArgumentException("Invalid interest ops " + ops + " for " + channel);
        }
    }

    private void ensureValid() {
        if (!isValid()) {
            throw new CancelledKeyException();
        }
    }

    @Override
    public String toString() {
        return "JsstSelectionKey[channel=" + channel + ", interest="
                + (isValid() ? Integer.toString(interestOps) : "cancelled") + ", ready=" + readyOps + "]";
    }
}
