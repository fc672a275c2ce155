package io.jsst.engine.wire;

/**
 * The frame types of a protected packet's payload, with their wire codes. Each frame starts with
 * its code as a varint; {@code docs/wire-format.md} gives every field.
 */
public enum FrameType {
    PADDING(0x00, false),
    PING(0x01, true),
    ACK(0x02, false),
    IDENTITY(0x03, true),
    CLOSE(0x04, false),
    PATH_CHALLENGE(0x05, true),
    PATH_RESPONSE(0x06, true),
    MAX_DATA(0x07, true),
    /**
     * 0x08 to 0x0f: bit 0x01 is FIN (the stream ends here), bit 0x02 EOM (a message ends here),
     * bit 0x04 OPEN (the frame also opens the stream: SST's Init, carrying its parent, and for a
     * top-level stream the service and protocol names).
     */
    STREAM(0x08, true),
    MAX_STREAM_DATA(0x10, true),
    RESET_STREAM(0x11, true),
    /** The receiver of a top-level stream accepted it (SST's Reply). */
    STREAM_REPLY(0x12, true),
    /** A best-effort datagram, or one fragment of it, on a stream. */
    DATAGRAM(0x13, true);

    public static final int STREAM_FIN_BIT = 0x01;
    public static final int STREAM_EOM_BIT = 0x02;
    public static final int STREAM_OPEN_BIT = 0x04;

    private final int code;
    private final boolean ackEliciting;

    FrameType(int code, boolean ackEliciting) {
        this.code = code;
        this.ackEliciting = ackEliciting;
    }

    public int code() {
        return code;
    }

    /** RFC 9000 §13.2: whether receiving this frame obliges the peer to acknowledge the packet. */
    public boolean ackEliciting() {
        return ackEliciting;
    }

    /** The type of a frame code, or {@code null} if the code is unknown. */
    public static FrameType of(long code) {
        if (code >= 0x08 && code <= 0x0f) {
            return STREAM;
        }
        return switch ((int) Math.min(code, Integer.MAX_VALUE)) {
            case 0x00 -> PADDING;
            case 0x01 -> PING;
            case 0x02 -> ACK;
            case 0x03 -> IDENTITY;
            case 0x04 -> CLOSE;
            case 0x05 -> PATH_CHALLENGE;
            case 0x06 -> PATH_RESPONSE;
            case 0x07 -> MAX_DATA;
            case 0x10 -> MAX_STREAM_DATA;
            case 0x11 -> RESET_STREAM;
            case 0x12 -> STREAM_REPLY;
            case 0x13 -> DATAGRAM;
            default -> null;
        };
    }
}
