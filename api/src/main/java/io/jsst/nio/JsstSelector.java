package io.jsst.nio;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelectionKey;
import java.nio.channels.spi.AbstractSelector;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A selector for jsst channels ({@link JsstSelectableChannel}) and the platform's own channels
 * together, with the semantics the {@link Selector} javadoc gives, level-triggered like the JDK's
 * selectors. Opened by {@link JsstSelectorProvider#openSelector()}.
 *
 * <pre>
 *   select(timeout)
 *     1. cancelled keys leave the key sets, their channels are deregistered
 *     2. interest sets changed since the last selection take effect
 *     3. jsst keys that may be ready are checked: channel.readyOps() &amp; interest
 *          any ready, a wakeup pending, or selectNow ─► inner.selectNow(collect)
 *          otherwise ───────────────────────────────► inner.select(collect, timeout)   (blocks)
 *               woken by: a platform channel ready │ wakeup() │ interrupt │ timeout
 *                         │ a jsst readiness listener: a key's channel became ready for its interest
 *          woken with nothing selected and no wakeup, interrupt or timeout ─► back to 3
 *     4. keys cancelled meanwhile are processed as in 1
 *     5. the ready keys enter the selected-key set (or update their ready set) or go to the action
 * </pre>
 *
 * <p>Platform channels are registered in an inner platform selector and shown through keys of this
 * selector ({@code key.channel()} is the user's channel, {@code key.selector()} this selector). The
 * inner selector is also what a selection blocks in; a jsst channel's readiness listener wakes it. No
 * thread of its own, no polling.
 *
 * <h2>Comparison with the JDK's selectors</h2>
 * <ul>
 *   <li>A platform channel's cancelled key leaves its channel's key set at once rather than at the next
 *       selection: {@code keyFor} returns {@code null} right after {@code cancel()}, and registering the
 *       channel again gives a new key instead of throwing {@code CancelledKeyException}. As in the JDK,
 *       {@code isRegistered()} stays true until the next selection, and {@code configureBlocking(true)}
 *       is allowed at once. A jsst channel's key behaves exactly as in the JDK.</li>
 *   <li>Registering a channel that is neither a jsst channel nor accepted by the platform's selectors
 *       throws {@link IllegalSelectorException}.</li>
 * </ul>
 *
 * <p>Thread-safety as in the {@code Selector} javadoc: selection operations synchronize on the selector
 * and then on its selected-key set; {@link #keys()} may be read concurrently; {@link #wakeup()} and
 * {@link #close()} may be called from any thread.
 */
public final class JsstSelector extends AbstractSelector {
    private final Selector inner;

    private final Set<SelectionKey> keys = ConcurrentHashMap.newKeySet();
    private final Set<SelectionKey> publicKeys = Collections.unmodifiableSet(keys);
    private final Set<SelectionKey> selectedKeys = new HashSet<>();
    private final Set<SelectionKey> publicSelectedKeys = new RemoveOnlySet(selectedKeys);

    /** Jsst keys whose interest set changed since the last selection. */
    private final ConcurrentLinkedQueue<JsstSelectionKey> interestUpdates = new ConcurrentLinkedQueue<>();
    /** Jsst keys that may be ready: those whose readiness changed, whose interest set changed, or that were ready last time. */
    private final ConcurrentLinkedQueue<JsstSelectionKey> candidates = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** True while a selection operation may block: readiness listeners then wake the inner selector. */
    private volatile boolean selecting;
    private boolean inSelect;

    // Selecting thread only, reused between selections.
    private final List<JsstSelectionKey> readyJsstKeys = new ArrayList<>();
    private final List<PlatformChannelKey> readyPlatformKeys = new ArrayList<>();
    private final Consumer<SelectionKey> collectInner = this::collectInner;

    JsstSelector(JsstSelectorProvider provider, Selector inner) {
        super(provider);
        this.inner = inner;
    }

    // ---- key sets ----

    @Override
    public Set<SelectionKey> keys() {
        ensureOpen();
        return publicKeys;
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        ensureOpen();
        return publicSelectedKeys;
    }

    // ---- registration ----

    /**
     * Registers a jsst channel, or a platform channel in the inner selector.
     *
     * @throws IllegalSelectorException if the channel is neither a jsst channel nor a channel the
     *         platform's selectors accept
     * @throws ClosedSelectorException if this selector is closed
     */
    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
        ensureOpen();
        SelectionKey key;
        if (ch instanceof JsstSelectableChannel) {
            JsstSelectionKey k = new JsstSelectionKey(this, ch);
            k.attach(att);
            keys.add(k);
            k.source.addReadinessListener(k.listener);
            k.interestOps(ops);
            key = k;
        } else {
            PlatformChannelKey k = new PlatformChannelKey(this, ch);
            k.attach(att);
            try {
                // ch is already locked by the AbstractSelectableChannel.register that called us; this
                // nested register re-enters those locks on the same thread.
                k.setInner(ch.register(inner, ops, k));
            } catch (IllegalSelectorException e) {
                throw new IllegalSelectorException();
            } catch (ClosedChannelException e) {
                throw new IllegalStateException("channel closed while being registered", e);
            }
            keys.add(k);
            key = k;
        }
        if (!isOpen()) {
            keys.remove(key);
            key.cancel();
            dropKey(key);
            throw new ClosedSelectorException();
        }
        return key;
    }

    /** Called by a key's cancel(), or by its selector() once invalid: see {@link PlatformChannelKey}. */
    void deregisterKey(AbstractSelectionKey key) {
        deregister(key);
    }

    void interestChanged(JsstSelectionKey key) {
        if (key.interestQueued.compareAndSet(false, true)) {
            interestUpdates.add(key);
        }
    }

    /** A jsst key's readiness listener: runs on any thread, never blocks. */
    void readinessChanged(JsstSelectionKey key) {
        addCandidate(key);
        if (selecting && (key.source.readyOps() & key.selectInterest) != 0) {
            inner.wakeup();
        }
    }

    private void addCandidate(JsstSelectionKey key) {
        if (key.candidate.compareAndSet(false, true)) {
            candidates.add(key);
        }
    }

    // ---- selection ----

    @Override
    public int selectNow() throws IOException {
        return lockAndSelect(null, 0);
    }

    @Override
    public int select(long timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("Negative timeout");
        }
        return lockAndSelect(null, timeout == 0 ? -1 : timeout);
    }

    @Override
    public int select() throws IOException {
        return lockAndSelect(null, -1);
    }

    @Override
    public int select(Consumer<SelectionKey> action, long timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("Negative timeout");
        }
        return lockAndSelect(Objects.requireNonNull(action), timeout == 0 ? -1 : timeout);
    }

    @Override
    public int select(Consumer<SelectionKey> action) throws IOException {
        return lockAndSelect(Objects.requireNonNull(action), -1);
    }

    @Override
    public int selectNow(Consumer<SelectionKey> action) throws IOException {
        return lockAndSelect(Objects.requireNonNull(action), 0);
    }

    /** @param timeoutMillis -1 to block until something happens, 0 not to block, else at most this long */
    private int lockAndSelect(Consumer<SelectionKey> action, long timeoutMillis) throws IOException {
        synchronized (this) {
            ensureOpen();
            if (inSelect) {
                throw new IllegalStateException("select in progress");
            }
            inSelect = true;
            try {
                synchronized (publicSelectedKeys) {
                    return doSelect(action, timeoutMillis);
                }
            } finally {
                inSelect = false;
            }
        }
    }

    private int doSelect(Consumer<SelectionKey> action, long timeoutMillis) throws IOException {
        processCancelledKeys();
        applyInterestUpdates();
        long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
        try {
            selecting = true;
            try {
                waitForReadiness(timeoutMillis, deadline);
            } finally {
                selecting = false;
            }
            wakeupPending.set(false);
            processCancelledKeys();
            return deliver(action);
        } finally {
            finishSelection();
        }
    }

    private void waitForReadiness(long timeoutMillis, long deadline) throws IOException {
        while (true) {
            collectJsst();
            long waitMillis = timeoutMillis < 0 ? 0 : remainingMillis(deadline);
            if (timeoutMillis == 0 || !readyJsstKeys.isEmpty() || wakeupPending.get() || waitMillis < 0) {
                inner.selectNow(collectInner);
                return;
            }
            inner.select(collectInner, waitMillis);
            collectJsst();
            if (!readyPlatformKeys.isEmpty() || !readyJsstKeys.isEmpty() || wakeupPending.get()
                    || Thread.currentThread().isInterrupted() || !isOpen()
                    || (timeoutMillis > 0 && remainingMillis(deadline) < 0)) {
                return;
            }
            // Woken by a readiness change that made nothing selectable after all: wait again.
        }
    }

    /** Milliseconds left until the deadline, rounded up; -1 once it has passed. */
    private static long remainingMillis(long deadline) {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            return -1;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void applyInterestUpdates() {
        JsstSelectionKey key;
        while ((key = interestUpdates.poll()) != null) {
            key.interestQueued.set(false);
            key.selectInterest = key.currentInterest();
            addCandidate(key);
        }
    }

    /** Checks every candidate jsst key; the ready ones are collected (once each) and stay candidates. */
    private void collectJsst() {
        JsstSelectionKey key;
        int n = candidates.size();
        // Bounded by the queue's size on entry: keys re-added meanwhile wait for the next call.
        for (int i = 0; i < n && (key = candidates.poll()) != null; i++) {
            // Cleared before reading readiness, so a change after this read re-queues the key.
            key.candidate.set(false);
            if (!key.isValid()) {
                continue;
            }
            int ready = key.source.readyOps() & key.selectInterest;
            if (ready != 0) {
                key.polledOps = ready;
                if (!key.collected) {
                    key.collected = true;
                    readyJsstKeys.add(key);
                }
            }
        }
    }

    private void collectInner(SelectionKey innerKey) {
        if (!(innerKey.attachment() instanceof PlatformChannelKey)) {
            return;
        }
        PlatformChannelKey key = (PlatformChannelKey) innerKey.attachment();
        int ready;
        try {
            ready = innerKey.readyOps();
        } catch (java.nio.channels.CancelledKeyException e) {
            return;
        }
        key.polledOps = ready;
        if (!key.collected) {
            key.collected = true;
            readyPlatformKeys.add(key);
        }
    }

    /** Adds the ready keys to the selected-key set, or hands them to the action; returns the count. */
    private int deliver(Consumer<SelectionKey> action) {
        int count = 0;
        for (JsstSelectionKey key : readyJsstKeys) {
            if (key.isValid()) {
                int before = key.readyOpsUnchecked();
                int after = update(key, key.polledOps, before, action);
                key.setReadyOps(after);
                count += deliverOne(key, before, after, action);
            }
        }
        for (PlatformChannelKey key : readyPlatformKeys) {
            if (key.isValid()) {
                int before = key.readyOpsUnchecked();
                int after = update(key, key.polledOps, before, action);
                key.setReadyOps(after);
                count += deliverOne(key, before, after, action);
            }
        }
        return count;
    }

    private int update(SelectionKey key, int polled, int before, Consumer<SelectionKey> action) {
        if (action == null && selectedKeys.contains(key)) {
            return before | polled;
        }
        return polled;
    }

    private int deliverOne(SelectionKey key, int before, int after, Consumer<SelectionKey> action) {
        if (action != null) {
            action.accept(key);
            ensureOpen();
            return 1;
        }
        if (selectedKeys.add(key)) {
            return 1;
        }
        return (after & ~before) != 0 ? 1 : 0;
    }

    /** Resets the per-selection marks; jsst keys found ready stay candidates, since readiness is level-triggered. */
    private void finishSelection() {
        for (JsstSelectionKey key : readyJsstKeys) {
            key.collected = false;
            if (key.isValid()) {
                addCandidate(key);
            }
        }
        readyJsstKeys.clear();
        for (PlatformChannelKey key : readyPlatformKeys) {
            key.collected = false;
        }
        readyPlatformKeys.clear();
    }

    private void processCancelledKeys() {
        Set<SelectionKey> cancelled = cancelledKeys();
        List<SelectionKey> batch;
        synchronized (cancelled) {
            if (cancelled.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(cancelled);
            cancelled.clear();
        }
        for (SelectionKey key : batch) {
            keys.remove(key);
            selectedKeys.remove(key);
            dropKey(key);
        }
    }

    /** Removes a key from its channel and releases what it holds (listener, inner key). */
    private void dropKey(SelectionKey key) {
        if (key instanceof PlatformChannelKey) {
            ((PlatformChannelKey) key).detach();
        } else {
            JsstSelectionKey k = (JsstSelectionKey) key;
            deregister(k);
            k.source.removeReadinessListener(k.listener);
        }
    }

    // ---- wakeup and close ----

    /**
     * Makes the selection operation in progress return at once, or the next one if none is in
     * progress (unless a {@code selectNow} comes first). Any thread; never blocks.
     */
    @Override
    public Selector wakeup() {
        wakeupPending.set(true);
        inner.wakeup();
        return this;
    }

    @Override
    protected void implCloseSelector() throws IOException {
        wakeup();
        synchronized (this) {
            synchronized (publicSelectedKeys) {
                for (SelectionKey key : keys) {
                    dropKey(key);
                }
                keys.clear();
                selectedKeys.clear();
                synchronized (cancelledKeys()) {
                    cancelledKeys().clear();
                }
                interestUpdates.clear();
                candidates.clear();
                // After this selector's keys left their channels, so that the inner selector, being the
                // last to let go of a closed platform channel, is the one that closes its socket.
                inner.close();
            }
        }
    }

    private void ensureOpen() {
        if (!isOpen()) {
            throw new ClosedSelectorException();
        }
    }

    @Override
    public String toString() {
        return "JsstSelector[keys=" + keys.size() + (isOpen() ? "" : ", closed") + "]";
    }

    /** The selected-key set as users see it: keys may be removed, never added. */
    private static final class RemoveOnlySet extends AbstractSet<SelectionKey> {
        private final Set<SelectionKey> set;

        RemoveOnlySet(Set<SelectionKey> set) {
            this.set = set;
        }

        @Override
        public Iterator<SelectionKey> iterator() {
            return set.iterator();
        }

        @Override
        public int size() {
            return set.size();
        }

        @Override
        public boolean contains(Object o) {
            return set.contains(o);
        }

        @Override
        public boolean remove(Object o) {
            return set.remove(o);
        }

        @Override
        public void clear() {
            set.clear();
        }

        @Override
        public boolean add(SelectionKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean addAll(Collection<? extends SelectionKey> keys) {
            throw new UnsupportedOperationException();
        }
    }
}
