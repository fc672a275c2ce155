package io.jsst.nio;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import sun.nio.ch.Net;
import sun.nio.ch.SelChImpl;
import sun.nio.ch.SelectionKeyImpl;

/**
 * Lets a jsst channel take part in the JDK's own selectors: the logic behind a channel subclass that
 * implements {@code sun.nio.ch.SelChImpl} (see {@link JdkSelectorSupport} for the pattern). Load this
 * class only when {@link JdkSelectorSupport#isAvailable()}.
 *
 * <p>A JDK selector polls file descriptors, so the bridge hands it the read end of an internal
 * {@link Pipe} (opened at the first {@link #getFD()}) and keeps one byte in the pipe exactly while the
 * channel is ready for an operation some selector wants. The selector sees POLLIN, and the bridge
 * translates that into the key's ready set from the channel's own {@code readyOps()}:
 *
 * <pre>
 *   engine: channel readiness changes ─► ReadinessSupport listener ─► bridge: byte in pipe? write / drain
 *   JDK selector: processUpdateQueue ─► translateInterestOps(key's interest) ─► POLLIN or nothing
 *                 epoll_wait ─► POLLIN on the pipe ─► translateAndSetReadyOps(key) = readyOps() &amp; interest
 * </pre>
 *
 * <p>One descriptor serves every selector the channel is registered with, and one byte cannot say "ready
 * for reading" to one selector and "not ready for writing" to another (Netty's OIO transport puts a
 * channel in three selectors: OP_READ, OP_WRITE, OP_CONNECT). So the byte is written while
 * {@code readyOps()} meets the union of the keys' interest sets, and a key whose own interest is not
 * ready while the byte is there is taken out of its selector's poll set ({@code translateInterestOps}
 * answers nothing for it) and put back when its interest becomes ready; otherwise that selector would
 * wake up again and again. The bridge learns each key when its selector first reports the descriptor;
 * until then the byte is written whenever anything is ready.
 *
 * <p>Limits: putting a key back is done by re-applying its interest set ({@code nioInterestOps}), which
 * costs its selector one early return from {@code select} (0 keys); and an interest change made by
 * another thread at that very instant can be lost. Neither arises with one selector per channel, nor
 * with interest sets that stay fixed (Netty OIO).
 *
 * <p>Locking: the bridge's own monitor guards its state. JDK selectors call in holding their selector
 * lock (and, in {@code translateInterestOps}, their update lock); the bridge never takes a selector's
 * lock or a channel's key lock while holding its own, and only re-queues other keys (which takes their
 * selector's update lock) after letting go of it, and never from {@code translateInterestOps}.
 */
public final class JdkSelectorBridge implements Runnable {
    private final AbstractSelectableChannel channel;
    private final JsstSelectableChannel source;

    private Pipe pipe;
    private FileDescriptor fd;
    private int fdVal = -1;
    private boolean signalled;
    private boolean killed;
    private final ByteBuffer drainBuffer = ByteBuffer.allocate(16);

    /** Keys that this bridge has seen reported by their selector, with what their selector polls for. */
    private final Map<SelectionKeyImpl, KeyState> knownKeys = new IdentityHashMap<>();
    /** Translations for keys not yet known; each is learned at its selector's next report of the pipe. */
    private int unknownTranslations;

    private static final class KeyState {
        /** Whether the last translation of this key's interest set asked its selector to poll the pipe. */
        boolean polled = true;
        /** Re-queued for translation, not yet translated. */
        boolean requeued;
    }

    private JdkSelectorBridge(AbstractSelectableChannel channel) {
        this.channel = channel;
        this.source = (JsstSelectableChannel) channel;
    }

    /**
     * Creates the bridge of a channel and subscribes it to the channel's readiness.
     *
     * @param channel a jsst channel implementing {@code SelChImpl}; the bridge keeps it
     */
    public static <C extends AbstractSelectableChannel & JsstSelectableChannel> JdkSelectorBridge attach(C channel) {
        JdkSelectorBridge bridge = new JdkSelectorBridge(channel);
        channel.addReadinessListener(bridge);
        return bridge;
    }

    // ---- SelChImpl ----

    /**
     * The descriptor JDK selectors poll: the read end of the bridge's pipe, opened on first use.
     *
     * @throws UncheckedIOException if the pipe cannot be opened (for example, out of file descriptors)
     */
    public FileDescriptor getFD() {
        synchronized (this) {
            ensurePipe();
            return fd;
        }
    }

    /** The number of {@link #getFD()}; same exceptions. */
    public int getFDVal() {
        synchronized (this) {
            ensurePipe();
            return fdVal;
        }
    }

    /**
     * What the calling selector should poll for a key with these interest ops: POLLIN, or nothing while
     * the key's operations are not ready but the pipe holds a byte for another selector's key.
     */
    public int translateInterestOps(int ops) {
        synchronized (this) {
            SelectionKeyImpl key = keyOfCallingSelector();
            if (key == null) {
                if (ops == 0) {
                    return 0;
                }
                unknownTranslations++;
                refresh(null);
                return Net.POLLIN;
            }
            KeyState state = knownKeys.get(key);
            state.requeued = false;
            // Other keys are not re-queued from here: the caller holds its selector's update lock.
            boolean signal = refresh(null);
            state.polled = polls(ops, source.readyOps(), signal);
            return state.polled ? Net.POLLIN : 0;
        }
    }

