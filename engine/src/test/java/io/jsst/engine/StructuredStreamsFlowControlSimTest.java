package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-stream flow control: a stream whose reader never reads (A) stops its own writer once its
 * receive window and the writer's send buffer are full, and does not slow another stream (B) of
 * the same channel. Link: 10 ms one way, 50 Mbit/s; stream receive window 256 KiB.
 */
// Real seconds; a separate thread, so a simulated run that deadlocks fails instead of hanging the build.
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StructuredStreamsFlowControlSimTest {
    private static final long SEED = 777;
    private static final long MIB = 1 << 20;
    private static final long WINDOW = 256 * 1024;
    private static final long SEND_BUFFER = 1 * MIB;
    private static final int CHUNK = 64 * 1024;
    private static final long B_BYTES = 64 * MIB;

    private static SimPair pair() {
        SimPair pair = new SimPair(SEED, b -> b.streamReceiveWindow(WINDOW).sendBufferSize(SEND_BUFFER));
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10))
                .bandwidth(50_000_000L, 128 * 1024).build());
        pair.connect();
        return pair;
    }

    /** Opens a substream of the client's stream and runs until the server accepted it (its tag message read). */
    private static Stream[] openAndAccept(SimPair pair, String tag) throws Exception {
        CompletableFuture<Stream> accepted = pair.serverStream.acceptSubstreamAsync();
        Stream client = pair.clientStream.openSubstream();
        client.writeMessageAsync(ByteBuffer.wrap(tag.getBytes()));
        CompletableFuture<byte[]> tagRead = accepted.thenCompose(Stream::readMessageAsync);
        assertThat(pair.net.runUntil(tagRead::isDone, Duration.ofSeconds(5))).as("substream %s accepted", tag)
                .isTrue();
        assertThat(new String(tagRead.join())).isEqualTo(tag);
        return new Stream[] {client, accepted.join()};
    }

    /** Writes an endless pattern on {@code s}, counting the bytes whose writeAsync completed. */
    private static final class EndlessWriter {
        final Stream s;
        long accepted;
        CompletableFuture<Void> pending;

        EndlessWriter(Stream s) {
            this.s = s;
        }

        void start() {
            pending = s.writeAsync(ByteBuffer.allocate(CHUNK));
            pending.thenRun(() -> {
                accepted += CHUNK;
                start();
            });
        }
    }

    private static double runB(SimPair pair, Stream[] b) {
        long start = pair.net.nowNanos();
        Transfer t = new Transfer(b[0], b[1], B_BYTES, 256 * 1024).start();
        boolean done = pair.net.runUntil(t::isDone, Duration.ofSeconds(120));
        double seconds = (pair.net.nowNanos() - start) / 1e9;
        System.out.printf("seed %d: B moved %d of %d bytes in %.3f s virtual (%.1f Mbit/s)%n", SEED, t.received(),
                B_BYTES, seconds, t.received() * 8 / seconds / 1e6);
        assertThat(done).as("B finished within 120 s virtual").isTrue();
        assertThat(t.mismatchAt()).isEqualTo(-1);
        assertThat(t.received()).isEqualTo(B_BYTES);
        assertThat(t.endedCleanly()).isTrue();
        return seconds;
    }

    @Test
    void aStreamWhoseReaderStallsBlocksOnlyItsOwnWriter() throws Exception {
        SimPair alone = pair();
        double baseline = runB(alone, openAndAccept(alone, "B"));

        SimPair pair = pair();
        Stream[] a = openAndAccept(pair, "A");
        Stream[] b = openAndAccept(pair, "B");
        EndlessWriter writerA = new EndlessWriter(a[0]);
        writerA.start();
        long[] maxHeldAtA = new long[1];
        pair.net.runUntil(() -> {
            maxHeldAtA[0] = Math.max(maxHeldAtA[0], a[1].available());
            return false;
        }, Duration.ofSeconds(1));
        long start = pair.net.nowNanos();
        Transfer t = new Transfer(b[0], b[1], B_BYTES, 256 * 1024).start();
        boolean done = pair.net.runUntil(() -> {
            maxHeldAtA[0] = Math.max(maxHeldAtA[0], a[1].available());
            return t.isDone();
        }, Duration.ofSeconds(120));
        double withA = (pair.net.nowNanos() - start) / 1e9;
        System.out.printf("seed %d: B alone %.3f s, B beside a stalled A %.3f s (%.0f%%); A's writer got %d bytes "
                        + "accepted, A's receiver held at most %d bytes (window %d); client %s%n", SEED, baseline,
                withA, 100 * baseline / withA, writerA.accepted, maxHeldAtA[0], WINDOW, pair.clientStream.stats());

        assertThat(done).as("B finished beside the stalled A").isTrue();
        assertThat(t.mismatchAt()).isEqualTo(-1);
        assertThat(t.received()).isEqualTo(B_BYTES);
        assertThat(baseline / withA).as("B's throughput beside A relative to B alone").isGreaterThanOrEqualTo(0.8);
        assertThat(maxHeldAtA[0]).as("bytes held at A's receiver").isLessThanOrEqualTo(WINDOW);
        assertThat(maxHeldAtA[0]).as("A's receiver did fill its window").isGreaterThan(WINDOW / 2);
        assertThat(writerA.pending).as("A's writer is blocked").isNotDone();
        assertThat(writerA.accepted).as("bytes A's writer got accepted")
                .isLessThanOrEqualTo(WINDOW + SEND_BUFFER + 2 * CHUNK);

        // Once A's reader reads, its writer moves again.
        long acceptedBefore = writerA.accepted;
        long[] read = new long[1];
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        new Runnable() {
            @Override
            public void run() {
                buf.clear();
                a[1].readAsync(buf).thenAccept(n -> {
                    if (n > 0) {
                        read[0] += n;
                        run();
                    }
                });
            }
        }.run();
        boolean resumed = pair.net.runUntil(() -> writerA.accepted >= acceptedBefore + 4 * MIB, Duration.ofSeconds(30));
        System.out.printf("after A's reader woke: A read %d bytes, its writer got %d more accepted%n", read[0],
                writerA.accepted - acceptedBefore);
        assertThat(resumed).as("A's writer resumed once its reader read").isTrue();
    }
}
