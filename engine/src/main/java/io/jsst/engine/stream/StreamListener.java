package io.jsst.engine.stream;

/**
 * What a stream tells its owner, on the driver's thread. Implementations must not block.
 */
public interface StreamListener {

    /**
     * Bytes arrived in order, from {@code bytes}' position to its limit; {@code endOfMessage}: a
     * message ends with the last of them. The buffer is valid only during the call (it is the
     * decrypted packet): copy what is kept.
     */
    void data(java.nio.ByteBuffer bytes, boolean endOfMessage);

    /** A whole datagram arrived. */
    void datagram(byte[] datagram);

    /** The peer finished its side (FIN) after the last byte delivered. */
    void finished();

    /** The peer reset the stream with an error code; no more data will come. */
    void reset(long errorCode);

    /** The peer acknowledged {@code bytes} more, which left the send buffer. */
    void acknowledged(long bytes);

    /** Everything written, and the FIN after it, has been acknowledged by the peer. */
    void outputFinished();

    /** The channel carrying the stream closed; {@code cause} says why, or null for a clean close. */
    void channelClosed(Exception cause);

    /**
     * The channel now sends to {@code now} instead of {@code before}: {@code before} stopped
     * answering (failover), or the peer moved there (NAT rebinding).
     */
    default void peerAddressChanged(java.net.InetSocketAddress before, java.net.InetSocketAddress now,
                                    boolean beforeUnreachable) {
    }
}
