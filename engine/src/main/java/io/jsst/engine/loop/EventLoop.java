package io.jsst.engine.loop;

import io.jsst.engine.host.DatagramEndpoint;
import io.jsst.engine.io.DatagramBatch;
import io.jsst.engine.io.DatagramIo;
import io.jsst.engine.time.TimeSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * One thread that owns a {@link Selector} and drives the endpoints attached to it over real UDP.
 * No thread per connection and no locks on the packet path: application threads hand work in
 * through an MPSC task queue ({@link HostDriver#execute}).
 *
 * <pre>
 *   +-&gt; run queued tasks ------------------+ (each marks its endpoint touched)
 *   |   flush touched endpoints (what the reads and tasks produced)
 *   |   fire due loop timers (probes)      |
 *   |   handleTimeout on due endpoints ----+
 *   |   flush touched endpoints: pollTransmit until null, send each
 *   |   sleep until the earliest nextTimeoutNanos (select / selectNow + park if &lt; 1 ms)
 *   |   readable: up to 64 handleDatagram per endpoint --+ (in batches: recvmmsg on the native path)
 *   |   writable: resend the held-back datagrams ---------+
 *   +---------------------------------------------------+
 * </pre>
 *
 * <p>Rules: every call into an endpoint happens on this thread with {@code nowNanos} from
 * {@link SystemTimeSource}. A task or endpoint call that throws is logged through
 * {@link System.Logger} and the loop goes on. A sleeping loop is woken by a new task (once per
 * sleep, not per task), by a socket, or by the earliest deadline.
 *
 * <p>Thread safety: {@link #attach}, {@link #shutdown}, {@link #inLoopThread} and the returned
 * drivers' {@code execute}, {@code close}, {@code nowNanos}, {@code localAddress} and
 * {@code probeReachability} may be called from any thread.
 */
public final class EventLoop {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long SHUTDOWN_JOIN_MILLIS = 5_000;

    private final TimeSource clock = SystemTimeSource.INSTANCE;
    private final Selector selector;
    private final Thread thread;
    private final TaskQueue tasks;
    private volatile boolean running = true;
    private volatile boolean terminated;

    // Loop thread only.
    /** Receive slots, as many as the attached socket that batches most takes. */
    private DatagramBatch rx = new DatagramBatch(1);
    private final List<EndpointDriver> drivers = new ArrayList<>();
    private final List<EndpointDriver> touched = new ArrayList<>();
    private final PriorityQueue<LoopTimer> timers = new PriorityQueue<>();
    /**
     * The right to touch the loop's state (endpoints, timers, selector keys). The loop thread holds
     * it except while it sleeps in select; an application thread that hands in a task while the
     * loop sleeps takes it and runs the task itself (see {@link #tryRunInline}), so a write goes to
     * the socket without a thread hand-off. Never reentered: a thread that holds it queues.
     */
    private final ReentrantLock ownership = new ReentrantLock();
    /**
     * The loop never sleeps longer than this, so that a timer an inline task set a little earlier
     * than the loop's plan needs no wake-up (which would cost the sleeping loop a core on every
     * write): the loop finds it when it next looks, at most {@link #WAKE_TOLERANCE_NANOS} late.
     */
    static final long MAX_SLEEP_NANOS = 10_000_000L;
    static final long WAKE_TOLERANCE_NANOS = 2_000_000L;
    /** While the loop sleeps: the deadline it sleeps until; otherwise {@link Long#MIN_VALUE}. */
    private volatile long plannedWakeNanos = Long.MIN_VALUE;
    /** While a guest polls: what it waits for. Owner only. */
    private BooleanSupplier guestReady;
    /** Whether the loop thread is in (or about to enter) its select, without owning the loop. */
    private volatile boolean loopSelecting;
    /**
     * The application thread running the loop's turns itself or waiting to (see {@link
     * #pollAsGuest}): 0 or 1. One at a time: with many waiters queued on {@link #ownership}, each
     * guest's leaving woke the next only for it to find its data there already and pass the loop on.
     */
    private final AtomicInteger guestsWaiting = new AtomicInteger();
    /** Whether a thread was turned away while the current guest had the loop: see {@link #pollAsGuest}. */
    private volatile boolean guestRefused;
    /** When a thread was last turned away; {@link Long#MIN_VALUE} / 2 if never. */
    private volatile long lastRefusalNanos = Long.MIN_VALUE / 2;
    /**
     * After a thread was turned away, how long no thread may be a guest: with several threads
     * waiting on one loop, handing it from guest to guest cost more wake-ups than the loop thread
     * serving them all (16 streams read on 16 threads: a context switch per 22 KB).
     */
    static final long CONTENDED_NANOS = 20_000_000L;
    /** {@link #CONTENDED_NANOS}, which a test may change. */
    volatile long contendedNanos = CONTENDED_NANOS;
    /**
     * How long the loop thread naps while a guest polls before it looks again: also how late it
     * may take the loop back once the last guest left. Measured on loopback, 3 ms rather than
     * 0.5 ms took 1 to 2 µs off a 21 µs round trip (fewer wake-ups competing for the CPUs) and
     * changed neither bulk throughput nor stream opens.
     */
    static final long GUEST_NAP_NANOS = 3_000_000L;
    /** Set when a key was registered or its interest changed outside the loop thread. */
    private boolean selectorChanged;
    private long timerSequence;

    private EventLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "jsst-loop-" + THREAD_COUNTER.incrementAndGet()
                + (name == null || name.isEmpty() ? "" : "-" + name));
        this.thread.setDaemon(true);
        this.tasks = new TaskQueue(this::wake);
    }

    /**
     * Starts a loop on a new daemon thread named {@code jsst-loop-N-name}.
     *
     * @throws UncheckedIOException if no selector can be opened
     */
    public static EventLoop start(String name) {
        EventLoop loop;
        try {
            loop = new EventLoop(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loop.thread.start();
        return loop;
    }

    /**
     * Attaches {@code endpoint} with its socket {@code io}: from the next turn on this loop reads
     * the socket, fires the endpoint's timers and flushes its transmissions. Any thread; the
     * registration itself happens on the loop thread, before any task later handed to the
     * returned driver.
     *
     * @return the driver of {@code endpoint}; closing it detaches the endpoint and closes {@code io}
     * @throws RejectedExecutionException if this loop is shut down
     */
    public HostDriver attach(DatagramIo io, DatagramEndpoint endpoint) {
        EndpointDriver driver = new EndpointDriver(this, io, endpoint);
        submit(() -> {
            try {
                driver.register();
                if (io.batchCapacity() > rx.capacity()) {
                    rx = new DatagramBatch(io.batchCapacity());
                }
                drivers.add(driver);
                touch(driver);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot attach " + io.localAddress(), e);
                driver.detach();
            }
        });
        if (terminated) {
            // Lost the race with shutdown: the registration task may never run.
            driver.close();
        }
        return driver;
    }

    /**
     * Stops the loop, closes every attached socket, and waits (a bounded time) for the thread to
     * end. Idempotent. Called from the loop thread itself, it only asks the loop to stop.
     */
    public void shutdown() {
        running = false;
        wake();
        if (!inLoopThread()) {
            try {
                thread.join(SHUTDOWN_JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the calling thread is this loop's thread. */
    public boolean inLoopThread() {
        return Thread.currentThread() == thread;
    }

    // ---- package-private plumbing for drivers and probes ----

    TimeSource clock() {
        return clock;
    }

    Selector selector() {
        selectorChanged = true;
        return selector;
    }

    /** Flushes one endpoint now, outside the end-of-turn flush (before it detaches). Owner only. */
    void flushNow(EndpointDriver driver) {
        try {
            driver.flush(clock.nowNanos());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "final flush failed on " + driver.localAddress(), e);
        }
    }

    /** A selection key's interest set changed: a sleeping select must look again. */
    void selectorChanged() {
        selectorChanged = true;
    }

    /** Whether the calling thread owns the loop's state now (the loop thread, or a thread running a task inline). */
    boolean ownedByCurrentThread() {
        return ownership.isHeldByCurrentThread();
    }

    /**
     * Runs {@code task} for {@code driver} on the calling thread if the loop sleeps: first the tasks
     * queued before it (to keep their order), then it, then flushes, and wakes the loop only if it
     * must re-plan (an earlier timer, a changed selector). Returns false, having done nothing, if the
     * loop is busy, stopping, or the caller already owns it.
     */
    boolean tryRunInline(EndpointDriver driver, Runnable task) {
        if (!running || ownership.isHeldByCurrentThread() || !ownership.tryLock()) {
            return false;
        }
        try {
            if (!running) {
                return false;
            }
            runTasks();
            if (!driver.detached) {
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.log(System.Logger.Level.WARNING, "task failed inline on " + Thread.currentThread().getName(), t);
                } finally {
                    touch(driver);
                }
            }
            flushTouched(clock.nowNanos());
            long planned = plannedWakeNanos;
            if (planned != Long.MIN_VALUE
                    && (selectorChanged || earliestDeadline() < planned - WAKE_TOLERANCE_NANOS)) {
                selectorChanged = false;
                selector.wakeup();
            }
            return true;
        } finally {
            ownership.unlock();
        }
    }

    void submit(Runnable task) {
        if (terminated || !running) {
            throw new RejectedExecutionException("event loop " + thread.getName() + " is shut down");
        }
        tasks.add(task);
    }

    /** Submits {@code task} unless the loop is stopping; returns whether it was queued. */
    boolean submitIfRunning(Runnable task) {
        if (terminated || !running) {
            return false;
        }
        tasks.add(task);
        return true;
    }

    /** Marks {@code driver} to be flushed at the end of this turn. Loop thread only. */
    void touch(EndpointDriver driver) {
        if (!driver.touched) {
            driver.touched = true;
            touched.add(driver);
        }
    }

    void forget(EndpointDriver driver) {
        drivers.remove(driver);
    }

    /** Runs {@code action} on the loop thread at or after {@code atNanos}. Loop thread only. */
    void schedule(long atNanos, Runnable action) {
        timers.add(new LoopTimer(atNanos, timerSequence++, action));
    }

    // ---- the loop ----

    private void wake() {
        selector.wakeup();
    }

    private void run() {
        ownership.lock();
        try {
            while (running) {
                turn();
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "event loop " + thread.getName() + " died", t);
        } finally {
            terminated = true;
            closeAll();
            ownership.unlock();
        }
    }

    private void turn() throws IOException {
        runTasks();
        long now = clock.nowNanos();
        // What the last reads and the tasks produced goes out before timers run: a timer due at once
        // may be work the core does while the peer answers (a handshake's early agreement).
        flushTouched(now);
        fireTimers(now);
        flushTouched(now);
        if (guestsWaiting.get() > 0) {
            stepAsideForGuests();
            return;
        }
        sleep(now);
        handleSelected(clock.nowNanos());
    }

    /**
     * Lets an application thread that waits for data run the loop's turns itself: the datagram
     * that ends its wait then wakes it directly, with no hand-off from the loop thread (the
     * leader/follower pattern). Until {@code ready} holds or {@code deadlineNanos} passes, the
     * caller owns the loop: it runs queued tasks, fires timers, selects and reads datagrams, for
     * every endpoint of the loop, exactly as the loop thread would; the loop thread naps meanwhile.
     *
     * <p>One guest at a time. A thread that finds another guest there is turned away, and waits on
     * its own condition for the loop's signal; when the guest leaves, it wakes the loop thread at
     * once rather than after its nap, since the turned-away threads depend on the loop. For
     * {@link #CONTENDED_NANOS} after a thread was turned away, no thread becomes a guest: the loop
     * thread serves everyone.
     *
     * @return false at once, having done nothing, if the caller could not take the loop within
     *     {@link #GUEST_NAP_NANOS}, if another guest has it, or if the caller may not (it is the loop
     *     thread, or already owns the loop): the caller then waits on its own condition
     */
    boolean pollAsGuest(BooleanSupplier ready, long deadlineNanos) {
        if (!running || inLoopThread() || ownership.isHeldByCurrentThread()) {
            return false;
        }
        // Before claiming the guest's place: a claim seen by the loop thread makes it step aside.
        if (clock.nowNanos() - lastRefusalNanos < contendedNanos) {
            return false;
        }
        if (!guestsWaiting.compareAndSet(0, 1)) {
            guestRefused = true;
            lastRefusalNanos = clock.nowNanos();
            return false;
        }
        try {
            if (plannedWakeNanos != Long.MIN_VALUE) {
                selector.wakeup();
            }
            try {
                if (!ownership.tryLock(GUEST_NAP_NANOS, TimeUnit.NANOSECONDS)) {
                    guestRefused = true; // the loop thread may have stepped aside for nobody: wake it
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                guestRefused = true;
                return false;
            }
            // The loop thread may still be in its select, which the wake-up above ends: never two
            // selects at once, or the selected keys would change under the guest's feet.
            while (loopSelecting) {
                selector.wakeup();
                Thread.onSpinWait();
            }
            guestReady = ready;
            try {
                while (running && !ready.getAsBoolean()) {
                    long now = clock.nowNanos();
                    if (now - deadlineNanos >= 0) {
                        break;
                    }
                    runTasks();
                    fireTimers(now);
                    flushTouched(now);
                    if (ready.getAsBoolean()) {
                        break;
                    }
                    sleepAsGuest(now, deadlineNanos);
                    now = clock.nowNanos();
                    handleSelected(now);
                    flushTouched(now);
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                guestReady = null;
                ownership.unlock();
            }
        } finally {
            guestsWaiting.decrementAndGet();
            if (guestRefused) {
                guestRefused = false;
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * Whether a guest owns the loop and has what it waited for: it stops reading then, so its
     * read returns without another receive call (the socket stays readable for the next turn).
     */
    boolean guestSatisfied() {
        BooleanSupplier r = guestReady;
        return r != null && r.getAsBoolean();
    }

    /** The loop thread while guests poll: nap, look again, take the loop back when they leave. */
    private void stepAsideForGuests() {
        ownership.unlock();
        try {
            do {
                LockSupport.parkNanos(this, GUEST_NAP_NANOS);
            } while (running && (guestsWaiting.get() > 0 || !ownership.tryLock()));
        } finally {
            if (!ownership.isHeldByCurrentThread()) {
                ownership.lock();
            }
        }
    }

    /** A guest's select: like the loop's, but it keeps the loop while it waits. */
    private void sleepAsGuest(long now, long deadlineNanos) throws IOException {
        long deadline = Math.min(Math.min(earliestDeadline(), deadlineNanos), now + MAX_SLEEP_NANOS);
        long wait = deadline - now;
        if (wait <= 0 || !tasks.enterSleep()) {
            selector.selectNow();
            return;
        }
        try {
            selector.select(Math.max(1, (wait + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI));
        } finally {
            tasks.exitSleep();
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "task failed on " + thread.getName(), t);
            }
        }
    }

    private void fireTimers(long now) {
        LoopTimer timer;
        while ((timer = timers.peek()) != null && timer.atNanos <= now) {
            timers.poll();
            try {
                timer.action.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "timer failed on " + thread.getName(), t);
            }
        }
        for (int i = 0; i < drivers.size(); i++) {
            EndpointDriver d = drivers.get(i);
            try {
                if (d.endpoint.nextTimeoutNanos() <= now) {
                    touch(d);
                    d.endpoint.handleTimeout(now);
                }
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "handleTimeout failed on " + d.localAddress(), t);
            }
        }
    }

    private void flushTouched(long now) {
        for (int i = 0; i < touched.size(); i++) {
            EndpointDriver d = touched.get(i);
            d.touched = false;
            try {
                d.flush(now);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "flush failed on " + d.localAddress(), t);
            }
        }
        touched.clear();
    }

    private long earliestDeadline() {
        long earliest = Long.MAX_VALUE;
        LoopTimer timer = timers.peek();
        if (timer != null) {
            earliest = timer.atNanos;
        }
        for (int i = 0; i < drivers.size(); i++) {
            EndpointDriver d = drivers.get(i);
            try {
                earliest = Math.min(earliest, d.endpoint.nextTimeoutNanos());
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "nextTimeoutNanos failed on " + d.localAddress(), t);
            }
        }
        return earliest;
    }

    private void sleep(long now) throws IOException {
        long deadline = Math.min(earliestDeadline(), now + MAX_SLEEP_NANOS);
        long wait = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
        if (wait <= 0 || !running || !tasks.enterSleep()) {
            selector.selectNow();
            return;
        }
        selectorChanged = false;
        plannedWakeNanos = deadline;
        loopSelecting = true;
        ownership.unlock();
        try {
            // A guest that came in meanwhile selects instead (one select at a time on the selector).
            if (guestsWaiting.get() == 0) {
                // ceil, so a timer never fires early; a sub-millisecond wait sleeps a millisecond,
                // and an arriving datagram or task still wakes the select at once
                long millis = (wait + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
                selector.select(millis);
            }
        } finally {
            loopSelecting = false;
            ownership.lock();
            plannedWakeNanos = Long.MIN_VALUE;
            tasks.exitSleep();
        }
    }

    private void handleSelected(long now) {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Object owner = key.attachment();
            try {
                if (!key.isValid()) {
                    continue;
                }
                if (owner instanceof EndpointDriver) {
                    EndpointDriver d = (EndpointDriver) owner;
                    if (key.isWritable()) {
                        d.handleWritable();
                    }
                    if (key.isValid() && key.isReadable()) {
                        d.handleReadable(rx, now);
                    }
                } else if (owner instanceof ReachabilityProbe) {
                    ((ReachabilityProbe) owner).handleReadable(rx.buffer(0), now);
                }
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "I/O handling failed on " + thread.getName(), t);
            }
        }
    }

    private void closeAll() {
        // Tasks queued before the stop was seen still run (attachments, closes), then all closes.
        runTasks();
        for (EndpointDriver d : new ArrayList<>(drivers)) {
            d.detach();
        }
        // Drivers attached or closed while stopping, and probe sockets.
        for (SelectionKey key : selector.keys()) {
            Object owner = key.attachment();
            if (owner instanceof EndpointDriver) {
                ((EndpointDriver) owner).detach();
            } else if (owner instanceof ReachabilityProbe) {
                ((ReachabilityProbe) owner).close();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing selector", e);
        }
    }

    /** A one-shot action of the loop itself (reachability probe resends and give-ups). */
    private static final class LoopTimer implements Comparable<LoopTimer> {
        final long atNanos;
        final long sequence;
        final Runnable action;

        LoopTimer(long atNanos, long sequence, Runnable action) {
            this.atNanos = atNanos;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public int compareTo(LoopTimer o) {
            // deadlines compared by difference: nanoTime may wrap
            long d = atNanos - o.atNanos;
            if (d != 0) {
                return d < 0 ? -1 : 1;
            }
            return Long.compare(sequence, o.sequence);
        }
    }
}
