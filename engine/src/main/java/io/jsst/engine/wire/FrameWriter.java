package io.jsst.engine.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes frames at a buffer's position. Each method writes one whole frame; the caller checks
 * room first with the matching {@code *Length} method.
 */
public final class FrameWriter {

    private FrameWriter() {
    }

    public static void ping(ByteBuffer out) {
        out.put((byte) FrameType.PING.code());
    }

    /** {@code length} bytes of PADDING. */
    public static void padding(ByteBuffer out, int length) {
        for (int i = 0; i < length; i++) {
            out.put((byte) 0);
        }
    }

    /** The encoded length of an ACK frame for these ranges (descending, as {@link #ack} takes them). */
    public static int ackLength(long ackDelayMicros, long[] starts, long[] ends, int count) {
        int n = 1 + VarInt.length(ends[0]) + VarInt.length(ackDelayMicros) + VarInt.length(count - 1)
                + VarInt.length(ends[0] - starts[0]);
        for (int i = 1; i < count; i++) {
            n += VarInt.length(starts[i - 1] - ends[i] - 2) + VarInt.length(ends[i] - starts[i]);
        }
        return n;
    }

    /** RFC 9000 §19.3: ranges {@code [starts[i], ends[i]]} in descending order. */
    public static void ack(ByteBuffer out, long ackDelayMicros, long[] starts, long[] ends, int count) {
        VarInt.write(out, FrameType.ACK.code());
        VarInt.write(out, ends[0]);
        VarInt.write(out, ackDelayMicros);
        VarInt.write(out, count - 1);
        VarInt.write(out, ends[0] - starts[0]);
        for (int i = 1; i < count; i++) {
            VarInt.write(out, starts[i - 1] - ends[i] - 2);
            VarInt.write(out, ends[i] - starts[i]);
        }
    }

    public static final int IDENTITY_LENGTH = 1 + 32 + 64;

    public static void identity(ByteBuffer out, byte[] publicKey, byte[] signature) {
        out.put((byte) FrameType.IDENTITY.code()).put(publicKey).put(signature);
    }

    public static int closeLength(long errorCode, String reason) {
        int len = reason.getBytes(StandardCharsets.UTF_8).length;
        return 1 + VarInt.length(errorCode) + VarInt.length(len) + len;
    }

    public static void close(ByteBuffer out, long errorCode, String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        out.put((byte) FrameType.CLOSE.code());
        VarInt.write(out, errorCode);
        VarInt.write(out, bytes.length);
        out.put(bytes);
    }

    public static final int PATH_FRAME_LENGTH = 1 + 8;

    public static void pathChallenge(ByteBuffer out, long data) {
        out.put((byte) FrameType.PATH_CHALLENGE.code()).putLong(data);
    }

    public static void pathResponse(ByteBuffer out, long data) {
        out.put((byte) FrameType.PATH_RESPONSE.code()).putLong(data);
    }

    public static int maxDataLength(long maximum) {
        return 1 + VarInt.length(maximum);
    }

    public static void maxData(ByteBuffer out, long maximum) {
        out.put((byte) FrameType.MAX_DATA.code());
        VarInt.write(out, maximum);
    }

    /** The length of a STREAM frame's fields before its data; {@code open} may be null. */
    public static int streamHeaderLength(long streamId, StreamOpen open, long offset, int dataLength) {
        return 1 + VarInt.length(streamId) + openLength(open) + VarInt.length(offset) + VarInt.length(dataLength);
    }

    /** Writes the STREAM frame header; the caller then writes exactly {@code dataLength} bytes. */
    public static void streamHeader(ByteBuffer out, long streamId, StreamOpen open, long offset, int dataLength,
                                    boolean fin, boolean endOfMessage) {
        int code = FrameType.STREAM.code() | (fin ? FrameType.STREAM_FIN_BIT : 0)
                | (endOfMessage ? FrameType.STREAM_EOM_BIT : 0) | (open != null ? FrameType.STREAM_OPEN_BIT : 0);
        out.put((byte) code);
        VarInt.write(out, streamId);
        if (open != null) {
            VarInt.write(out, open.parentId());
            if (open.isTopLevel()) {
                writeName(out, open.service());
                writeName(out, open.protocol());
            }
        }
        VarInt.write(out, offset);
        VarInt.write(out, dataLength);
    }

    private static int openLength(StreamOpen open) {
        if (open == null) {
            return 0;
        }
        if (!open.isTopLevel()) {
            return VarInt.length(open.parentId());
        }
        int s = open.service().getBytes(StandardCharsets.UTF_8).length;
        int p = open.protocol().getBytes(StandardCharsets.UTF_8).length;
        return 1 + VarInt.length(s) + s + VarInt.length(p) + p;
    }

    private static void writeName(ByteBuffer out, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        VarInt.write(out, b.length);
        out.put(b);
    }

    public static int streamReplyLength(long streamId) {
        return 1 + VarInt.length(streamId);
    }

    public static void streamReply(ByteBuffer out, long streamId) {
        out.put((byte) FrameType.STREAM_REPLY.code());
        VarInt.write(out, streamId);
    }

    /** The length of a DATAGRAM frame's fields before its data. */
    public static int datagramHeaderLength(long streamId, long datagramId, int total, int offset, int length) {
        return 1 + VarInt.length(streamId) + VarInt.length(datagramId) + VarInt.length(total) + VarInt.length(offset)
                + VarInt.length(length);
    }

    /** Writes a DATAGRAM frame's header; the caller then writes exactly {@code length} bytes. */
    public static void datagramHeader(ByteBuffer out, long streamId, long datagramId, int total, int offset,
                                      int length) {
        out.put((byte) FrameType.DATAGRAM.code());
        VarInt.write(out, streamId);
        VarInt.write(out, datagramId);
        VarInt.write(out, total);
        VarInt.write(out, offset);
        VarInt.write(out, length);
    }

    public static int maxStreamDataLength(long streamId, long maximum) {
        return 1 + VarInt.length(streamId) + VarInt.length(maximum);
    }

    public static void maxStreamData(ByteBuffer out, long streamId, long maximum) {
        out.put((byte) FrameType.MAX_STREAM_DATA.code());
        VarInt.write(out, streamId);
        VarInt.write(out, maximum);
    }

    public static int resetStreamLength(long streamId, long errorCode, long finalSize) {
        return 1 + VarInt.length(streamId) + VarInt.length(errorCode) + VarInt.length(finalSize);
    }

    public static void resetStream(ByteBuffer out, long streamId, long errorCode, long finalSize) {
        out.put((byte) FrameType.RESET_STREAM.code());
        VarInt.write(out, streamId);
        VarInt.write(out, errorCode);
        VarInt.write(out, finalSize);
    }
}
