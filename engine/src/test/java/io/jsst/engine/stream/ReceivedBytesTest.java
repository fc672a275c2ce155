package io.jsst.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceivedBytesTest {

    /** Counts what it hands out and gets back. */
    private static final class CountingPool implements SegmentPool {
        final List<byte[]> spare = new ArrayList<>();
        int taken;
        int given;
        int allocated;

        @Override
        public byte[] take() {
            taken++;
            if (!spare.isEmpty()) {
                return spare.remove(spare.size() - 1);
            }
            allocated++;
            return new byte[SEGMENT_SIZE];
        }

        @Override
        public void give(byte[] segment) {
            assertThat(segment).hasSize(SEGMENT_SIZE);
            given++;
            spare.add(segment);
        }

        int outstanding() {
            return taken - given;
        }
    }

    private static byte at(long i) {
        return (byte) (i * 31 + 7);
    }

    private static ByteBuffer bytes(long from, int length) {
        ByteBuffer b = ByteBuffer.allocateDirect(length);
        for (int i = 0; i < length; i++) {
            b.put(at(from + i));
        }
        return b.flip();
    }

    private static void assertStreamBytes(ByteBuffer read, long from) {
        for (int i = 0; i < read.limit(); i++) {
            assertThat(read.get(i)).as("byte %d", from + i).isEqualTo(at(from + i));
        }
    }

    @Test
    void addTakesEveryByteOfTheChunkAndAdvancesItsPosition() {
        ReceivedBytes r = new ReceivedBytes(new CountingPool());
        ByteBuffer chunk = bytes(0, 100);
        r.add(chunk, false);
        assertThat(chunk.hasRemaining()).isFalse();
        assertThat(r.available()).isEqualTo(100);
        assertThat(r.isEmpty()).isFalse();
    }

    @Test
    void bulkBytesGoThroughPooledSegmentsThatReturnOnceRead() {
        CountingPool pool = new CountingPool();
        ReceivedBytes r = new ReceivedBytes(pool);
        long written = 0;
        long read = 0;
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 3; i++) {
                r.add(bytes(written, 65_000), false);
                written += 65_000;
            }
            while (!r.isEmpty()) {
                dst.clear();
                int n = r.take(dst);
                dst.flip();
                assertThat(n).isEqualTo(dst.limit());
                assertStreamBytes(dst, read);
                read += n;
            }
            assertThat(pool.outstanding()).as("segments held by an emptied queue").isZero();
        }
        assertThat(read).isEqualTo(written);
        assertThat(pool.allocated).as("segments ever allocated for 39 MB").isLessThanOrEqualTo(4);
    }

    @Test
    void aShortMessageWaitingHoldsAnArrayOfItsOwnSizeNotASegment() {
        CountingPool pool = new CountingPool();
        ReceivedBytes r = new ReceivedBytes(pool);
        r.add(bytes(0, 40), true);
        r.add(bytes(40, 60), true);
        assertThat(pool.taken).isZero();
        assertThat(r.completeMessageLength()).isEqualTo(40);
    }

    @Test
    void aTakeStopsAtTheEndOfAMessageAndSaysSo() {
        ReceivedBytes r = new ReceivedBytes(new CountingPool());
        r.add(bytes(0, 30), false);
        r.add(bytes(30, 20), true);
        r.add(bytes(50, 10), true);
        ByteBuffer dst = ByteBuffer.allocate(1000);
        assertThat(r.take(dst)).isEqualTo(50);
        assertThat(r.lastTakeEndedMessage()).isTrue();
        assertThat(r.take(dst)).isEqualTo(10);
        assertThat(r.lastTakeEndedMessage()).isTrue();
        assertThat(r.isEmpty()).isTrue();
        dst.flip();
        assertStreamBytes(dst, 0);
    }

    @Test
    void aTakeIntoASmallBufferLeavesTheRestOfTheMessage() {
        ReceivedBytes r = new ReceivedBytes(new CountingPool());
        r.add(bytes(0, 100), true);
        ByteBuffer dst = ByteBuffer.allocate(60);
        assertThat(r.take(dst)).isEqualTo(60);
        assertThat(r.lastTakeEndedMessage()).isFalse();
        assertThat(r.completeMessageLength()).isEqualTo(40);
        dst.clear();
        assertThat(r.take(dst)).isEqualTo(40);
        assertThat(r.lastTakeEndedMessage()).isTrue();
    }

    @Test
    void takeMessageMovesBytesUpToTheMessageEnd() {
        ReceivedBytes r = new ReceivedBytes(new CountingPool());
        r.add(bytes(0, 70_000), true);
        r.add(bytes(70_000, 5), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(r.takeMessage(out)).isEqualTo(70_000);
        assertThat(r.lastTakeEndedMessage()).isTrue();
        assertStreamBytes(ByteBuffer.wrap(out.toByteArray()), 0);
        out.reset();
        assertThat(r.takeMessage(out)).isEqualTo(5);
        assertThat(r.lastTakeEndedMessage()).as("no end has arrived yet").isFalse();
        assertThat(r.completeMessageLength()).isEqualTo(-1);
    }

    @Test
    void clearDropsEverythingAndGivesTheSegmentsBack() {
        CountingPool pool = new CountingPool();
        ReceivedBytes r = new ReceivedBytes(pool);
        r.add(bytes(0, 200_000), true);
        assertThat(pool.outstanding()).isEqualTo(4);
        assertThat(r.clear()).isEqualTo(200_000);
        assertThat(pool.outstanding()).isZero();
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.completeMessageLength()).isEqualTo(-1);
        r.add(bytes(0, 10), true);
        assertThat(r.completeMessageLength()).isEqualTo(10);
    }

    @Test
    void randomChunksAndTakesKeepTheStreamAndItsMessagesIntact() {
        Random random = new Random(42);
        CountingPool pool = new CountingPool();
        ReceivedBytes r = new ReceivedBytes(pool);
        List<Long> ends = new ArrayList<>();
        long written = 0;
        long read = 0;
        for (int step = 0; step < 5_000; step++) {
            if (random.nextInt(3) > 0 || r.isEmpty()) {
                int n = 1 + random.nextInt(random.nextBoolean() ? 100 : 70_000);
                boolean eom = random.nextInt(4) == 0;
                r.add(bytes(written, n), eom);
                written += n;
                if (eom) {
                    ends.add(written);
                }
            } else {
                ByteBuffer dst = ByteBuffer.allocate(1 + random.nextInt(100_000));
                int n = r.take(dst);
                dst.flip();
                assertStreamBytes(dst, read);
                read += n;
                boolean atEnd = !ends.isEmpty() && ends.get(0) == read;
                assertThat(r.lastTakeEndedMessage()).as("take ending at %d", read).isEqualTo(atEnd);
                if (atEnd) {
                    ends.remove(0);
                }
                assertThat(ends.isEmpty() || ends.get(0) >= read).as("a take crossed a message end").isTrue();
            }
            assertThat(r.available()).isEqualTo(written - read);
        }
        r.clear();
        assertThat(pool.outstanding()).isZero();
    }
}
