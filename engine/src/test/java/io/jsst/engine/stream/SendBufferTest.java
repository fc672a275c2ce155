package io.jsst.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendBufferTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    /** A segment with the bytes copied out, for assertions. */
    private record Sent(long offset, int length, boolean fin, boolean eom, boolean retransmission, byte[] bytes) {
        @Override
        public String toString() {
            return "[" + offset + "," + (offset + length) + ")" + (fin ? " fin" : "") + (eom ? " eom" : "")
                    + (retransmission ? " re" : "");
        }
    }

    /** Byte {@code i} of the test stream. */
    private static byte at(long i) {
        return (byte) (i * 31 + (i >>> 8) * 7);
    }

    private static ByteBuffer data(long from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = at(from + i);
        }
        return ByteBuffer.wrap(b);
    }

    private static Sent next(SendBuffer buf, int maxLength, long flowLimit) {
        SendBuffer.Segment s = new SendBuffer.Segment();
        if (!buf.nextSegment(maxLength, flowLimit, s)) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(s.length);
        buf.copy(s.offset, s.length, out);
        return new Sent(s.offset, s.length, s.fin, s.endOfMessage, s.retransmission, out.array());
    }

    private static List<Sent> drain(SendBuffer buf, int maxLength, long flowLimit) {
        List<Sent> all = new ArrayList<>();
        for (int guard = 0; guard < 100_000; guard++) {
            Sent s = next(buf, maxLength, flowLimit);
            if (s == null) {
                return all;
            }
            all.add(s);
        }
        throw new AssertionError("nextSegment never ran dry");
    }

    private static void assertBytesAreTheStreams(Sent s) {
        for (int i = 0; i < s.length; i++) {
            assertThat(s.bytes[i]).as("byte %d of %s", s.offset + i, s).isEqualTo(at(s.offset + i));
        }
    }

    @Test
    void appendedBytesComeOutInOrderInSegmentsOfAtMostMaxLength() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 1000), false);
        List<Sent> segs = drain(buf, 300, NO_LIMIT);
        assertThat(segs).extracting(Sent::offset).containsExactly(0L, 300L, 600L, 900L);
        assertThat(segs).extracting(Sent::length).containsExactly(300, 300, 300, 100);
        assertThat(segs).noneMatch(Sent::eom).noneMatch(Sent::fin).noneMatch(Sent::retransmission);
        segs.forEach(SendBufferTest::assertBytesAreTheStreams);
        assertThat(buf.sentOffset()).isEqualTo(1000);
        assertThat(buf.writeOffset()).isEqualTo(1000);
        assertThat(buf.bufferedBytes()).isEqualTo(1000);
    }

    @Test
    void segmentsAreCutAtMessageEndsAndTheOneEndingThereCarriesEom() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 10), true);
        buf.append(data(10, 5), false);
        buf.append(data(15, 5), true);
        buf.append(data(20, 7), false);
        List<Sent> segs = drain(buf, 1000, NO_LIMIT);
        assertThat(segs).hasToString("[[0,10) eom, [10,20) eom, [20,27)]");
        segs.forEach(SendBufferTest::assertBytesAreTheStreams);
    }

    @Test
    void aSegmentCutByMaxLengthBeforeAMessageEndHasNoEom() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 10), true);
        assertThat(drain(buf, 4, NO_LIMIT)).hasToString("[[0,4), [4,8), [8,10) eom]");
    }

    @Test
    void anEmptyEndOfMessageMarksTheEndOfTheBytesBeforeIt() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 6), false);
        buf.append(ByteBuffer.allocate(0), true);
        buf.append(data(6, 6), false);
        assertThat(drain(buf, 100, NO_LIMIT)).hasToString("[[0,6) eom, [6,12)]");
    }

    @Test
    void theSameMessageEndAppendedTwiceCountsOnce() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 6), true);
        buf.append(ByteBuffer.allocate(0), true);
        buf.append(data(6, 6), true);
        assertThat(drain(buf, 100, NO_LIMIT)).hasToString("[[0,6) eom, [6,12) eom]");
    }

    @Test
    void manyMessageEndsBeyondTheInitialTableAreAllHonoured() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        for (int i = 0; i < 100; i++) {
            buf.append(data(i * 3L, 3), true);
        }
        List<Sent> segs = drain(buf, 1000, NO_LIMIT);
        assertThat(segs).hasSize(100).allMatch(Sent::eom).allMatch(s -> s.length == 3);
    }

    @Test
    void finishAfterDataPutsFinOnTheLastSegment() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 10), true);
        buf.finish();
        assertThat(buf.isFinished()).isTrue();
        assertThat(drain(buf, 6, NO_LIMIT)).hasToString("[[0,6), [6,10) fin eom]");
        assertThat(buf.hasDataToSend(NO_LIMIT)).isFalse();
    }

    @Test
    void finishAfterEverythingWasSentSendsOneEmptyFinSegment() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 10), false);
        drain(buf, 100, NO_LIMIT);
        buf.finish();
        assertThat(buf.hasDataToSend(NO_LIMIT)).isTrue();
        assertThat(drain(buf, 100, NO_LIMIT)).hasToString("[[10,10) fin]");
        assertThat(drain(buf, 100, NO_LIMIT)).isEmpty();
    }

    @Test
    void aLostEmptyFinIsSentAgain() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.finish();
        assertThat(drain(buf, 100, NO_LIMIT)).hasToString("[[0,0) fin]");
        buf.onLost(0, 0, true);
        assertThat(buf.hasDataToSend(NO_LIMIT)).isTrue();
        assertThat(drain(buf, 100, NO_LIMIT)).hasToString("[[0,0) fin]");
        buf.onAcked(0, 0, true);
        assertThat(buf.isFullyAcknowledged()).isTrue();
    }

    @Test
    void aLostFinIsNotResentOnceAnotherCopyWasAcknowledged() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 5), false);
        buf.finish();
        drain(buf, 100, NO_LIMIT);
        buf.onAcked(0, 5, true);
        buf.onLost(0, 5, true);
        assertThat(buf.hasDataToSend(NO_LIMIT)).isFalse();
        assertThat(buf.isFullyAcknowledged()).isTrue();
    }

    @Test
    void appendAfterFinishIsRefused() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.finish();
        assertThatThrownBy(() -> buf.append(data(0, 1), false)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void newBytesStopAtTheFlowControlLimitButRetransmissionsDoNot() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 100), false);
        assertThat(drain(buf, 1000, 40)).hasToString("[[0,40)]");
        assertThat(buf.hasDataToSend(40)).isFalse();
        assertThat(buf.hasDataToSend(41)).isTrue();
        buf.onLost(0, 40, false);
        assertThat(buf.hasDataToSend(40)).isTrue();
        assertThat(drain(buf, 1000, 40)).hasToString("[[0,40) re]");
        assertThat(drain(buf, 1000, 100)).hasToString("[[40,100)]");
    }

    @Test
    void lostRangesAreResentFirstLowestFirst() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 100), false);
        assertThat(drain(buf, 20, 60)).hasSize(3);
        buf.onLost(40, 20, false);
        buf.onLost(0, 20, false);
        List<Sent> segs = drain(buf, 1000, NO_LIMIT);
        assertThat(segs).hasToString("[[0,20) re, [40,60) re, [60,100)]");
        segs.forEach(SendBufferTest::assertBytesAreTheStreams);
    }

    @Test
    void retransmissionsAreCutAtMessageEndsAndRederiveTheirMarks() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 5), true);
        buf.append(data(5, 5), true);
        buf.append(data(10, 5), false);
        buf.finish();
        drain(buf, 1000, NO_LIMIT);
        // One packet carried all three frames; it is lost.
        buf.onLost(0, 5, false);
        buf.onLost(5, 5, false);
        buf.onLost(10, 5, true);
        List<Sent> segs = drain(buf, 1000, NO_LIMIT);
        assertThat(segs).hasToString("[[0,5) eom re, [5,10) eom re, [10,15) fin re]");
    }

    @Test
    void aLostRangeLargerThanMaxLengthIsResentInPieces() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 100), true);
        drain(buf, 1000, NO_LIMIT);
        buf.onLost(0, 100, false);
        assertThat(drain(buf, 30, NO_LIMIT)).hasToString("[[0,30) re, [30,60) re, [60,90) re, [90,100) eom re]");
    }

    @Test
    void acknowledgedBytesAreFreedFromTheFront() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 100), false);
        drain(buf, 25, NO_LIMIT);
        assertThat(buf.onAcked(0, 25, false)).isEqualTo(25);
        assertThat(buf.bufferedBytes()).isEqualTo(75);
        // An acknowledgement beyond a gap frees nothing until the gap is acknowledged.
        assertThat(buf.onAcked(50, 25, false)).isZero();
        assertThat(buf.bufferedBytes()).isEqualTo(75);
        assertThat(buf.onAcked(25, 25, false)).isEqualTo(50);
        assertThat(buf.bufferedBytes()).isEqualTo(25);
        assertThat(buf.onAcked(75, 25, false)).isEqualTo(25);
        assertThat(buf.bufferedBytes()).isZero();
        assertThat(buf.isFullyAcknowledged()).isTrue();
    }

    @Test
    void aDuplicateAcknowledgementFreesNothing() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 10), false);
        drain(buf, 100, NO_LIMIT);
        assertThat(buf.onAcked(0, 10, false)).isEqualTo(10);
        assertThat(buf.onAcked(0, 10, false)).isZero();
        assertThat(buf.onAcked(3, 4, false)).isZero();
    }

    @Test
    void aSpuriousLossAfterTheAcknowledgementIsNotResent() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 100), false);
        drain(buf, 20, NO_LIMIT);
        buf.onAcked(40, 20, false);   // beyond a gap
        buf.onAcked(0, 20, false);    // at the front
        buf.onLost(0, 20, false);
        buf.onLost(40, 20, false);
        assertThat(buf.hasDataToSend(NO_LIMIT)).isFalse();
        assertThat(drain(buf, 100, NO_LIMIT)).isEmpty();
    }

    @Test
    void aLossPartlyCoveredByALaterAcknowledgementResendsOnlyTheRest() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 100), false);
        drain(buf, 100, NO_LIMIT);
        buf.onAcked(30, 20, false);
        buf.onLost(0, 100, false);
        assertThat(drain(buf, 1000, NO_LIMIT)).hasToString("[[0,30) re, [50,100) re]");
    }

    @Test
    void anAcknowledgementArrivingAfterTheLossCancelsThePendingRetransmission() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 100), false);
        drain(buf, 100, NO_LIMIT);
        buf.onLost(0, 100, false);
        buf.onAcked(0, 100, false);
        assertThat(buf.hasDataToSend(NO_LIMIT)).isFalse();
        assertThat(buf.isFullyAcknowledged()).isTrue();
    }

    @Test
    void theRingGrowsAndKeepsBytesThatWrappedAround() {
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        buf.append(data(0, 3000), false);
        drain(buf, 1000, NO_LIMIT);
        buf.onAcked(0, 2000, false);
        buf.append(data(3000, 2000), false);       // wraps inside the 4096-byte ring
        List<Sent> wrapped = drain(buf, 1500, NO_LIMIT);
        assertThat(wrapped).hasToString("[[3000,4500), [4500,5000)]");
        wrapped.forEach(SendBufferTest::assertBytesAreTheStreams);
        buf.append(data(5000, 10_000), true);      // 13000 unacked bytes: the ring grows
        assertThat(buf.bufferedBytes()).isEqualTo(13_000);
        buf.onLost(2000, 3000, false);             // the wrapped bytes, re-read from the grown ring
        List<Sent> segs = drain(buf, 1200, NO_LIMIT);
        assertThat(segs.get(0)).hasToString("[2000,3200) re");
        long expected = 2000;
        for (Sent s : segs) {
            assertThat(s.offset).isEqualTo(expected);
            assertBytesAreTheStreams(s);
            expected += s.length;
        }
        assertThat(expected).isEqualTo(15_000);
        assertThat(segs.get(segs.size() - 1).eom).isTrue();
    }

    @Test
    void aLongRandomisedRunThroughTheRingReproducesEveryByte() {
        java.util.Random random = new java.util.Random(42);
        SendBuffer buf = new SendBuffer(SegmentPool.NONE);
        long written = 0;
        long acked = 0;
        for (int round = 0; round < 300; round++) {
            int n = random.nextInt(3000);
            buf.append(data(written, n), random.nextInt(4) == 0);
            written += n;
            for (Sent s : drain(buf, 1 + random.nextInt(1500), NO_LIMIT)) {
                assertBytesAreTheStreams(s);
            }
            long ackTo = acked + random.nextInt((int) (written - acked) + 1);
            buf.onAcked(acked, (int) (ackTo - acked), false);
            acked = ackTo;
            assertThat(buf.bufferedBytes()).isEqualTo(written - acked);
        }
    }
    /** Counts what is taken and given back. */
    private static final class CountingPool implements SegmentPool {
        int taken;
        int given;

        @Override
        public byte[] take() {
            taken++;
            return new byte[SEGMENT_SIZE];
        }

        @Override
        public void give(byte[] segment) {
            given++;
        }

        int held() {
            return taken - given;
        }
    }

    @Test
    void bytesAcrossSegmentBoundariesComeOutExactlyAsWritten() {
        SendBuffer buf = new SendBuffer(new CountingPool());
        long written = 0;
        // Writes of odd sizes, so that writes and frames straddle the 64 KiB segment boundaries.
        for (int size : new int[] {70_000, 1, 65_535, 130_000, 12_345}) {
            buf.append(data(written, size), false);
            written += size;
        }
        List<Sent> segs = drain(buf, 9_000, NO_LIMIT);
        long covered = 0;
        for (Sent s : segs) {
            assertThat(s.offset).isEqualTo(covered);
            assertBytesAreTheStreams(s);
            covered += s.length;
        }
        assertThat(covered).isEqualTo(written);
    }

    @Test
    void aSegmentGoesBackToThePoolOnceEveryByteInItIsAcknowledged() {
        CountingPool pool = new CountingPool();
        SendBuffer buf = new SendBuffer(pool);
        int seg = SegmentPool.SEGMENT_SIZE;
        buf.append(data(0, 3 * seg), false);
        drain(buf, 60_000, NO_LIMIT);
        assertThat(pool.held()).isEqualTo(3);

        buf.onAcked(0, seg - 1, false);
        assertThat(pool.held()).as("one byte of the first segment is unacknowledged").isEqualTo(3);
        buf.onAcked(seg - 1, 1, false);
        assertThat(pool.held()).isEqualTo(2);
        buf.onAcked(2 * seg, seg, false);
        assertThat(pool.held()).as("acknowledged above a gap: kept until the gap is").isEqualTo(2);
        buf.onAcked(seg, seg, false);
        assertThat(pool.held()).isZero();
    }

    @Test
    void anIdleStreamHoldsNoSegmentOnceEverythingIsAcknowledged() {
        CountingPool pool = new CountingPool();
        SendBuffer buf = new SendBuffer(pool);
        buf.append(data(0, 100), true);
        drain(buf, 1000, NO_LIMIT);
        buf.onAcked(0, 100, false);
        assertThat(buf.segmentCount()).isZero();
        assertThat(pool.held()).isZero();

        // The next write starts a segment afresh, mid-way through its 64 KiB range.
        buf.append(data(100, 70_000), false);
        List<Sent> segs = drain(buf, 100_000, NO_LIMIT);
        assertThat(segs).hasSize(1);
        assertThat(segs.get(0).offset).isEqualTo(100);
        assertBytesAreTheStreams(segs.get(0));
    }

    @Test
    void lostBytesAreResentFromTheirSegmentsAfterLaterOnesWereAcknowledged() {
        SendBuffer buf = new SendBuffer(new CountingPool());
        int seg = SegmentPool.SEGMENT_SIZE;
        buf.append(data(0, 2 * seg + 10), false);
        drain(buf, 40_000, NO_LIMIT);
        buf.onAcked(40_000, 2 * seg + 10 - 40_000, false);
        buf.onLost(0, 40_000, false);
        List<Sent> resent = drain(buf, 100_000, NO_LIMIT);
        assertThat(resent).extracting(Sent::offset).containsExactly(0L);
        assertThat(resent.get(0).retransmission).isTrue();
        assertBytesAreTheStreams(resent.get(0));
    }

    @Test
    void discardGivesEverySegmentBack() {
        CountingPool pool = new CountingPool();
        SendBuffer buf = new SendBuffer(pool);
        buf.append(data(0, 200_000), false);
        assertThat(pool.held()).isEqualTo(4);
        buf.discard();
        assertThat(pool.held()).isZero();
        assertThat(buf.segmentCount()).isZero();
    }
}
