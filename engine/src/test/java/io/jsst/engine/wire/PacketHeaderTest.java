package io.jsst.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PacketHeaderTest {

    private static final long WINDOW = 1L << 32;

    @Test
    void headerIsThirteenBytesFirstByteThenChannelIdThenLow32BitsOfPacketNumber() {
        ByteBuffer b = ByteBuffer.allocate(32);
        PacketHeader.write(b, false, 0x1122334455667788L, 0x0000_0001_2345_6789L);
        assertThat(b.position()).isEqualTo(PacketHeader.LENGTH).isEqualTo(13);
        assertThat(HexFormat.of().formatHex(b.array(), 0, 13)).isEqualTo("40" + "1122334455667788" + "23456789");
    }

    @Test
    void fieldsReadBackFromAnyStartIndex() {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.position(7);
        PacketHeader.write(b, true, -5L, 0xFFFF_FFFEL);
        assertThat(PacketHeader.isProtected(b.get(7) & 0xFF)).isTrue();
        assertThat(PacketHeader.keyPhase(b.get(7) & 0xFF)).isTrue();
        assertThat(PacketHeader.destinationChannelId(b, 7)).isEqualTo(-5L);
        assertThat(PacketHeader.truncatedPacketNumber(b, 7)).isEqualTo(0xFFFF_FFFEL);
    }

    @Test
    void keyPhaseIsBit0x04OfTheFirstByte() {
        ByteBuffer b = ByteBuffer.allocate(13);
        PacketHeader.write(b, true, 1, 1);
        assertThat(b.get(0)).isEqualTo((byte) 0x44);
        assertThat(PacketHeader.keyPhase(0x44)).isTrue();
        assertThat(PacketHeader.keyPhase(0x40)).isFalse();
    }

    @Test
    void onlyFixedBitWithOptionalKeyPhaseIsAProtectedPacket() {
        assertThat(PacketHeader.isProtected(0x40)).isTrue();
        assertThat(PacketHeader.isProtected(0x44)).isTrue();
        for (int first : new int[] {0x00, 0x41, 0x42, 0x48, 0x50, 0x60, 0xC0, 0x80, 0x04, 0xFF}) {
            assertThat(PacketHeader.isProtected(first)).as("0x%02x", first).isFalse();
        }
    }

    @Test
    void thirtyTwoBitTruncationRecoversTheRfcExamplePacketNumberFromItsLow32Bits() {
        // RFC 9000 §A.3: largest 0xa82f30ea, packet number 0xa82f9b32 (sent there as 16 bits 0x9b32).
        // jsst always sends the low 32 bits, which here is the whole number.
        assertThat(PacketHeader.decodePacketNumber(0xa82f30eaL, 0xa82f9b32L)).isEqualTo(0xa82f9b32L);
    }

    @Test
    void theRfcsSixteenBitValueIsReadAsThirtyTwoBitsAndLandsInTheNearestEpoch() {
        // 0x9b32 as a 32-bit value: the closest number to 0xa82f30eb with those low 32 bits is 2^32 + 0x9b32.
        assertThat(PacketHeader.decodePacketNumber(0xa82f30eaL, 0x9b32L)).isEqualTo(WINDOW + 0x9b32L);
    }

    @Test
    void beforeAnyPacketTheTruncatedNumberIsTheNumber() {
        assertThat(PacketHeader.decodePacketNumber(-1, 0)).isZero();
        assertThat(PacketHeader.decodePacketNumber(-1, 12345)).isEqualTo(12345);
        assertThat(PacketHeader.decodePacketNumber(-1, 0xFFFF_FFFFL)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void aNewerPacketAcrossTheTwoToThe32BoundaryDecodesIntoTheNextEpoch() {
        assertThat(PacketHeader.decodePacketNumber(0xFFFF_FFF0L, 5)).isEqualTo(WINDOW + 5);
        assertThat(PacketHeader.decodePacketNumber(0xFFFF_FFFFL, 0)).isEqualTo(WINDOW);
        assertThat(PacketHeader.decodePacketNumber(3 * WINDOW - 1, 0)).isEqualTo(3 * WINDOW);
    }

    @Test
    void aLatePacketAcrossTheTwoToThe32BoundaryDecodesIntoThePreviousEpoch() {
        assertThat(PacketHeader.decodePacketNumber(WINDOW + 5, 0xFFFF_FFF0L)).isEqualTo(0xFFFF_FFF0L);
        assertThat(PacketHeader.decodePacketNumber(WINDOW, 0xFFFF_FFFFL)).isEqualTo(0xFFFF_FFFFL);
        assertThat(PacketHeader.decodePacketNumber(5 * WINDOW + 2, 0xFFFF_FFFFL)).isEqualTo(5 * WINDOW - 1);
    }

    @Test
    void everyNumberInTheHalfOpenWindowAroundTheNextExpectedDecodesToItself() {
        // RFC 9000 §A.3 decodes into (expected - 2^31, expected + 2^31], expected = largest + 1.
        long[] largests = {0, 1000, WINDOW - 1, WINDOW, 7 * WINDOW + 123_456, (1L << 40) + 17};
        long[] deltas = {1, 2, 1000, (WINDOW / 2) - 1, WINDOW / 2, WINDOW / 2 + 1, -1, -1000, -(WINDOW / 2) + 2};
        for (long largest : largests) {
            for (long delta : deltas) {
                long pn = largest + delta;
                if (pn < 0) {
                    continue;
                }
                assertThat(PacketHeader.decodePacketNumber(largest, pn & 0xFFFF_FFFFL))
                        .as("largest %d, pn %d", largest, pn).isEqualTo(pn);
            }
        }
    }

    @Test
    void aNumberExactlyHalfAWindowBelowTheNextExpectedIsReadAsHalfAWindowAbove() {
        // The tie of RFC 9000 §A.3: candidate <= expected - 2^31 moves up a window.
        long largest = WINDOW - 1;
        long expected = largest + 1;
        long truncated = (expected - WINDOW / 2) & 0xFFFF_FFFFL;
        assertThat(PacketHeader.decodePacketNumber(largest, truncated)).isEqualTo(expected + WINDOW / 2);
    }

    @Test
    void roundTripThroughTheHeaderRecoversTheFullPacketNumber() {
        long largest = 0x0000_0002_FFFF_FF00L;
        long pn = 0x0000_0003_0000_0010L;
        ByteBuffer b = ByteBuffer.allocate(13);
        PacketHeader.write(b, false, 9, pn);
        assertThat(PacketHeader.decodePacketNumber(largest, PacketHeader.truncatedPacketNumber(b, 0))).isEqualTo(pn);
    }
}
