package io.jsst.nio;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectionKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The key of a platform channel (a JDK {@code SocketChannel}, {@code Pipe} end, ...) in a
 * {@link JsstSelector}: the user's view of that channel's registration in the selector's inner platform
 * selector, whose key is {@link #inner} (attached to this one). Interest ops go straight to the inner key,
 * whose selector applies them at its next selection, as the JDK does.
 *
 * <p>Cancelling detaches at once: {@code AbstractSelectionKey.cancel()} marks the key invalid and then
 * asks for its {@link #selector()}, where this key removes itself from its channel and cancels the
 * inner key. The order matters for a closed platform channel: the JDK closes its socket only when the
 * last of its keys leaves a platform selector, so the inner key must be the last to go.
 */
final class PlatformChannelKey extends AbstractSelectionKey {
    private final JsstSelector selector;
    private final SelectableChannel channel;
    private volatile SelectionKey inner;
    private volatile int readyOps;
    private final AtomicBoolean detached = new AtomicBoolean();
    /** Selecting thread only: collected in the selection in progress, with these ready operations. */
    boolean collected;
    int polledOps;

    PlatformChannelKey(JsstSelector selector, SelectableChannel channel) {
        this.selector = selector;
        this.channel = channel;
    }

    void setInner(SelectionKey inner) {
        this.inner = inner;
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public Selector selector() {
        if (!isValid()) {
            detach();
        }
        return selector;
    }

    /** Leaves the channel's key set, then cancels the inner key; once only. */
    void detach() {
        if (detached.compareAndSet(false, true)) {
            selector.deregisterKey(this);
            SelectionKey in = inner;
            if (in != null) {
                in.cancel();
            }
        }
    }

    @Override
    public int interestOps() {
        ensureValid();
        return inner.interestOps();
    }

    @Override
    public SelectionKey interestOps(int ops) {
        ensureValid();
        checkOps(ops);
        inner.interestOps(ops);
        return this;
    }

    @Override
    public int interestOpsOr(int ops) {
        ensureValid();
        checkOps(ops);
        return inner.interestOpsOr(ops);
    }

    @Override
    public int interestOpsAnd(int ops) {
        ensureValid();
        return inner.interestOpsAnd(ops);
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
        return "PlatformChannelKey[channel=" + channel + ", valid=" + isValid() + ", ready=" + readyOps + "]";
    }
}
