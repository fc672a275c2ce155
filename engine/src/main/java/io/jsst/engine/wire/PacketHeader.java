package io.jsst.engine.wire;

import java.nio.ByteBuffer;

/**
 * The 13-byte header of a protected packet, sent in clear and authenticated as the AEAD's
 * associated data:
 *
 * <pre>
 *  0               1                                       9                  13
 * +---------------+---------------------------------------+------------------+
 * |0 1 0 0 0 K 0 0|   destination channel id (64 bits)    | packet number    |
 * +---------------+---------------------------------------+ (low 32 bits)    +
 *   K = key phase
 * </pre>
 *
 * A first byte of 0x00 marks a cleartext handshake packet instead ({@link HandshakePacket}), as
 * channel number 0 marks SST's control packets.
 */
public final class PacketHeader {

    public static final int LENGTH = 13;
    public static final int FIXED_BIT = 0x40;
    public static final int KEY_PHASE_BIT = 0x04;

    private PacketHeader() {
    }

    public static void write(ByteBuffer out, boolean keyPhase, long destinationChannelId, long packetNumber) {
        out.put((byte) (FIXED_BIT | (keyPhase ? KEY_PHASE_BIT : 0)));
        out.putLong(destinationChannelId);
        out.putInt((int) packetNumber);
    }

    /** Whether {@code firstByte} can start a protected packet (fixed bit set, reserved bits clear). */
    public static boolean isProtected(int firstByte) {
        return (firstByte & ~KEY_PHASE_BIT & 0xFF) == FIXED_BIT;
    }

    public static boolean keyPhase(int firstByte) {
        return (firstByte & KEY_PHASE_BIT) != 0;
    }

    /** The destination channel id of a protected packet starting at index {@code start}. */
    public static long destinationChannelId(ByteBuffer packet, int start) {
        return packet.getLong(start + 1);
    }

    /** The truncated packet number of a protected packet starting at index {@code start}. */
    public static long truncatedPacketNumber(ByteBuffer packet, int start) {
        return packet.getInt(start + 9) & 0xFFFF_FFFFL;
    }

    /**
     * RFC 9000 §A.3: the full packet number closest to the next expected one whose low 32 bits
     * are {@code truncated}. The AEAD covers the full number, so a wrong guess fails to open.
     */
    public static long decodePacketNumber(long largestReceived, long truncated) {
        long expected = largestReceived + 1;
        long window = 1L << 32;
        long halfWindow = window / 2;
        long mask = window - 1;
        long candidate = (expected & ~mask) | truncated;
        if (candidate <= expected - halfWindow && candidate < (1L << 62) - window) {
            return candidate + window;
        }
        if (candidate > expected + halfWindow && candidate >= window) {
            return candidate - window;
        }
        return candidate;
    }
}
