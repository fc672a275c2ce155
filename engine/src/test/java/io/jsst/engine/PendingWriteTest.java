package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.jsst.engine.stream.SegmentPool;
import org.junit.jupiter.api.Test;

class PendingWriteTest {

    /** Keeps what it is given, as a send buffer would, and which buffers it was given. */
    private static final class RecordingTarget implements PendingWrite.Target {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<ByteBuffer> buffers = new ArrayList<>();
        final List<Boolean> messageEnds = new ArrayList<>();

        @Override
        public synchronized void append(ByteBuffer b, boolean endOfMessage) {
            buffers.add(b);
            messageEnds.add(endOfMessage);
            while (b.hasRemaining()) {
                bytes.write(b.get());
            }
        }
    }

    private static ByteBuffer numbered(int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            b.put((byte) i);
        }
        return b.flip();
    }

    @Test
    void aWriteRunInlineAppendsStraightFromTheCallersBuffer() {
        RecordingTarget target = new RecordingTarget();
        ByteBuffer src = numbered(100);
        PendingWrite.handOver(Runnable::run, SegmentPool.NONE, target, src, 60, true);
        assertThat(target.buffers).containsExactly(src);
        assertThat(target.bytes.toByteArray()).isEqualTo(java.util.Arrays.copyOf(numbered(100).array(), 60));
        assertThat(target.messageEnds).containsExactly(true);
        assertThat(src.position()).isEqualTo(60);
        assertThat(src.limit()).as("the caller's limit, restored").isEqualTo(100);
    }

    @Test
    void aQueuedWriteAppendsACopySoTheCallerMayReuseItsBufferAtOnce() {
        RecordingTarget target = new RecordingTarget();
        ArrayDeque<Runnable> queue = new ArrayDeque<>();
        ByteBuffer src = numbered(100);
        src.position(10);
        PendingWrite.handOver(queue::add, SegmentPool.NONE, target, src, 50, false);
        assertThat(src.position()).isEqualTo(60);
        assertThat(src.limit()).isEqualTo(100);
        java.util.Arrays.fill(src.array(), (byte) -1);
        queue.poll().run();
        assertThat(target.buffers.get(0)).isNotSameAs(src);
        assertThat(target.bytes.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(numbered(100).array(), 10, 60));
        assertThat(target.messageEnds).containsExactly(false);
    }

    @Test
    void aQueuedWriteThatFitsASegmentHoldsAPooledOneUntilTheLoopAppendedIt() {
        RecordingTarget target = new RecordingTarget();
        SharedSegmentPool pool = new SharedSegmentPool(4);
        ArrayDeque<Runnable> queue = new ArrayDeque<>();
        for (int round = 0; round < 3; round++) {
            PendingWrite.handOver(queue::add, pool, target, numbered(5000), 5000, true);
            assertThat(pool.spareCount()).as("while queued").isZero();
            queue.poll().run();
            assertThat(pool.spareCount()).as("once appended").isEqualTo(1);
        }
        assertThat(target.bytes.size()).isEqualTo(15_000);
        PendingWrite.handOver(queue::add, pool, target, numbered(100), 100, true);
        assertThat(pool.spareCount()).as("a short write copies into an array of its own").isEqualTo(1);
        queue.poll().run();
        assertThat(target.buffers.get(0).array()).as("the same segment each time")
                .isSameAs(target.buffers.get(2).array());
    }

    @Test
    void writesThatRaceTheLoopForTheirTaskAreAppendedWholeAndInOrder() throws Exception {
        RecordingTarget target = new RecordingTarget();
        SharedSegmentPool pool = new SharedSegmentPool(4);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try {
            ByteBuffer src = ByteBuffer.allocate(4096);
            Future<?> last = null;
            for (int w = 0; w < 2_000; w++) {
                src.clear();
                for (int i = 0; i < src.capacity(); i++) {
                    src.put(i, (byte) (w + i));
                }
                int n = 1 + (w * 37) % src.capacity();
                expected.write(src.array(), 0, n);
                List<Future<?>> submitted = new ArrayList<>(1);
                PendingWrite.handOver(task -> submitted.add(loop.submit(task)), pool, target, src, n, false);
                assertThat(src.position()).isEqualTo(n);
                // The caller reuses its buffer at once: what the loop appends must not change.
                java.util.Arrays.fill(src.array(), (byte) 0);
                last = submitted.get(0);
            }
            last.get(10, TimeUnit.SECONDS);
        } finally {
            loop.shutdown();
            assertThat(loop.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(target.bytes.toByteArray()).isEqualTo(expected.toByteArray());
    }
}
