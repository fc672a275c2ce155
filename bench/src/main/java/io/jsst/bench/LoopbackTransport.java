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

    /** Closes whatever a stalled measurement left open, so that its threads can end. Idempotent. */
    void abort();
}
