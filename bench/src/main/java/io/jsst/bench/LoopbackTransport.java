package io.jsst.bench;

/**
 * A transport measured by {@link LoopbackBench}: client and server in this JVM on 127.0.0.1, on
 * separate threads. Each measurement opens its own endpoints and closes them before it returns.
 */
interface LoopbackTransport {

    /** Sends {@code bytes} from client to server and waits for the server's receipt. */
    BulkResult bulk(long bytes, Progress progress) throws Exception;

    /**
     * Times {@code rounds} 64-byte request-response round trips after {@code warmup} unmeasured
     * ones.
     */
    RoundTrips roundTrips(int warmup, int rounds, Progress progress) throws Exception;

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

    /** Closes whatever a stalled measurement left open, so that its threads can end. Idempotent. */
    void abort();
}
