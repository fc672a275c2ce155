package io.jsst.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VarIntTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] encode(long value) {
        ByteBuffer b = ByteBuffer.allocate(8);
        VarInt.write(b, value);
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @ParameterizedTest(name = "{0} is encoded in {1} bytes as {2}")
    @CsvSource({
        "0, 1, 00",
        "63, 1, 3f",
        "64, 2, 4040",
        "16383, 2, 7fff",
        "16384, 4, 80004000",
        "1073741823, 4, bfffffff",
        "1073741824, 8, c000000040000000",
        "4611686018427387903, 8, ffffffffffffffff",
    })
    void boundaryValuesUseTheShortestEncodingAndRoundTrip(long value, int length, String hex) {
        assertThat(VarInt.length(value)).isEqualTo(length);
        byte[] bytes = encode(value);
        assertThat(HEX.formatHex(bytes)).isEqualTo(hex);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertThat(VarInt.read(in)).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void maxIsTwoToTheSixtyTwoMinusOne() {
        assertThat(VarInt.MAX).isEqualTo((1L << 62) - 1);
    }

    @Test
    void rfc9000SampleEncodingsDecode() {
        // RFC 9000 §A.1 sample variable-length integer decodings.
        assertThat(VarInt.read(ByteBuffer.wrap(HEX.parseHex("c2197c5eff14e88c")))).isEqualTo(151288809941952652L);
        assertThat(VarInt.read(ByteBuffer.wrap(HEX.parseHex("9d7f3e7d")))).isEqualTo(494878333L);
        assertThat(VarInt.read(ByteBuffer.wrap(HEX.parseHex("7bbd")))).isEqualTo(15293L);
        assertThat(VarInt.read(ByteBuffer.wrap(HEX.parseHex("25")))).isEqualTo(37L);
        // A non-minimal encoding of 37 is accepted, as RFC 9000 §16 allows.
        assertThat(VarInt.read(ByteBuffer.wrap(HEX.parseHex("4025")))).isEqualTo(37L);
    }

    @Test
    void negativeValuesAreRejected() {
        assertThatThrownBy(() -> VarInt.length(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VarInt.write(ByteBuffer.allocate(8), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAboveTwoToTheSixtyTwoMinusOneAreRejected() {
        assertThatThrownBy(() -> VarInt.length(1L << 62)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VarInt.write(ByteBuffer.allocate(8), Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyBufferReadsAsTruncated() {
        ByteBuffer in = ByteBuffer.allocate(0);
        assertThat(VarInt.read(in)).isEqualTo(VarInt.TRUNCATED);
        assertThat(in.position()).isZero();
    }

    @ParameterizedTest(name = "a {0}-byte varint cut short reads as TRUNCATED at every length")
    @CsvSource({"2, 16383", "4, 16384", "8, 1073741824", "8, 4611686018427387903"})
    void truncatedVarIntReadsAsTruncatedWithPositionUnchanged(int length, long value) {
        byte[] bytes = encode(value);
        assertThat(bytes).hasSize(length);
        for (int cut = 1; cut < length; cut++) {
            ByteBuffer in = ByteBuffer.allocate(16);
            in.position(3);
            in.put(bytes, 0, cut);
            in.limit(3 + cut).position(3);
            assertThat(VarInt.read(in)).as("cut at %d", cut).isEqualTo(VarInt.TRUNCATED);
            assertThat(in.position()).isEqualTo(3);
        }
    }

    @Test
    void readAdvancesPastExactlyOneVarInt() {
        ByteBuffer b = ByteBuffer.allocate(32);
        VarInt.write(b, 5);
        VarInt.write(b, 300);
        VarInt.write(b, 70_000);
        VarInt.write(b, 1L << 40);
        b.flip();
        assertThat(VarInt.read(b)).isEqualTo(5);
        assertThat(b.position()).isEqualTo(1);
        assertThat(VarInt.read(b)).isEqualTo(300);
        assertThat(b.position()).isEqualTo(3);
        assertThat(VarInt.read(b)).isEqualTo(70_000);
        assertThat(b.position()).isEqualTo(7);
        assertThat(VarInt.read(b)).isEqualTo(1L << 40);
        assertThat(b.position()).isEqualTo(15);
        assertThat(VarInt.read(b)).isEqualTo(VarInt.TRUNCATED);
    }
}
