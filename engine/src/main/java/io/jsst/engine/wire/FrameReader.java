package io.jsst.engine.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the frames of a decrypted packet payload and hands each to a {@link FrameVisitor}.
 * Never throws for bad input: a truncated, oversized or unknown frame makes the whole packet
 * {@link Result#MALFORMED}, and frames before it have already been visited (the caller drops the
 * packet before acting on them only where it matters, which it does by validating first; see
 * {@link #validate}).
 */
public final class FrameReader {

    /** What a payload turned out to be. */
    public enum Result {
        MALFORMED,
        /** Well-formed, with only ACK, PADDING or CLOSE frames: not to be acknowledged. */
        NOT_ACK_ELICITING,
        ACK_ELICITING
    }

    /** The largest datagram a DATAGRAM frame may belong to: 64 KiB. */
    public static final int MAX_DATAGRAM_LENGTH = 65_536;

    /** Longest CLOSE reason accepted, in bytes. */
    public static final int MAX_REASON_LENGTH = 1024;

    private final AckFrame ack = new AckFrame();
    /** Accepts every frame; used to check a payload parses before acting on any of it. */
    private final FrameVisitor validator = new NoOpFrameVisitor();

    /**
     * Checks that the payload between position and limit parses completely, without acting on it.
     * Position and limit are unchanged.
     */
    public Result validate(ByteBuffer payload) {
        // Parsing moves only the position (no view of the payload per packet and frame: this runs for every packet).
        int start = payload.position();
        try {
            return read(payload, validator);
        } finally {
            payload.position(start);
        }
    }

    /**
     * Decodes every frame between the payload's position and limit, in order; the position ends at
     * the limit, or where a malformed frame was found.
     */
    public Result read(ByteBuffer payload, FrameVisitor visitor) {
        boolean eliciting = false;
        boolean any = false;
        while (payload.hasRemaining()) {
            int start = payload.position();
            long code = VarInt.read(payload);
            // RFC 9000 §12.4: a frame type uses the shortest encoding.
            FrameType type = code < 0 || payload.position() - start != VarInt.length(code) ? null : FrameType.of(code);
            if (type == null) {
                return Result.MALFORMED;
            }
            any = true;
            eliciting |= type.ackEliciting();
            if (!readFrame(type, (int) code, payload, visitor)) {
                return Result.MALFORMED;
            }
        }
        if (!any) {
            return Result.MALFORMED;
        }
        return eliciting ? Result.ACK_ELICITING : Result.NOT_ACK_ELICITING;
    }

    private boolean readFrame(FrameType type, int code, ByteBuffer in, FrameVisitor v) {
        switch (type) {
            case PADDING -> {
                return true;
            }
            case PING -> {
                v.ping();
                return true;
            }
            case ACK -> {
                return readAck(in, v);
            }
            case IDENTITY -> {
                if (in.remaining() < 32 + 64) {
                    return false;
                }
                byte[] key = new byte[32];
                byte[] sig = new byte[64];
                in.get(key).get(sig);
                v.identity(key, sig);
                return true;
            }
            case CLOSE -> {
                long error = VarInt.read(in);
                long len = VarInt.read(in);
                if (error < 0 || len < 0 || len > MAX_REASON_LENGTH || len > in.remaining()) {
                    return false;
                }
                byte[] reason = new byte[(int) len];
                in.get(reason);
                v.close(error, new String(reason, StandardCharsets.UTF_8));
                return true;
            }
            case PATH_CHALLENGE, PATH_RESPONSE -> {
                if (in.remaining() < 8) {
                    return false;
                }
                long data = in.getLong();
                if (type == FrameType.PATH_CHALLENGE) {
                    v.pathChallenge(data);
                } else {
                    v.pathResponse(data);
                }
                return true;
            }
            case MAX_DATA -> {
                long max = VarInt.read(in);
                if (max < 0) {
                    return false;
                }
                v.maxData(max);
                return true;
            }
            case STREAM -> {
                long id = VarInt.read(in);
                if (id <= 0) {
                    return false;
                }
                StreamOpen open = null;
                if ((code & FrameType.STREAM_OPEN_BIT) != 0) {
                    open = readOpen(in);
                    if (open == null) {
                        return false;
                    }
                }
                long offset = VarInt.read(in);
                long len = VarInt.read(in);
                if (offset < 0 || len < 0 || len > in.remaining() || offset + len > VarInt.MAX) {
                    return false;
                }
                int end = in.position() + (int) len;
                ByteBuffer data = v == validator ? null : in.duplicate().limit(end);
                in.position(end);
                if (data != null) {
                    v.stream(id, open, offset, data, (code & FrameType.STREAM_FIN_BIT) != 0,
                            (code & FrameType.STREAM_EOM_BIT) != 0);
                }
                return true;
            }
            case MAX_STREAM_DATA -> {
                long id = VarInt.read(in);
                long max = VarInt.read(in);
                if (id <= 0 || max < 0) {
                    return false;
                }
                v.maxStreamData(id, max);
                return true;
            }
            case RESET_STREAM -> {
                long id = VarInt.read(in);
                long error = VarInt.read(in);
                long finalSize = VarInt.read(in);
                if (id <= 0 || error < 0 || finalSize < 0) {
                    return false;
                }
                v.resetStream(id, error, finalSize);
                return true;
            }
            case STREAM_REPLY -> {
                long id = VarInt.read(in);
                if (id <= 0) {
                    return false;
                }
                v.streamReply(id);
                return true;
            }
            case DATAGRAM -> {
                long id = VarInt.read(in);
                long datagramId = VarInt.read(in);
                long total = VarInt.read(in);
                long offset = VarInt.read(in);
                long len = VarInt.read(in);
                if (id <= 0 || datagramId < 0 || total < 0 || total > MAX_DATAGRAM_LENGTH || offset < 0 || len < 0
                        || offset + len > total || len > in.remaining()) {
                    return false;
                }
                int end = in.position() + (int) len;
                ByteBuffer data = v == validator ? null : in.duplicate().limit(end);
                in.position(end);
                if (data != null) {
                    v.datagram(id, datagramId, (int) total, (int) offset, data);
                }
                return true;
            }
        }
        return false;
    }

    private static StreamOpen readOpen(ByteBuffer in) {
        long parent = VarInt.read(in);
        if (parent < 0) {
            return null;
        }
        if (parent > 0) {
            return StreamOpen.substreamOf(parent);
        }
        String service = readName(in);
        String protocol = service == null ? null : readName(in);
        return protocol == null ? null : StreamOpen.topLevel(service, protocol);
    }

    private static String readName(ByteBuffer in) {
        long len = VarInt.read(in);
        if (len < 0 || len > StreamOpen.MAX_NAME_LENGTH || len > in.remaining()) {
            return null;
        }
        byte[] b = new byte[(int) len];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** RFC 9000 §19.3: Largest Acknowledged, ACK Delay, ACK Range Count, First ACK Range, ranges. */
    private boolean readAck(ByteBuffer in, FrameVisitor v) {
        long largest = VarInt.read(in);
        long delay = VarInt.read(in);
        long count = VarInt.read(in);
        long first = VarInt.read(in);
        if (largest < 0 || delay < 0 || count < 0 || first < 0 || first > largest) {
            return false;
        }
        ack.reset(largest, delay);
        long end = largest;
        long start = largest - first;
        ack.addRange(start, end);
        for (long i = 0; i < count; i++) {
            long gap = VarInt.read(in);
            long len = VarInt.read(in);
            // RFC 9000 §19.3.1: smallest = largest - ack_range; next largest = previous smallest - gap - 2.
            if (gap < 0 || len < 0) {
                return false;
            }
            end = start - gap - 2;
            start = end - len;
            if (end < 0 || start < 0) {
                return false;
            }
            if (!ack.addRange(start, end)) {
                return false;
            }
        }
        v.ack(ack);
        return true;
    }
}
