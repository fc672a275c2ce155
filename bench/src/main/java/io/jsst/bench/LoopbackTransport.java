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
     * Opens {@code count} short-lived exchanges, each a new stream (jsst: a substream of one
     * connection; TCP: a new connection) carrying one 64-byte message and its echo, one after the
     * other, after {@code warmup} unmeasured ones.
     *
     * @return the measured exchanges per second
     */
    default double exchangesPerSecond(int warmup, int count, Progress progress) throws Exception {
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
