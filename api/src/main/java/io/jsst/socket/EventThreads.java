package io.jsst.socket;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of this package: a shared pool of daemon threads, and serial executors on it that run
 * one object's tasks one at a time, in order (Qt runs an object's signals on its thread; a serial
 * executor is the Java shape of that).
 */
final class EventThreads {

    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "jsst-socket-" + NUMBER.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private EventThreads() {
    }

    /** Runs {@code task} on a pool thread. */
    static void run(Runnable task) {
        POOL.execute(task);
    }

    /** A new executor that runs its tasks one at a time, in submission order, on the pool. */
    static Executor serial() {
        return new Serial();
    }

    private static final class Serial implements Executor {
        private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        private boolean running;

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                tasks.add(task);
                if (running) {
                    return;
                }
                running = true;
            }
            POOL.execute(this::drain);
        }

        private void drain() {
            while (true) {
                Runnable next;
                synchronized (this) {
                    next = tasks.poll();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException | Error e) {
                    System.getLogger(EventThreads.class.getName()).log(System.Logger.Level.WARNING,
                            "a socket listener threw", e);
                }
            }
        }
    }
}
