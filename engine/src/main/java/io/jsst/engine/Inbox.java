package io.jsst.engine;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue of things that arrive on the loop (accepted streams, substreams, datagrams) and
 * that application threads take: blocking, with a timeout, or as a future. Items handed to a
 * waiting future skip the queue; beyond {@code capacity} waiting items, new ones are refused.
 */
final class Inbox<T> {
    private final Host host;
    private final int capacity;
    private final String what;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition nonEmpty = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<T>> waiters = new ArrayDeque<>();
    private volatile long events;
    private IOException closedCause;

    /** @param what what is taken, for messages ("accept", "datagram") */
    Inbox(Host host, int capacity, String what) {
        this.host = host;
        this.capacity = capacity;
        this.what = what;
    }

    /** Hands {@code item} to a waiter or queues it; false if closed or full (the item is refused). */
    boolean offer(T item) {
        CompletableFuture<T> waiter = null;
        lock.lock();
        try {
            if (closedCause != null) {
                return false;
            }
            while ((waiter = waiters.poll()) != null && waiter.isDone()) {
                // cancelled or timed out: skip
            }
            if (waiter == null) {
                if (items.size() >= capacity) {
                    return false;
                }
                items.add(item);
                events++;
                nonEmpty.signalAll();
            }
        } finally {
            lock.unlock();
        }
        if (waiter != null) {
            waiter.complete(item);
        }
        return true;
    }

    /**
     * Takes the next item, waiting at most {@code timeout} (null: without limit).
     *
     * @throws SocketTimeoutException if nothing came in time
     * @throws IOException the cause this inbox was closed with, once it is empty
     */
    T take(Duration timeout) throws IOException {
        host.checkMayBlock();
        long start = System.nanoTime();
        lock.lock();
        try {
            while (items.isEmpty()) {
                if (closedCause != null) {
                    throw closedCause;
                }
                long left = timeout == null ? Long.MAX_VALUE : timeout.toNanos() - (System.nanoTime() - start);
                if (left <= 0) {
                    throw new SocketTimeoutException(what + " timed out after " + timeout);
                }
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while waiting for " + what);
                }
                host.awaitEvent(lock, nonEmpty, () -> events, left);
            }
            return items.poll();
        } finally {
            lock.unlock();
        }
    }

    /** The next item when it comes; the future completes on the loop thread, or at once. */
    CompletableFuture<T> takeAsync() {
        CompletableFuture<T> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (!items.isEmpty()) {
                f.complete(items.poll());
            } else if (closedCause != null) {
                f.completeExceptionally(closedCause);
            } else {
                waiters.add(f);
            }
        } finally {
            lock.unlock();
        }
        return f;
    }

    /** A future from {@link #takeAsync} gave up (timed out): forget it, unless it already has an item. */
    boolean withdraw(CompletableFuture<T> f) {
        lock.lock();
        try {
            return waiters.remove(f) && f.cancel(false);
        } finally {
            lock.unlock();
        }
    }

    /** Hands every queued item to {@code listener}, oldest first (what a listener replacing the queue gets). */
    void drainTo(java.util.function.Consumer<T> listener) {
        T item;
        while ((item = poll()) != null) {
            Host.callListener(listener, item);
        }
    }

    /** The next queued item, or null; never waits and leaves no waiter behind. */
    private T poll() {
        lock.lock();
        try {
            return items.poll();
        } finally {
            lock.unlock();
        }
    }

    /** No more items: waiters fail with {@code cause}; items already queued can still be taken. */
    void close(IOException cause) {
        ArrayDeque<CompletableFuture<T>> failing;
        lock.lock();
        try {
            if (closedCause != null) {
                return;
            }
            closedCause = cause;
            events++;
            nonEmpty.signalAll();
            failing = new ArrayDeque<>(waiters);
            waiters.clear();
        } finally {
            lock.unlock();
        }
        for (CompletableFuture<T> w : failing) {
            w.completeExceptionally(cause);
        }
    }

    /** Items waiting to be taken. */
    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }
}
