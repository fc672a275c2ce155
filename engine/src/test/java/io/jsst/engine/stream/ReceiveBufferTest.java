package io.jsst.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReceiveBufferTest {

    private static final long NO_LIMIT = Long.MAX_VALUE / 4;

    /** Records each delivered chunk as {@code [from,to)} plus {@code eom}, and keeps the bytes. */
    private static final class RecordingSink implements ReceiveBuffer.Sink {
        final List<String> chunks = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final TreeSet<Long> eomOffsets = new TreeSet<>();
        int finished;

        @Override
        public void data(ByteBuffer view, boolean endOfMessage) {
            long from = bytes.size();
            byte[] b = new byte[view.remaining()];
            view.get(b);
            bytes.write(b, 0, b.length);
            chunks.add("[" + from + "," + bytes.size() + ")" + (endOfMessage ? " eom" : ""));
            if (endOfMessage) {
                eomOffsets.add((long) bytes.size());
            }
        }

        @Override
        public void finished() {
            finished++;
        }
    }

    private static byte at(long i) {
        return (byte) (i * 17 + 3);
    }

    private static ByteBuffer data(long from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = at(from + i);
        }
        return ByteBuffer.wrap(b);
    }

    private static ReceiveBuffer.Verdict receive(ReceiveBuffer rb, RecordingSink sink, long from, long to,
                                                 boolean fin, boolean eom) {
        return rb.receive(from, data(from, (int) (to - from)), fin, eom, NO_LIMIT, sink);
    }

    private static void assertBytesAreTheStreams(RecordingSink sink) {
        byte[] b = sink.bytes.toByteArray();
        for (int i = 0; i < b.length; i++) {
            assertThat(b[i]).as("byte %d", i).isEqualTo(at(i));
        }
    }

    @Test
    void inOrderFramesAreDeliveredAtOnce() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        assertThat(receive(rb, sink, 0, 10, false, false)).isEqualTo(ReceiveBuffer.Verdict.OK);
        assertThat(sink.chunks).containsExactly("[0,10)");
        assertThat(receive(rb, sink, 10, 25, false, false)).isEqualTo(ReceiveBuffer.Verdict.OK);
        assertThat(sink.chunks).containsExactly("[0,10)", "[10,25)");
        assertThat(rb.deliveredOffset()).isEqualTo(25);
        assertThat(rb.highestOffset()).isEqualTo(25);
        assertThat(rb.heldBytes()).isZero();
        assertBytesAreTheStreams(sink);
    }

    @Test
    void outOfOrderFramesAreHeldUntilTheGapFills() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 20, 30, false, false);
        receive(rb, sink, 10, 20, false, false);
        assertThat(sink.chunks).isEmpty();
        assertThat(rb.heldBytes()).isEqualTo(20);
        assertThat(rb.highestOffset()).isEqualTo(30);
        receive(rb, sink, 0, 10, false, false);
        assertThat(sink.bytes.size()).isEqualTo(30);
        assertThat(rb.heldBytes()).isZero();
        assertThat(rb.deliveredOffset()).isEqualTo(30);
        assertBytesAreTheStreams(sink);
    }

    @Test
    void duplicatesAreIgnored() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 0, 10, false, false);
        receive(rb, sink, 0, 10, false, false);
        receive(rb, sink, 20, 30, false, false);
        receive(rb, sink, 20, 30, false, false);
        assertThat(rb.heldBytes()).isEqualTo(10);
        receive(rb, sink, 10, 20, false, false);
        receive(rb, sink, 5, 15, false, false);
        assertThat(sink.bytes.size()).isEqualTo(30);
        assertBytesAreTheStreams(sink);
    }

    @Test
    void overlappingFramesDeliverEachByteOnce() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 30, 40, false, false);
        receive(rb, sink, 10, 20, false, false);
        receive(rb, sink, 15, 35, false, false);   // overlaps both held pieces and the gap between
        receive(rb, sink, 5, 45, false, false);    // covers everything held
        assertThat(rb.heldBytes()).isEqualTo(40);
        receive(rb, sink, 0, 8, false, false);
        assertThat(sink.bytes.size()).isEqualTo(45);
        assertThat(rb.heldBytes()).isZero();
        assertBytesAreTheStreams(sink);
    }

    @Test
    void aFrameStraddlingTheDeliveredOffsetDeliversOnlyTheNewBytes() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 0, 10, false, false);
        receive(rb, sink, 5, 15, false, false);
        assertThat(sink.chunks).containsExactly("[0,10)", "[10,15)");
        assertBytesAreTheStreams(sink);
    }

    @Test
    void messageEndsBecomeChunkBoundariesWithEom() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 8, 10, false, false);
        receive(rb, sink, 5, 8, false, true);
        receive(rb, sink, 0, 5, false, true);
        assertThat(sink.chunks).containsExactly("[0,5) eom", "[5,8) eom", "[8,10)");
    }

    @Test
    void anInOrderFrameEndingAMessageIsDeliveredWithEom() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 0, 4, false, false);
        receive(rb, sink, 4, 9, false, true);
        assertThat(sink.chunks).containsExactly("[0,4)", "[4,9) eom");
    }

    @Test
    void finIsReportedOnceAfterTheLastByte() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 10, 20, true, true);
        assertThat(sink.finished).isZero();
        assertThat(rb.isFinished()).isFalse();
        receive(rb, sink, 0, 10, false, false);
        assertThat(sink.chunks).containsExactly("[0,10)", "[10,20) eom");
        assertThat(sink.finished).isEqualTo(1);
        assertThat(rb.isFinished()).isTrue();
        receive(rb, sink, 10, 20, true, true);   // a duplicate of the last frame
        assertThat(sink.finished).isEqualTo(1);
    }

    @Test
    void anEmptyFinFrameEndsTheStream() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 0, 7, false, false);
        assertThat(receive(rb, sink, 7, 7, true, false)).isEqualTo(ReceiveBuffer.Verdict.OK);
        assertThat(sink.finished).isEqualTo(1);
    }

    @Test
    void anEmptyStreamCanEndAtOnce() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        assertThat(receive(rb, sink, 0, 0, true, false)).isEqualTo(ReceiveBuffer.Verdict.OK);
        assertThat(sink.finished).isEqualTo(1);
        assertThat(sink.chunks).isEmpty();
    }

    @Test
    void bytesBeyondTheAdvertisedLimitAreAFlowControlViolation() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        assertThat(rb.receive(0, data(0, 100), false, false, 100, sink)).isEqualTo(ReceiveBuffer.Verdict.OK);
        assertThat(rb.receive(100, data(100, 1), false, false, 100, sink))
                .isEqualTo(ReceiveBuffer.Verdict.FLOW_CONTROL_VIOLATION);
        assertThat(rb.receive(500, data(500, 1), false, false, 100, sink))
                .isEqualTo(ReceiveBuffer.Verdict.FLOW_CONTROL_VIOLATION);
        assertThat(sink.bytes.size()).isEqualTo(100);
        assertThat(rb.highestOffset()).isEqualTo(100);
    }

    @Test
    void bytesBeyondTheFinalSizeAreAFinalSizeViolation() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 0, 10, true, false);
        assertThat(receive(rb, sink, 10, 11, false, false)).isEqualTo(ReceiveBuffer.Verdict.FINAL_SIZE_VIOLATION);
    }

    @Test
    void aSecondFinAtAnotherOffsetIsAFinalSizeViolation() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 20, 30, true, false);
        assertThat(receive(rb, sink, 0, 10, true, false)).isEqualTo(ReceiveBuffer.Verdict.FINAL_SIZE_VIOLATION);
        assertThat(receive(rb, sink, 25, 35, true, false)).isEqualTo(ReceiveBuffer.Verdict.FINAL_SIZE_VIOLATION);
        assertThat(receive(rb, sink, 20, 30, true, false)).isEqualTo(ReceiveBuffer.Verdict.OK);
    }

    @Test
    void aFinBelowBytesAlreadyReceivedIsAFinalSizeViolation() {
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        receive(rb, sink, 20, 30, false, false);
        assertThat(receive(rb, sink, 0, 10, true, false)).isEqualTo(ReceiveBuffer.Verdict.FINAL_SIZE_VIOLATION);
        assertThat(rb.isFinished()).isFalse();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234, 99_999})
    void shuffledDuplicatedOverlappingSegmentsReassembleTheStreamWithItsMessageBoundaries(long seed) {
        Random random = new Random(seed);
        // Non-empty messages of random sizes, small and large, then perhaps unterminated bytes, then FIN.
        List<Long> messageEnds = new ArrayList<>();
        long total = 0;
        int messages = 1 + random.nextInt(40);
        for (int i = 0; i < messages; i++) {
            total += 1 + random.nextInt(random.nextBoolean() ? 50 : 3000);
            messageEnds.add(total);
        }
        boolean lastIsMessageEnd = random.nextBoolean();
        if (!lastIsMessageEnd) {
            total += 1 + random.nextInt(100);
        }
        TreeSet<Long> ends = new TreeSet<>(messageEnds);
        // Frames never span a message end (as SendBuffer cuts them): cut each message into random
        // pieces, twice over with different cuts, so copies overlap without lining up.
        List<long[]> frames = new ArrayList<>();
        for (int copy = 0; copy < 2 + random.nextInt(2); copy++) {
            long start = 0;
            while (start < total) {
                Long nextEnd = ends.higher(start);
                long boundary = nextEnd == null ? total : nextEnd;
                long end = Math.min(boundary, start + 1 + random.nextInt(700));
                frames.add(new long[] {start, end});
                start = end;
            }
        }
        // Plus some exact duplicates.
        int dups = random.nextInt(frames.size());
        for (int i = 0; i < dups; i++) {
            frames.add(frames.get(random.nextInt(frames.size())).clone());
        }
        Collections.shuffle(frames, random);

        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        for (long[] f : frames) {
            boolean fin = f[1] == total;
            boolean eom = ends.contains(f[1]);
            assertThat(receive(rb, sink, f[0], f[1], fin, eom)).isEqualTo(ReceiveBuffer.Verdict.OK);
        }

        assertThat(sink.bytes.size()).isEqualTo(total);
        assertBytesAreTheStreams(sink);
        assertThat(sink.eomOffsets).containsExactlyElementsOf(ends);
        assertThat(sink.finished).isEqualTo(1);
        assertThat(rb.heldBytes()).isZero();
        assertThat(rb.deliveredOffset()).isEqualTo(total);
    }

    @Test
    void sendBufferOutputThroughALossyReorderingPathReassemblesExactly() {
        Random random = new Random(7);
        SendBuffer send = new SendBuffer(SegmentPool.NONE);
        TreeSet<Long> ends = new TreeSet<>();
        long total = 0;
        for (int i = 0; i < 60; i++) {
            int n = random.nextInt(2000);
            byte[] b = new byte[n];
            for (int j = 0; j < n; j++) {
                b[j] = at(total + j);
            }
            boolean eom = random.nextInt(3) > 0;
            send.append(ByteBuffer.wrap(b), eom);
            total += n;
            if (eom && total > 0) {
                ends.add(total); // an empty message at the same offset adds no second boundary
            }
        }
        send.finish();
        ReceiveBuffer rb = new ReceiveBuffer();
        RecordingSink sink = new RecordingSink();
        List<Object[]> inFlight = new ArrayList<>();
        SendBuffer.Segment seg = new SendBuffer.Segment();
        for (int round = 0; round < 10_000 && !(send.isFullyAcknowledged() && rb.isFinished()); round++) {
            while (send.nextSegment(1 + random.nextInt(1400), Long.MAX_VALUE, seg)) {
                ByteBuffer copy = ByteBuffer.allocate(seg.length);
                send.copy(seg.offset, seg.length, copy);
                copy.flip();
                inFlight.add(new Object[] {seg.offset, seg.length, seg.fin, seg.endOfMessage, copy});
            }
            Collections.shuffle(inFlight, random);
            for (Object[] f : inFlight) {
                long off = (long) f[0];
                int len = (int) f[1];
                boolean fin = (boolean) f[2];
                if (random.nextInt(4) == 0) {
                    send.onLost(off, len, fin);
                } else {
                    assertThat(rb.receive(off, ((ByteBuffer) f[4]).duplicate(), fin, (boolean) f[3], NO_LIMIT, sink))
                            .isEqualTo(ReceiveBuffer.Verdict.OK);
                    send.onAcked(off, len, fin);
                }
            }
            inFlight.clear();
        }
        assertThat(rb.isFinished()).isTrue();
        assertThat(send.isFullyAcknowledged()).isTrue();
        assertThat(sink.bytes.size()).isEqualTo(total);
        assertBytesAreTheStreams(sink);
        assertThat(sink.eomOffsets).containsExactlyElementsOf(ends);
    }
}
