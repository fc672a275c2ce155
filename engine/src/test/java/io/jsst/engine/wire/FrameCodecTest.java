package io.jsst.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FrameCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    /** Writes every visited frame as one line of text, copying what the reader lends. */
    static class RecordingVisitor implements FrameVisitor {
        final List<String> frames = new ArrayList<>();

        @Override public void ping() {
            frames.add("PING");
        }

        @Override public void ack(AckFrame f) {
            StringBuilder sb = new StringBuilder("ACK largest=" + f.largest() + " delay=" + f.ackDelayMicros());
            for (int i = 0; i < f.rangeCount(); i++) {
                sb.append(' ').append(f.rangeStart(i)).append("..").append(f.rangeEnd(i));
            }
            frames.add(sb.toString());
        }

        @Override public void identity(byte[] publicKey, byte[] signature) {
            frames.add("IDENTITY " + HEX.formatHex(publicKey) + " " + HEX.formatHex(signature));
        }

        @Override public void close(long errorCode, String reason) {
            frames.add("CLOSE " + errorCode + " '" + reason + "'");
        }

        @Override public void pathChallenge(long data) {
            frames.add("PATH_CHALLENGE " + Long.toHexString(data));
        }

        @Override public void pathResponse(long data) {
            frames.add("PATH_RESPONSE " + Long.toHexString(data));
        }

        @Override public void maxData(long maximum) {
            frames.add("MAX_DATA " + maximum);
        }

        @Override public void stream(long streamId, StreamOpen open, long offset, ByteBuffer data, boolean fin,
                                     boolean eom) {
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            frames.add("STREAM id=" + streamId + describe(open) + " off=" + offset + " data=" + HEX.formatHex(copy)
                    + " fin=" + fin + " eom=" + eom);
        }

        static String describe(StreamOpen open) {
            if (open == null) {
                return "";
            }
            return open.isTopLevel() ? " open=top '" + open.service() + "' '" + open.protocol() + "'"
                    : " open=sub of " + open.parentId();
        }

        @Override public void maxStreamData(long streamId, long maximum) {
            frames.add("MAX_STREAM_DATA " + streamId + " " + maximum);
        }

        @Override public void resetStream(long streamId, long errorCode, long finalSize) {
            frames.add("RESET_STREAM " + streamId + " " + errorCode + " " + finalSize);
        }

        @Override public void streamReply(long streamId) {
            frames.add("STREAM_REPLY " + streamId);
        }

        @Override public void datagram(long streamId, long datagramId, int total, int offset, ByteBuffer data) {
            byte[] copy = new byte[data.remaining()];
            data.duplicate().get(copy);
            frames.add("DATAGRAM stream=" + streamId + " id=" + datagramId + " total=" + total + " off=" + offset
                    + " data=" + HEX.formatHex(copy));
        }
    }

    private static byte[] bytes(Consumer<ByteBuffer> writer) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        writer.accept(b);
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static byte[] seq(int n, int from) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static Consumer<ByteBuffer> stream(long id, long offset, byte[] data, boolean fin, boolean eom) {
        return stream(id, null, offset, data, fin, eom);
    }

    private static Consumer<ByteBuffer> stream(long id, StreamOpen open, long offset, byte[] data, boolean fin,
                                               boolean eom) {
        return out -> {
            FrameWriter.streamHeader(out, id, open, offset, data.length, fin, eom);
            out.put(data);
        };
    }

    private static Consumer<ByteBuffer> datagram(long id, long datagramId, int total, int offset, byte[] data) {
        return out -> {
            FrameWriter.datagramHeader(out, id, datagramId, total, offset, data.length);
            out.put(data);
        };
    }

    /** One case per frame type (and per STREAM flag combination): writer, expected visit, expected length. */
    static Stream<Arguments> frames() {
        byte[] key = seq(32, 1);
        byte[] sig = seq(64, 100);
        long[] starts = {90, 50, 10};
        long[] ends = {100, 80, 40};
        return Stream.of(
                Arguments.of("PING", (Consumer<ByteBuffer>) FrameWriter::ping, "PING", 1, true),
                Arguments.of("ACK",
                        (Consumer<ByteBuffer>) out -> FrameWriter.ack(out, 1234, starts, ends, 3),
                        "ACK largest=100 delay=1234 90..100 50..80 10..40",
                        FrameWriter.ackLength(1234, starts, ends, 3), false),
                Arguments.of("IDENTITY",
                        (Consumer<ByteBuffer>) out -> FrameWriter.identity(out, key, sig),
                        "IDENTITY " + HEX.formatHex(key) + " " + HEX.formatHex(sig),
                        FrameWriter.IDENTITY_LENGTH, true),
                Arguments.of("CLOSE",
                        (Consumer<ByteBuffer>) out -> FrameWriter.close(out, 0x0a, "bye, ünïcödé"),
                        "CLOSE 10 'bye, ünïcödé'", FrameWriter.closeLength(0x0a, "bye, ünïcödé"), false),
                Arguments.of("CLOSE with an empty reason",
                        (Consumer<ByteBuffer>) out -> FrameWriter.close(out, 0, ""),
                        "CLOSE 0 ''", FrameWriter.closeLength(0, ""), false),
                Arguments.of("PATH_CHALLENGE",
                        (Consumer<ByteBuffer>) out -> FrameWriter.pathChallenge(out, 0x0123456789abcdefL),
                        "PATH_CHALLENGE 123456789abcdef", FrameWriter.PATH_FRAME_LENGTH, true),
                Arguments.of("PATH_RESPONSE",
                        (Consumer<ByteBuffer>) out -> FrameWriter.pathResponse(out, -2L),
                        "PATH_RESPONSE fffffffffffffffe", FrameWriter.PATH_FRAME_LENGTH, true),
                Arguments.of("MAX_DATA",
                        (Consumer<ByteBuffer>) out -> FrameWriter.maxData(out, 32L << 20),
                        "MAX_DATA 33554432", FrameWriter.maxDataLength(32L << 20), true),
                Arguments.of("STREAM",
                        stream(1, 0, seq(5, 0x61), false, false),
                        "STREAM id=1 off=0 data=6162636465 fin=false eom=false",
                        FrameWriter.streamHeaderLength(1, null, 0, 5) + 5, true),
                Arguments.of("STREAM with FIN",
                        stream(7, 70_000, seq(3, 0x10), true, false),
                        "STREAM id=7 off=70000 data=101112 fin=true eom=false",
                        FrameWriter.streamHeaderLength(7, null, 70_000, 3) + 3, true),
                Arguments.of("STREAM with EOM",
                        stream(300, 1L << 40, seq(2, 0x20), false, true),
                        "STREAM id=300 off=1099511627776 data=2021 fin=false eom=true",
                        FrameWriter.streamHeaderLength(300, null, 1L << 40, 2) + 2, true),
                Arguments.of("STREAM with FIN and EOM",
                        stream(1, 9, seq(1, 0x30), true, true),
                        "STREAM id=1 off=9 data=30 fin=true eom=true",
                        FrameWriter.streamHeaderLength(1, null, 9, 1) + 1, true),
                Arguments.of("STREAM with only FIN, no data",
                        stream(2, 500, new byte[0], true, false),
                        "STREAM id=2 off=500 data= fin=true eom=false",
                        FrameWriter.streamHeaderLength(2, null, 500, 0), true),
                Arguments.of("STREAM with OPEN, top-level, empty (an announcement)",
                        stream(3, StreamOpen.topLevel("echo", "v1"), 0, new byte[0], false, false),
                        "STREAM id=3 open=top 'echo' 'v1' off=0 data= fin=false eom=false",
                        FrameWriter.streamHeaderLength(3, StreamOpen.topLevel("echo", "v1"), 0, 0), true),
                Arguments.of("STREAM with OPEN, top-level, empty names",
                        stream(1, StreamOpen.topLevel("", ""), 0, seq(2, 0x41), false, true),
                        "STREAM id=1 open=top '' '' off=0 data=4142 fin=false eom=true",
                        FrameWriter.streamHeaderLength(1, StreamOpen.topLevel("", ""), 0, 2) + 2, true),
                Arguments.of("STREAM with OPEN, top-level, UTF-8 names of 255 bytes, FIN and EOM",
                        stream(4, StreamOpen.topLevel("s".repeat(255), "ü".repeat(127) + "p"), 0,
                                seq(3, 0x50), true, true),
                        "STREAM id=4 open=top '" + "s".repeat(255) + "' '" + "ü".repeat(127) + "p' off=0 data=505152"
                                + " fin=true eom=true",
                        FrameWriter.streamHeaderLength(4, StreamOpen.topLevel("s".repeat(255), "ü".repeat(127) + "p"),
                                0, 3) + 3, true),
                Arguments.of("STREAM with OPEN, substream",
                        stream(5, StreamOpen.substreamOf(1), 0, seq(4, 0x70), false, true),
                        "STREAM id=5 open=sub of 1 off=0 data=70717273 fin=false eom=true",
                        FrameWriter.streamHeaderLength(5, StreamOpen.substreamOf(1), 0, 4) + 4, true),
                Arguments.of("STREAM with OPEN, substream of a large id, at an offset (a retransmission)",
                        stream(1_000_002, StreamOpen.substreamOf(70_000), 1200, seq(1, 0x7a), true, false),
                        "STREAM id=1000002 open=sub of 70000 off=1200 data=7a fin=true eom=false",
                        FrameWriter.streamHeaderLength(1_000_002, StreamOpen.substreamOf(70_000), 1200, 1) + 1, true),
                Arguments.of("MAX_STREAM_DATA",
                        (Consumer<ByteBuffer>) out -> FrameWriter.maxStreamData(out, 4, 262_144),
                        "MAX_STREAM_DATA 4 262144", FrameWriter.maxStreamDataLength(4, 262_144), true),
                Arguments.of("RESET_STREAM",
                        (Consumer<ByteBuffer>) out -> FrameWriter.resetStream(out, 4, 99, 123_456),
                        "RESET_STREAM 4 99 123456", FrameWriter.resetStreamLength(4, 99, 123_456), true),
                Arguments.of("RESET_STREAM with SERVICE_UNAVAILABLE",
                        (Consumer<ByteBuffer>) out -> FrameWriter.resetStream(out, 3, 0x0e, 0),
                        "RESET_STREAM 3 14 0", FrameWriter.resetStreamLength(3, 0x0e, 0), true),
                Arguments.of("STREAM_REPLY",
                        (Consumer<ByteBuffer>) out -> FrameWriter.streamReply(out, 3),
                        "STREAM_REPLY 3", FrameWriter.streamReplyLength(3), true),
                Arguments.of("STREAM_REPLY of a large id",
                        (Consumer<ByteBuffer>) out -> FrameWriter.streamReply(out, 1L << 33),
                        "STREAM_REPLY 8589934592", FrameWriter.streamReplyLength(1L << 33), true),
                Arguments.of("DATAGRAM, whole",
                        datagram(1, 0, 3, 0, seq(3, 0x01)),
                        "DATAGRAM stream=1 id=0 total=3 off=0 data=010203",
                        FrameWriter.datagramHeaderLength(1, 0, 3, 0, 3) + 3, true),
                Arguments.of("DATAGRAM, a middle fragment",
                        datagram(6, 77, 5000, 1200, seq(100, 0)),
                        "DATAGRAM stream=6 id=77 total=5000 off=1200 data=" + HEX.formatHex(seq(100, 0)),
                        FrameWriter.datagramHeaderLength(6, 77, 5000, 1200, 100) + 100, true),
                Arguments.of("DATAGRAM, the last fragment of the largest",
                        datagram(2, 1L << 20, FrameReader.MAX_DATAGRAM_LENGTH, FrameReader.MAX_DATAGRAM_LENGTH - 2,
                                seq(2, 0x11)),
                        "DATAGRAM stream=2 id=1048576 total=65536 off=65534 data=1112",
                        FrameWriter.datagramHeaderLength(2, 1L << 20, FrameReader.MAX_DATAGRAM_LENGTH,
                                FrameReader.MAX_DATAGRAM_LENGTH - 2, 2) + 2, true),
                Arguments.of("DATAGRAM of zero bytes",
                        datagram(9, 4, 0, 0, new byte[0]),
                        "DATAGRAM stream=9 id=4 total=0 off=0 data=",
                        FrameWriter.datagramHeaderLength(9, 4, 0, 0, 0), true));
    }

    @ParameterizedTest(name = "{0} round-trips")
    @MethodSource("frames")
    void eachFrameRoundTripsThroughWriterAndReader(String name, Consumer<ByteBuffer> writer, String expected,
                                                   int expectedLength, boolean ackEliciting) {
        byte[] encoded = bytes(writer);
        assertThat(encoded).as("encoded length").hasSize(expectedLength);

        RecordingVisitor v = new RecordingVisitor();
        ByteBuffer in = ByteBuffer.wrap(encoded);
        FrameReader.Result result = new FrameReader().read(in, v);

        assertThat(result).isEqualTo(ackEliciting ? FrameReader.Result.ACK_ELICITING
                : FrameReader.Result.NOT_ACK_ELICITING);
        assertThat(v.frames).containsExactly(expected);
        assertThat(in.hasRemaining()).isFalse();
    }

    @ParameterizedTest(name = "{0} cut short at every length is MALFORMED")
    @MethodSource("frames")
    void eachFrameTruncatedAtEveryLengthIsMalformedAndNeverThrows(String name, Consumer<ByteBuffer> writer,
                                                                  String expected, int expectedLength,
                                                                  boolean ackEliciting) {
        byte[] encoded = bytes(writer);
        FrameReader reader = new FrameReader();
        for (int cut = 0; cut < encoded.length; cut++) {
            ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(encoded, cut));
            RecordingVisitor v = new RecordingVisitor();
            FrameReader.Result[] result = new FrameReader.Result[2];
            assertThatCode(() -> {
                result[0] = reader.validate(in);
                result[1] = reader.read(in, v);
            }).as("cut at %d", cut).doesNotThrowAnyException();
            assertThat(result).as("cut at %d of %d", cut, encoded.length)
                    .containsOnly(FrameReader.Result.MALFORMED);
            assertThat(v.frames).as("cut at %d", cut).isEmpty();
        }
    }

    @Test
    void validateChecksWithoutVisitingOrMovingThePosition() {
        byte[] encoded = bytes(out -> {
            FrameWriter.ping(out);
            FrameWriter.maxData(out, 10);
        });
        ByteBuffer in = ByteBuffer.wrap(encoded);
        assertThat(new FrameReader().validate(in)).isEqualTo(FrameReader.Result.ACK_ELICITING);
        assertThat(in.position()).isZero();
        assertThat(in.limit()).isEqualTo(encoded.length);
    }

    @Test
    void validateLeavesPositionLimitAndMarkOfAPayloadInsideALargerBufferWhetherWellFormedOrNot() {
        byte[] frame = bytes(out -> {
            FrameWriter.streamHeader(out, 1, null, 0, 3, false, true);
            out.put((byte) 'a').put((byte) 'b').put((byte) 'c');
        });
        ByteBuffer in = ByteBuffer.allocateDirect(frame.length + 10);
        in.position(5).mark();
        in.put(frame).limit(5 + frame.length).reset();
        FrameReader reader = new FrameReader();

        assertThat(reader.validate(in)).isEqualTo(FrameReader.Result.ACK_ELICITING);
        assertThat(in.position()).isEqualTo(5);
        assertThat(in.limit()).isEqualTo(5 + frame.length);
        assertThat(in.reset().position()).isEqualTo(5);

        in.limit(5 + frame.length - 1); // the data cut short
        assertThat(reader.validate(in)).isEqualTo(FrameReader.Result.MALFORMED);
        assertThat(in.position()).isEqualTo(5);
        assertThat(in.limit()).isEqualTo(5 + frame.length - 1);
    }

    @Test
    void severalFramesInOnePayloadAreVisitedInOrder() {
        long[] starts = {7};
        long[] ends = {9};
        byte[] encoded = bytes(out -> {
            FrameWriter.ack(out, 25, starts, ends, 1);
            FrameWriter.maxStreamData(out, 1, 1000);
            FrameWriter.streamHeader(out, 1, null, 0, 2, false, true);
            out.put((byte) 'h').put((byte) 'i');
            FrameWriter.streamReply(out, 2);
            FrameWriter.datagramHeader(out, 2, 0, 1, 0, 1);
            out.put((byte) '!');
            FrameWriter.padding(out, 4);
        });
        RecordingVisitor v = new RecordingVisitor();
        assertThat(new FrameReader().read(ByteBuffer.wrap(encoded), v)).isEqualTo(FrameReader.Result.ACK_ELICITING);
        assertThat(v.frames).containsExactly("ACK largest=9 delay=25 7..9", "MAX_STREAM_DATA 1 1000",
                "STREAM id=1 off=0 data=6869 fin=false eom=true", "STREAM_REPLY 2",
                "DATAGRAM stream=2 id=0 total=1 off=0 data=21");
    }

    @Test
    void paddingAckAndCloseAloneAreNotAckEliciting() {
        long[] starts = {0};
        long[] ends = {0};
        byte[] encoded = bytes(out -> {
            FrameWriter.padding(out, 3);
            FrameWriter.ack(out, 0, starts, ends, 1);
            FrameWriter.close(out, 0, "");
        });
        assertThat(new FrameReader().validate(ByteBuffer.wrap(encoded)))
                .isEqualTo(FrameReader.Result.NOT_ACK_ELICITING);
    }

    @Test
    void aPayloadOfOnlyPaddingIsWellFormedButNotAckEliciting() {
        RecordingVisitor v = new RecordingVisitor();
        assertThat(new FrameReader().read(ByteBuffer.wrap(new byte[50]), v))
                .isEqualTo(FrameReader.Result.NOT_ACK_ELICITING);
        assertThat(v.frames).isEmpty();
    }

    @Test
    void ackElicitingTypesAreExactlyTheDocumentedOnes() {
        for (FrameType t : FrameType.values()) {
            boolean expected = !(t == FrameType.PADDING || t == FrameType.ACK || t == FrameType.CLOSE);
            assertThat(t.ackEliciting()).as(t.name()).isEqualTo(expected);
        }
    }

    @Test
    void frameCodesAreTheDocumentedOnes() {
        assertThat(FrameType.PADDING.code()).isEqualTo(0x00);
        assertThat(FrameType.PING.code()).isEqualTo(0x01);
        assertThat(FrameType.ACK.code()).isEqualTo(0x02);
        assertThat(FrameType.IDENTITY.code()).isEqualTo(0x03);
        assertThat(FrameType.CLOSE.code()).isEqualTo(0x04);
        assertThat(FrameType.PATH_CHALLENGE.code()).isEqualTo(0x05);
        assertThat(FrameType.PATH_RESPONSE.code()).isEqualTo(0x06);
        assertThat(FrameType.MAX_DATA.code()).isEqualTo(0x07);
        assertThat(FrameType.STREAM.code()).isEqualTo(0x08);
        for (int code = 0x08; code <= 0x0f; code++) {
            assertThat(FrameType.of(code)).as("0x%02x", code).isEqualTo(FrameType.STREAM);
        }
        assertThat(FrameType.STREAM_FIN_BIT).isEqualTo(0x01);
        assertThat(FrameType.STREAM_EOM_BIT).isEqualTo(0x02);
        assertThat(FrameType.STREAM_OPEN_BIT).isEqualTo(0x04);
        assertThat(FrameType.MAX_STREAM_DATA.code()).isEqualTo(0x10);
        assertThat(FrameType.RESET_STREAM.code()).isEqualTo(0x11);
        assertThat(FrameType.STREAM_REPLY.code()).isEqualTo(0x12);
        assertThat(FrameType.DATAGRAM.code()).isEqualTo(0x13);
        for (FrameType t : FrameType.values()) {
            assertThat(FrameType.of(t.code())).as(t.name()).isEqualTo(t);
        }
        assertThat(FrameType.of(0x14)).isNull();
    }

    @Test
    void emptyPayloadIsMalformed() {
        FrameReader reader = new FrameReader();
        assertThat(reader.validate(ByteBuffer.allocate(0))).isEqualTo(FrameReader.Result.MALFORMED);
        assertThat(reader.read(ByteBuffer.allocate(0), new RecordingVisitor())).isEqualTo(FrameReader.Result.MALFORMED);
    }

    @Test
    void unknownFrameTypesAreMalformed() {
        FrameReader reader = new FrameReader();
        for (String hex : new String[] {"14", "15", "3f", "4100", "80010000", "c000000100000008",
                                        "ffffffffffffffff"}) {
            byte[] payload = HEX.parseHex(hex + "0000");
            assertThatCode(() -> assertThat(reader.read(ByteBuffer.wrap(payload), new RecordingVisitor()))
                    .as(hex).isEqualTo(FrameReader.Result.MALFORMED)).doesNotThrowAnyException();
        }
    }

    @Test
    void anUnknownFrameAfterValidOnesMakesThePacketMalformedAndValidateSaysSoFirst() {
        byte[] payload = bytes(out -> {
            FrameWriter.ping(out);
            out.put((byte) 0x14);
        });
        FrameReader reader = new FrameReader();
        assertThat(reader.validate(ByteBuffer.wrap(payload))).isEqualTo(FrameReader.Result.MALFORMED);
    }

    @Test
    void ackWithManyRangesRoundTrips() {
        int n = 40;
        long[] starts = new long[n];
        long[] ends = new long[n];
        long pn = 1_000_000;
        for (int i = 0; i < n; i++) {
            ends[i] = pn;
            starts[i] = pn - (i % 5);          // ranges of 1..5 packets
            pn = starts[i] - 2 - (i % 7) * 100; // gaps of 1..601 packets
        }
        byte[] encoded = bytes(out -> FrameWriter.ack(out, 1L << 20, starts, ends, n));
        assertThat(encoded).hasSize(FrameWriter.ackLength(1L << 20, starts, ends, n));
        List<long[]> seen = new ArrayList<>();
        FrameVisitor v = new RecordingVisitor() {
            @Override public void ack(AckFrame f) {
                assertThat(f.largest()).isEqualTo(1_000_000);
                assertThat(f.ackDelayMicros()).isEqualTo(1L << 20);
                for (int i = 0; i < f.rangeCount(); i++) {
                    seen.add(new long[] {f.rangeStart(i), f.rangeEnd(i)});
                }
            }
        };
        assertThat(new FrameReader().read(ByteBuffer.wrap(encoded), v)).isEqualTo(FrameReader.Result.NOT_ACK_ELICITING);
        assertThat(seen).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).as("range %d", i).containsExactly(starts[i], ends[i]);
        }
    }

    @Test
    void ackRangesThatGoBelowZeroAreMalformed() {
        // largest 5, first range 2 (3..5), gap 0 -> next largest 1, range length 2 -> smallest -1.
        byte[] belowZero = HEX.parseHex("02" + "05" + "00" + "01" + "02" + "00" + "02");
        // first range longer than largest: 5 - 6 = -1.
        byte[] firstBelowZero = HEX.parseHex("02" + "05" + "00" + "00" + "06");
        // gap reaching below zero: largest 5, first 0 (5..5), gap 4 -> next largest 5 - 4 - 2 = -1.
        byte[] gapBelowZero = HEX.parseHex("02" + "05" + "00" + "01" + "00" + "04" + "00");
        FrameReader reader = new FrameReader();
        for (byte[] payload : List.of(belowZero, firstBelowZero, gapBelowZero)) {
            RecordingVisitor v = new RecordingVisitor();
            assertThat(reader.read(ByteBuffer.wrap(payload), v)).as(HEX.formatHex(payload))
                    .isEqualTo(FrameReader.Result.MALFORMED);
            assertThat(v.frames).isEmpty();
        }
        // The same shape that ends exactly at packet 0 is fine.
        byte[] toZero = HEX.parseHex("02" + "05" + "00" + "01" + "02" + "00" + "01");
        RecordingVisitor v = new RecordingVisitor();
        assertThat(reader.read(ByteBuffer.wrap(toZero), v)).isEqualTo(FrameReader.Result.NOT_ACK_ELICITING);
        assertThat(v.frames).containsExactly("ACK largest=5 delay=0 3..5 0..1");
    }

    @Test
    void ackWithAHugeRangeCountButFewBytesIsMalformedQuickly() {
        byte[] payload = HEX.parseHex("02" + "0a" + "00" + "bfffffff" + "00" + "00" + "00");
        assertThat(new FrameReader().read(ByteBuffer.wrap(payload), new RecordingVisitor()))
                .isEqualTo(FrameReader.Result.MALFORMED);
    }

    @Test
    void ackWithMoreRangesThanTheReaderKeepsIsMalformed() {
        int n = 300;
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int i = 0; i < n; i++) {
            ends[i] = 10_000 - 2L * i;
            starts[i] = ends[i];
        }
        byte[] encoded = bytes(out -> FrameWriter.ack(out, 0, starts, ends, n));
        assertThat(new FrameReader().read(ByteBuffer.wrap(encoded), new RecordingVisitor()))
                .isEqualTo(FrameReader.Result.MALFORMED);
    }

    @Test
    void streamFrameEndingBeyondTheLargestVarIntIsMalformed() {
        byte[] payload = bytes(out -> {
            out.put((byte) 0x08);
            VarInt.write(out, 1);
            VarInt.write(out, VarInt.MAX);
            VarInt.write(out, 1);
            out.put((byte) 0);
        });
        assertThat(new FrameReader().read(ByteBuffer.wrap(payload), new RecordingVisitor()))
                .isEqualTo(FrameReader.Result.MALFORMED);
    }

    @Test
    void streamFrameDataIsAViewOfExactlyItsBytes() {
        byte[] payload = bytes(out -> {
            FrameWriter.streamHeader(out, 3, null, 0, 4, false, false);
            out.put(seq(4, 1));
            FrameWriter.ping(out);
        });
        int[] seen = new int[2];
        FrameVisitor v = new RecordingVisitor() {
            @Override public void stream(long id, StreamOpen open, long offset, ByteBuffer data, boolean fin,
                                         boolean eom) {
                seen[0] = data.remaining();
                seen[1] = data.get(data.position());
            }
        };
        assertThat(new FrameReader().read(ByteBuffer.wrap(payload), v)).isEqualTo(FrameReader.Result.ACK_ELICITING);
        assertThat(seen).containsExactly(4, 1);
    }

    @Test
    void closeReasonLongerThanTheLimitIsMalformed() {
        String ok = "x".repeat(FrameReader.MAX_REASON_LENGTH);
        String tooLong = ok + "x";
        FrameReader reader = new FrameReader();
        assertThat(reader.validate(ByteBuffer.wrap(bytes(out -> FrameWriter.close(out, 1, ok)))))
                .isEqualTo(FrameReader.Result.NOT_ACK_ELICITING);
        assertThat(reader.validate(ByteBuffer.wrap(bytes(out -> FrameWriter.close(out, 1, tooLong)))))
                .isEqualTo(FrameReader.Result.MALFORMED);
    }

    @Test
    void closeReasonThatIsNotUtf8IsDecodedWithReplacementsNotAnException() {
        byte[] payload = HEX.parseHex("04" + "00" + "02" + "c328");
        RecordingVisitor v = new RecordingVisitor();
        assertThat(new FrameReader().read(ByteBuffer.wrap(payload), v)).isEqualTo(FrameReader.Result.NOT_ACK_ELICITING);
        assertThat(v.frames).hasSize(1);
        assertThat(v.frames.get(0)).startsWith("CLOSE 0 '");
    }

    @Test
    void workedExampleStreamFrameMatchesTheWireFormatDocument() {
        // docs/wire-format.md, "Worked example: a STREAM frame".
        byte[] frame = bytes(stream(1, 1000, "hello".getBytes(StandardCharsets.US_ASCII), false, true));
        assertThat(HEX.formatHex(frame)).isEqualTo("0a" + "01" + "43e8" + "05" + "68656c6c6f");
    }

    @Test
    void workedExampleTopLevelOpenMatchesTheWireFormatDocument() {
        // docs/wire-format.md, "Worked example: opening a top-level stream": the initiator's first
        // stream (id 1) to service "echo", protocol "v1", announced with an empty STREAM frame.
        byte[] frame = bytes(stream(1, StreamOpen.topLevel("echo", "v1"), 0, new byte[0], false, false));
        assertThat(HEX.formatHex(frame)).isEqualTo("0c" + "01" + "00" + "04" + "6563686f" + "02" + "7631" + "00" + "00");
        RecordingVisitor v = new RecordingVisitor();
        assertThat(new FrameReader().read(ByteBuffer.wrap(frame), v)).isEqualTo(FrameReader.Result.ACK_ELICITING);
        assertThat(v.frames).containsExactly("STREAM id=1 open=top 'echo' 'v1' off=0 data= fin=false eom=false");
    }

    @Test
    void workedExampleSubstreamOpenMatchesTheWireFormatDocument() {
        // docs/wire-format.md, same section: substream 3 of stream 1 opened with its first message "hi".
        byte[] frame = bytes(stream(3, StreamOpen.substreamOf(1), 0, "hi".getBytes(StandardCharsets.US_ASCII),
                false, true));
        assertThat(HEX.formatHex(frame)).isEqualTo("0e" + "03" + "01" + "00" + "02" + "6869");
    }

    @Test
    void workedExampleDatagramFragmentMatchesTheWireFormatDocument() {
        // docs/wire-format.md, "Worked example: a DATAGRAM fragment": stream 3, datagram 7 of 3000
        // bytes, its last fragment: the 4 bytes at offset 2996.
        byte[] frame = bytes(datagram(3, 7, 3000, 2996, "data".getBytes(StandardCharsets.US_ASCII)));
        assertThat(HEX.formatHex(frame)).isEqualTo("13" + "03" + "07" + "4bb8" + "4bb4" + "04" + "64617461");
        RecordingVisitor v = new RecordingVisitor();
        assertThat(new FrameReader().read(ByteBuffer.wrap(frame), v)).isEqualTo(FrameReader.Result.ACK_ELICITING);
        assertThat(v.frames).containsExactly("DATAGRAM stream=3 id=7 total=3000 off=2996 data=64617461");
    }

    @Test
    void everyStreamCodeDecodesItsFinEomAndOpenBits() {
        for (int code = 0x08; code <= 0x0f; code++) {
            boolean fin = (code & 0x01) != 0;
            boolean eom = (code & 0x02) != 0;
            boolean open = (code & 0x04) != 0;
            // id 5, [parent 1 if OPEN], offset 0, length 1, one byte.
            byte[] payload = HEX.parseHex(String.format("%02x", code) + "05" + (open ? "01" : "") + "00" + "01" + "ff");
            RecordingVisitor v = new RecordingVisitor();
            assertThat(new FrameReader().read(ByteBuffer.wrap(payload), v)).as("0x%02x", code)
                    .isEqualTo(FrameReader.Result.ACK_ELICITING);
            assertThat(v.frames).as("0x%02x", code).containsExactly("STREAM id=5" + (open ? " open=sub of 1" : "")
                    + " off=0 data=ff fin=" + fin + " eom=" + eom);
            // And the writer picks the same code.
            byte[] written = bytes(stream(5, open ? StreamOpen.substreamOf(1) : null, 0, new byte[] {-1}, fin, eom));
            assertThat(written).as("0x%02x", code).isEqualTo(payload);
        }
    }

    @Test
    void streamIdZeroIsMalformedInEveryFrameThatNamesAStream() {
        Map<String, String> payloads = new LinkedHashMap<>();
        payloads.put("STREAM", "08" + "00" + "00" + "01" + "ff");
        payloads.put("STREAM with FIN", "09" + "00" + "00" + "00");
        payloads.put("STREAM with OPEN, top-level", "0c" + "00" + "00" + "00" + "00" + "00" + "00");
        payloads.put("STREAM with OPEN, substream", "0c" + "00" + "01" + "00" + "00");
        payloads.put("RESET_STREAM", "11" + "00" + "0e" + "00");
        payloads.put("STREAM_REPLY", "12" + "00");
        payloads.put("DATAGRAM", "13" + "00" + "00" + "01" + "00" + "01" + "ff");
        FrameReader reader = new FrameReader();
        for (Map.Entry<String, String> e : payloads.entrySet()) {
            RecordingVisitor v = new RecordingVisitor();
            assertThat(reader.read(ByteBuffer.wrap(HEX.parseHex(e.getValue())), v)).as(e.getKey())
                    .isEqualTo(FrameReader.Result.MALFORMED);
            assertThat(v.frames).as(e.getKey()).isEmpty();
            // The same frame for stream 1 is fine: only the id makes it malformed.
            String one = e.getValue().substring(0, 2) + "01" + e.getValue().substring(4);
            assertThat(reader.validate(ByteBuffer.wrap(HEX.parseHex(one)))).as(e.getKey() + " for stream 1")
                    .isEqualTo(FrameReader.Result.ACK_ELICITING);
        }
    }

    @Test
    void maxStreamDataForStreamIdZeroIsMalformedLikeEveryOtherStreamFrame() {
        // Stream ids start at 1 (docs/wire-format.md): MAX_STREAM_DATA names a stream like the others.
        RecordingVisitor v = new RecordingVisitor();
        assertThat(new FrameReader().read(ByteBuffer.wrap(HEX.parseHex("10" + "00" + "4400")), v))
                .isEqualTo(FrameReader.Result.MALFORMED);
        assertThat(v.frames).isEmpty();
    }

    @Test
    void openNamesLongerThan255BytesAreMalformed() {
        FrameReader reader = new FrameReader();
        String max = "n".repeat(StreamOpen.MAX_NAME_LENGTH);
        String over = max + "n";
        assertThat(reader.validate(ByteBuffer.wrap(bytes(stream(1, StreamOpen.topLevel(max, max), 0, new byte[0],
                false, false))))).isEqualTo(FrameReader.Result.ACK_ELICITING);
        for (StreamOpen open : List.of(StreamOpen.topLevel(over, ""), StreamOpen.topLevel("", over),
                StreamOpen.topLevel("é".repeat(128), "x"))) {
            // The writer does not check (the API does); the reader must refuse.
            byte[] payload = bytes(stream(1, open, 0, new byte[0], false, false));
            RecordingVisitor v = new RecordingVisitor();
            assertThat(reader.read(ByteBuffer.wrap(payload), v)).as(open.toString().substring(0, 40))
                    .isEqualTo(FrameReader.Result.MALFORMED);
            assertThat(v.frames).isEmpty();
        }
    }

    @Test
    void openNameLengthBeyondThePayloadIsMalformedAndNeverThrows() {
        // service length 200 with 4 bytes present; protocol length 0x3f with none.
        for (String hex : new String[] {"0c" + "01" + "00" + "40c8" + "61626364",
                                        "0c" + "01" + "00" + "00" + "3f",
                                        "0c" + "01" + "ffffffffffffffff"}) {
            RecordingVisitor v = new RecordingVisitor();
            assertThatCode(() -> assertThat(new FrameReader().read(ByteBuffer.wrap(HEX.parseHex(hex)), v)).as(hex)
                    .isEqualTo(FrameReader.Result.MALFORMED)).doesNotThrowAnyException();
            assertThat(v.frames).isEmpty();
        }
    }

    @Test
    void openNamesThatAreNotUtf8AreDecodedWithReplacementsNotAnException() {
        byte[] payload = HEX.parseHex("0c" + "01" + "00" + "02" + "c328" + "01" + "ff" + "00" + "00");
        RecordingVisitor v = new RecordingVisitor();
        assertThat(new FrameReader().read(ByteBuffer.wrap(payload), v)).isEqualTo(FrameReader.Result.ACK_ELICITING);
        assertThat(v.frames).hasSize(1);
        assertThat(v.frames.get(0)).startsWith("STREAM id=1 open=top '");
    }

    @Test
    void datagramsLargerThan64KiBOrFragmentsBeyondTheirTotalAreMalformed() {
        FrameReader reader = new FrameReader();
        int max = FrameReader.MAX_DATAGRAM_LENGTH;
        assertThat(max).isEqualTo(65_536);
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("total 64 KiB + 1", bytes(datagram(1, 0, max + 1, 0, seq(1, 0))));
        bad.put("fragment past the total", bytes(datagram(1, 0, 100, 99, seq(2, 0))));
        bad.put("fragment longer than the total", bytes(datagram(1, 0, 1, 0, seq(2, 0))));
        bad.put("length beyond the payload", HEX.parseHex("13" + "01" + "00" + "0a" + "00" + "0a" + "0102"));
        bad.put("huge total", HEX.parseHex("13" + "01" + "00" + "bfffffffffffffff" + "00" + "00"));
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            RecordingVisitor v = new RecordingVisitor();
            assertThatCode(() -> assertThat(reader.read(ByteBuffer.wrap(e.getValue()), v)).as(e.getKey())
                    .isEqualTo(FrameReader.Result.MALFORMED)).doesNotThrowAnyException();
            assertThat(v.frames).as(e.getKey()).isEmpty();
        }
        assertThat(reader.validate(ByteBuffer.wrap(bytes(datagram(1, 0, max, max - 1, seq(1, 0))))))
                .isEqualTo(FrameReader.Result.ACK_ELICITING);
    }

    @Test
    void datagramDataIsAViewOfExactlyItsBytes() {
        byte[] payload = bytes(out -> {
            FrameWriter.datagramHeader(out, 2, 1, 10, 4, 3);
            out.put(seq(3, 7));
            FrameWriter.ping(out);
        });
        int[] seen = new int[2];
        FrameVisitor v = new RecordingVisitor() {
            @Override public void datagram(long id, long datagramId, int total, int offset, ByteBuffer data) {
                seen[0] = data.remaining();
                seen[1] = data.get(data.position());
            }
        };
        assertThat(new FrameReader().read(ByteBuffer.wrap(payload), v)).isEqualTo(FrameReader.Result.ACK_ELICITING);
        assertThat(seen).containsExactly(3, 7);
    }

    @Test
    void aFrameTypeInALongerEncodingThanNeededIsMalformed() {
        // RFC 9000 §12.4: STREAM with OPEN (0x0c) written as a two-byte varint.
        byte[] payload = HEX.parseHex("400c" + "01" + "01" + "00" + "00");
        assertThat(new FrameReader().read(ByteBuffer.wrap(payload), new RecordingVisitor()))
                .isEqualTo(FrameReader.Result.MALFORMED);
    }

    @Test
    void workedExampleAckFrameMatchesTheWireFormatDocument() {
        // docs/wire-format.md, "Worked example: an ACK frame": packets 0..3, 6..8 and 10..11 received.
        long[] starts = {10, 6, 0};
        long[] ends = {11, 8, 3};
        byte[] frame = bytes(out -> FrameWriter.ack(out, 2500, starts, ends, 3));
        assertThat(HEX.formatHex(frame)).isEqualTo("02" + "0b" + "49c4" + "02" + "01" + "00" + "02" + "01" + "03");
        RecordingVisitor v = new RecordingVisitor();
        new FrameReader().read(ByteBuffer.wrap(frame), v);
        assertThat(v.frames).containsExactly("ACK largest=11 delay=2500 10..11 6..8 0..3");
    }
}
