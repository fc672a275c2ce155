package io.jsst.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A count of bytes received on one stream by an event-driven peer stack's handler, which a
 * measuring thread waits on (bounded); a failure of the stream wakes it with the cause.
 */
final class ReceivedBytes {
    private long count;
    private Throwable failure;
    private boolean ended;

    synchronized void add(long n) {
        count += n;
        notifyAll();
    }

    synchronized void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
        notifyAll();
    }

    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized long count() {
        return count;
    }

    /**
     * Waits until at least {@code target} bytes have been counted.
     *
     * @throws SocketTimeoutException if they do not arrive within {@code timeoutNanos}
     * @throws IOException if the stream failed or ended first
     */
    synchronized void await(long target, long timeoutNanos) throws IOException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (count < target) {
            if (failure != null) {
                throw new IOException("stream failed after " + count + " bytes: " + failure, failure);
            }
            if (ended) {
                throw new IOException("stream ended after " + count + " of " + target + " bytes");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("only " + count + " of " + target + " bytes arrived");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
