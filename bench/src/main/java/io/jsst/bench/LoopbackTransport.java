package io.jsst.bench;

/**
 * A transport measured by {@link LoopbackBench}: client and server in this JVM on 127.0.0.1, on
 * separate threads. Each measurement opens its own endpoints and closes them before it returns. A
 * measurement a transport cannot make throws {@link UnsupportedOperationException}; the table then
 * shows "-".
 */
interface LoopbackTransport {

    /** The column heading, e.g. "kernel TCP". */
    String name();

    /** Sends {@code bytes} from client to server over one stream and waits for the server's receipt. */
    BulkResult bulk(long bytes, Progress progress) throws Exception;

    /**
     * Sends {@code bytes} from client to server split over {@code streams} streams of one connection
     * (one writer thread each) and waits for the server's receipt on every stream.
     */
    default BulkResult bulk(long bytes, int streams, Progress progress) throws Exception {
        throw new UnsupportedOperationException();
    }

    /**
     * Times {@code rounds} 64-byte request-response round trips after {@code warmup} unmeasured
     * ones.
     */
    RoundTrips roundTrips(int warmup, int rounds, Progress progress) throws Exception;

    /**
     * Times {@code count} handshakes one after the other (after {@code warmup} unmeasured ones),
     * each a new connection from a new client endpoint, from the connect call until the connection
     * is usable; endpoint set-up and teardown are not timed.
     */
    default RoundTrips handshakes(int warmup, int count, Progress progress) throws Exception {
        throw new UnsupportedOperationException();
    }

    /**
     * Makes {@code count} handshakes with {@code concurrency} of them in flight at once (after
     * {@code warmup} unmeasured ones, the same way), each a new connection, closed or aborted again
     * at once: the client keeps {@code concurrency} connections being set up, as a server's worth
     * of clients arriving together would.
     *
     * @return completed handshakes per second of the measured phase's wall time (which includes
     *     each connection's teardown, and whatever else the implementation says), and each one's time
     */
    default Rate handshakesPerSecond(int warmup, int count, int concurrency, Progress progress) throws Exception {
        throw new UnsupportedOperationException();
    }

    /**
     * Opens {@code count} short-lived exchanges, each a new stream (jsst: a substream of one
     * connection; TCP: a new connection) carrying one 64-byte message and its echo, one after the
     * other, after {@code warmup} unmeasured ones.
     *
     * @return the measured exchanges per second
     */
    default double exchangesPerSecond(int warmup, int count, Progress progress) throws Exception {
        throw new UnsupportedOperationException();
    }

    /**
     * As {@link #exchangesPerSecond(int, int, Progress)}, with {@code concurrency} exchanges in
     * flight at once (jsst: on one connection; TCP: that many connections at a time).
     *
     * @return the measured exchanges per second: the count over the wall time from the first
     *     measured exchange's start to the last one's echo; and each one's time
     */
    default Rate exchangesPerSecond(int warmup, int count, int concurrency, Progress progress) throws Exception {
        throw new UnsupportedOperationException();
    }

    /** Bulk transfer of {@code bytes} in datagrams of at most 1200 bytes, counting packets. */
    default PacketRate smallPackets(long bytes, Progress progress) throws Exception {
        throw new UnsupportedOperationException();
    }

    /**
     * Opens {@code count} idle associations (connections) to one server in this JVM and returns the
     * heap they take, measured after a full GC.
     */
    default IdleMemory idleMemory(int count, Progress progress) throws Exception {
        throw new UnsupportedOperationException();
    }

    /** Closes whatever a stalled measurement left open, so that its threads can end. Idempotent. */
    void abort();
}
