package io.jsst.engine;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Accepts the top-level streams that other hosts open to one service and protocol on a {@link
 * Host} (libsst's {@code StreamServer}): the names replace port numbers. Get one from {@link
 * Host#listen}. A stream to a service and protocol nobody listens for is refused, and its opener
 * gets a {@link ServiceUnavailableException}.
 *
 * <p>Up to {@link #BACKLOG} accepted streams wait to be taken; more are refused the same way.
 */
public final class StreamServer implements AutoCloseable {
    /** Streams that may wait to be accepted. */
    public static final int BACKLOG = 4096;

    private final Host host;
    private final String service;
    private final String protocol;
    private final Inbox<Stream> pending;
    private volatile boolean closed;
    private volatile java.util.function.Consumer<Stream> listener;

    StreamServer(Host host, String service, String protocol) {
        this.host = host;
        this.service = service;
        this.protocol = protocol;
        this.pending = new Inbox<>(host, BACKLOG, "accept on service \"" + service + "\"");
    }

    public String service() {
        return service;
    }

    public String protocol() {
        return protocol;
    }

    public Host host() {
        return host;
    }

    /**
     * Waits for the next stream opened to this service and protocol.
     *
     * @throws ClosedChannelException if this server or its host is closed
     * @throws IllegalStateException if called on the host's loop thread
     */
    public Stream accept() throws IOException {
        return pending.take(null);
    }

    /** As {@link #accept()}, waiting at most {@code timeout}; {@link java.net.SocketTimeoutException} then. */
    public Stream accept(Duration timeout) throws IOException {
        return pending.take(timeout);
    }

    /** The next stream, when it comes; the future completes on the host's loop thread. */
    public CompletableFuture<Stream> acceptAsync() {
        return pending.takeAsync();
    }

    /**
     * Hands every new stream to {@code listener} (on the host's loop thread; it must not block)
     * instead of queueing it for {@link #accept}; streams already waiting go to it first. Null
     * restores queueing. Takes effect in the loop's next turn, or at once when called on the loop.
     */
    public void setListener(java.util.function.Consumer<Stream> listener) {
        // On the loop, where streams arrive: none slips past between the drain and the switch.
        host.execute(() -> {
            this.listener = listener;
            if (listener != null) {
                pending.drainTo(listener);
            }
        });
    }

    /** Hands an incoming stream to this server (loop thread); false if it is closed or its backlog full. */
    boolean offer(Stream stream) {
        if (closed) {
            return false;
        }
        java.util.function.Consumer<Stream> l = listener;
        if (l != null) {
            Host.callListener(l, stream);
            return true;
        }
        return pending.offer(stream);
    }

    boolean isClosed() {
        return closed;
    }

    /** Stops accepting: later streams to this service are refused; waiting accepts fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        pending.close(new ClosedChannelException());
        host.forget(this);
    }

    @Override
    public String toString() {
        return "StreamServer[service \"" + service + "\", protocol \"" + protocol + "\" on " + host + "]";
    }
}
