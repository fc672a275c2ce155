package io.jsst.engine.wire;

import java.nio.ByteBuffer;

/** A {@link FrameVisitor} that ignores every frame: extend it to look for one kind only. */
public class NoOpFrameVisitor implements FrameVisitor {
    @Override public void ping() { }
    @Override public void ack(AckFrame frame) { }
    @Override public void identity(byte[] publicKey, byte[] signature) { }
    @Override public void close(long errorCode, String reason) { }
    @Override public void pathChallenge(long data) { }
    @Override public void pathResponse(long data) { }
    @Override public void maxData(long maximum) { }
    @Override public void stream(long id, StreamOpen open, long offset, ByteBuffer data, boolean fin, boolean eom) { }
    @Override public void maxStreamData(long streamId, long maximum) { }
    @Override public void resetStream(long streamId, long errorCode, long finalSize) { }
    @Override public void streamReply(long streamId) { }
    @Override public void datagram(long streamId, long datagramId, int total, int offset, ByteBuffer data) { }
}
