package io.jsst.engine.wire;

import java.nio.ByteBuffer;

/**
 * Variable-length integers, as RFC 9000 §16 encodes them: the two high bits of the first byte
 * give the length (1, 2, 4 or 8 bytes), the rest is the value, big-endian.
 */
public final class VarInt {

    /** RFC 9000 §16: the largest value a variable-length integer can carry, 2^62 - 1. */
    public static final long MAX = (1L << 62) - 1;

    /** Returned by {@link #read} when the buffer ends inside the integer. */
    public static final long TRUNCATED = -1;

    private VarInt() {
    }

    /** The encoded length of {@code value}: 1, 2, 4 or 8. */
    public static int length(long value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("not a varint: " + value);
        }
        if (value < 64) {
            return 1;
        }
        if (value < 16384) {
            return 2;
        }
        if (value < 1073741824) {
            return 4;
        }
        return 8;
    }

    /** Writes {@code value} at the buffer's position and advances it. */
    public static void write(ByteBuffer out, long value) {
        switch (length(value)) {
            case 1 -> out.put((byte) value);
            case 2 -> out.putShort((short) (value | 0x4000));
            case 4 -> out.putInt((int) (value | 0x8000_0000L));
            default -> out.putLong(value | 0xC000_0000_0000_0000L);
        }
    }

    /**
     * Reads a varint at the buffer's position and advances past it, or returns {@link #TRUNCATED}
     * (position unchanged) if the buffer ends first.
     */
    public static long read(ByteBuffer in) {
        if (!in.hasRemaining()) {
            return TRUNCATED;
        }
        int first = in.get(in.position()) & 0xFF;
        int len = 1 << (first >>> 6);
        if (in.remaining() < len) {
            return TRUNCATED;
        }
        return switch (len) {
            case 1 -> in.get() & 0x3F;
            case 2 -> in.getShort() & 0x3FFF;
            case 4 -> in.getInt() & 0x3FFF_FFFFL;
            default -> in.getLong() & 0x3FFF_FFFF_FFFF_FFFFL;
        };
    }
}