    /** Adds to the key's ready set the operations of its interest set that are ready now. */
    public boolean translateAndUpdateReadyOps(int ops, SelectionKeyImpl key) {
        return translateReadyOps(key, key.nioReadyOps());
    }

    /** Sets the key's ready set to the operations of its interest set that are ready now. */
    public boolean translateAndSetReadyOps(int ops, SelectionKeyImpl key) {
        return translateReadyOps(key, 0);
    }

    /**
     * Closes the pipe; JDK selectors call this once the channel is closed and no selector holds it,
     * and so does the bridge itself when it sees that state.
     */
    public void kill() {
        synchronized (this) {
            if (killed) {
                return;
            }
            killed = true;
            knownKeys.clear();
            if (pipe != null) {
                closeQuietly(pipe.source());
                closeQuietly(pipe.sink());
            }
        }
        source.removeReadinessListener(this);
    }

    /** Whether {@link #kill()} has run (the pipe, if any, is closed). */
    boolean isKilled() {
        synchronized (this) {
            return killed;
        }
    }

    // ---- readiness listener ----

    /** The channel's readiness may have changed: writes or drains the byte, re-queues keys whose polling must change. */
    @Override
    public void run() {
        if (!channel.isOpen() && !channel.isRegistered()) {
            kill();
            return;
        }
        List<Requeue> requeues = new ArrayList<>(0);
        synchronized (this) {
            if (killed) {
                return;
            }
            refresh(requeues);
        }
        apply(requeues);
    }

    // ---- inside ----

    private boolean translateReadyOps(SelectionKeyImpl key, int initialOps) {
        List<Requeue> requeues = new ArrayList<>(0);
        boolean added;
        synchronized (this) {
            if (!knownKeys.containsKey(key)) {
                knownKeys.put(key, new KeyState());
                if (unknownTranslations > 0) {
                    unknownTranslations--;
                }
            }
            int oldOps = key.nioReadyOps();
            int newOps = initialOps | (source.readyOps() & key.nioInterestOps());
            key.nioReadyOps(newOps);
            added = (newOps & ~oldOps) != 0;
            refresh(requeues);
        }
        apply(requeues);
        return added;
    }

    /**
     * Recomputes whether the pipe holds its byte and (when {@code requeues} is given) which keys must
     * change what their selector polls for. Returns whether the byte is there.
     */
    private boolean refresh(List<Requeue> requeues) {
        int ready = source.readyOps();
        int union = 0;
        for (Iterator<SelectionKeyImpl> it = knownKeys.keySet().iterator(); it.hasNext(); ) {
            SelectionKeyImpl key = it.next();
            if (!key.isValid()) {
                it.remove();
            } else {
                union |= key.nioInterestOps();
            }
        }
        boolean signal = ready != 0 && ((ready & union) != 0 || unknownTranslations > 0);
        setSignal(signal);
        if (requeues != null) {
            for (Map.Entry<SelectionKeyImpl, KeyState> e : knownKeys.entrySet()) {
                KeyState state = e.getValue();
                int interest = e.getKey().nioInterestOps();
                boolean polls = polls(interest, ready, signal);
                if (polls != state.polled && !state.requeued) {
                    state.requeued = true;
                    requeues.add(new Requeue(e.getKey(), polls));
                }
            }
        }
        return signal;
    }

    /** A key is polled unless the byte is there for some other key while its own interest is not ready. */
    private static boolean polls(int interest, int ready, boolean signal) {
        return interest != 0 && (!signal || (interest & ready) != 0);
    }

    private record Requeue(SelectionKeyImpl key, boolean wake) {
    }

    /** Outside the bridge's lock: makes each key's selector translate its interest set again. */
    private static void apply(List<Requeue> requeues) {
        for (Requeue r : requeues) {
            SelectionKeyImpl key = r.key();
            key.nioInterestOps(key.nioInterestOps());
            if (r.wake()) {
                key.selector().wakeup();
            }
        }
    }

    /** The known key whose selector's lock the calling thread holds: the key being translated. */
    private SelectionKeyImpl keyOfCallingSelector() {
        for (SelectionKeyImpl key : knownKeys.keySet()) {
            if (key.isValid() && Thread.holdsLock(key.selector())) {
                return key;
            }
        }
        return null;
    }

    private void ensurePipe() {
        if (pipe != null) {
            return;
        }
        if (killed) {
            throw new IllegalStateException("channel closed: " + channel);
        }
        try {
            Pipe p = JsstSelectorProvider.provider().platformProvider().openPipe();
            p.source().configureBlocking(false);
            p.sink().configureBlocking(false);
            pipe = p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the pipe that signals " + channel + " to JDK selectors", e);
        }
        SelChImpl readEnd = (SelChImpl) pipe.source();
        fd = readEnd.getFD();
        fdVal = readEnd.getFDVal();
        signalled = false;
        refresh(null);
    }

    private void setSignal(boolean on) {
        if (pipe == null || killed || on == signalled) {
            return;
        }
        try {
            if (on) {
                pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } else {
                drainBuffer.clear();
                while (pipe.source().read(drainBuffer) > 0) {
                    drainBuffer.clear();
                }
            }
            signalled = on;
        } catch (IOException e) {
            // The pipe is ours and non-blocking: this fails only once kill() has closed it.
            signalled = on;
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing our own pipe; nothing to report
        }
    }
}
