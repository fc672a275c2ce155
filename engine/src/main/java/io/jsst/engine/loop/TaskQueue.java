package io.jsst.engine.loop;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The multi-producer, single-consumer queue through which application threads hand work to an
 * event loop thread.
 *
 * <pre>
 *   producers (any thread)          consumer (loop thread)
 *   add(task) ---&gt; [ t1 t2 t3 ] ---&gt; poll()
 *      |                              |
 *      +-- if consumer is sleeping:   +-- enterSleep() ... exitSleep()
 *          waker.run() (once)
 * </pre>
 *
 * <p>Rule: the waker runs only when the consumer has announced it is about to sleep, and only
 * once per sleep, so a busy loop is not woken for every task. The consumer must re-check
 * {@link #isEmpty()} after {@link #enterSleep()} returns {@code true} (it does so itself and
 * returns {@code false} if a task slipped in).
 */
final class TaskQueue {

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Runnable waker;

    TaskQueue(Runnable waker) {
        this.waker = waker;
    }

    /** Enqueues {@code task}; wakes the consumer if it is sleeping. Any thread. */
    void add(Runnable task) {
        tasks.add(task);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            waker.run();
        }
    }

    /** The next task, or {@code null}. Consumer thread only. */
    Runnable poll() {
        return tasks.poll();
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /**
     * Announces that the consumer is going to sleep. Returns {@code false} (and stays awake) if a
     * task is already waiting. Consumer thread only.
     */
    boolean enterSleep() {
        sleeping.set(true);
        if (!tasks.isEmpty()) {
            sleeping.set(false);
            return false;
        }
        return true;
    }

    /** Announces that the consumer is awake again. Consumer thread only. */
    void exitSleep() {
        sleeping.set(false);
    }
}
