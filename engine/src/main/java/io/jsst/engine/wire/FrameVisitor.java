package io.jsst.engine.wire;

import java.nio.ByteBuffer;

/**
 * Receives the frames {@link FrameReader} decodes from one packet. A new frame type adds a method
 * here, so every consumer breaks at compile time until it handles it.
 *
 * <p>Buffers and the {@link AckFrame} passed in are views of the packet and valid only during the
 * call; a visitor that keeps data copies it.
 */
public interface FrameVisitor {

    void ping();

    void ack(AckFrame frame);

    /** The initiator's host identity: its raw Ed25519 public key and its handshake signature. */
    void identity(byte[] publicKey, byte[] signature);

    void close(long errorCode, String reason);

    void pathChallenge(long data);

    void pathResponse(long data);

    void maxData(long maximum);

    /**
     * Stream bytes {@code [offset, offset + data.remaining())}. {@code fin}: the stream ends after
     * them; {@code endOfMessage}: a message ends with the last of them. {@code open}, if not null,
     * says the frame also opens the stream.
     */
    void stream(long streamId, StreamOpen open, long offset, ByteBuffer data, boolean fin, boolean endOfMessage);

    void maxStreamData(long streamId, long maximum);

    void resetStream(long streamId, long errorCode, long finalSize);

    void streamReply(long streamId);

    /**
     * One fragment {@code [offset, offset + data.remaining())} of datagram {@code datagramId} of
     * {@code totalLength} bytes on a stream.
     */
    void datagram(long streamId, long datagramId, int totalLength, int offset, ByteBuffer data);
}
