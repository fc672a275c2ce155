package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ten thousand substreams opened at once on one channel, each carrying one small message each
 * way: the server echoes every message from its substream listener. Link: 10 ms one way,
 * 100 Mbit/s.
 */
// Real seconds; a separate thread, so a simulated run that deadlocks fails instead of hanging the build.
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StructuredStreamsScaleSimTest {
    private static final long SEED = 10_000;
    private static final int COUNT = 10_000;

    private static byte[] message(int i) {
        return ByteBuffer.allocate(24).putInt(i).putLong(~(long) i * 0x9E3779B97F4A7C15L).putInt(i ^ 0x5A5A5A5A)
                .putLong(i * 31L).array();
    }

    @Test
    void tenThousandSubstreamsOpenedAtOnceEachEchoOneMessage() throws Exception {
        SimPair pair = new SimPair(SEED);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10))
                .bandwidth(100_000_000L, 1 << 20).build());
        pair.connect();
        int[] acceptedCount = {0};
        List<String> errors = new ArrayList<>();
        pair.serverStream.setSubstreamListener(s -> {
            acceptedCount[0]++;
            s.readMessageAsync().whenComplete((m, e) -> {
                if (e != null) {
                    errors.add("server read: " + e);
                } else if (m == null) {
                    errors.add("server read the end of a substream before its message");
                } else {
                    s.writeMessageAsync(ByteBuffer.wrap(m));
                }
            });
        });

        long start = pair.net.nowNanos();
        List<CompletableFuture<byte[]>> echoes = new ArrayList<>(COUNT);
        int[] done = {0};
        for (int i = 0; i < COUNT; i++) {
            Stream sub = pair.clientStream.openSubstream();
            sub.writeMessageAsync(ByteBuffer.wrap(message(i)));
            CompletableFuture<byte[]> echo = sub.readMessageAsync();
            echo.whenComplete((m, e) -> done[0]++);
            echoes.add(echo);
        }
        boolean all = pair.net.runUntil(() -> done[0] == COUNT, Duration.ofSeconds(60));
        double seconds = (pair.net.nowNanos() - start) / 1e9;
        System.out.printf("seed %d: %d of %d echoes in %.3f s virtual, %d substreams accepted; client %s%n", SEED,
                done[0], COUNT, seconds, acceptedCount[0], pair.clientStream.stats());

        assertThat(errors).isEmpty();
        assertThat(all).as("all echoes back within 60 s virtual").isTrue();
        assertThat(acceptedCount[0]).isEqualTo(COUNT);
        for (int i = 0; i < COUNT; i++) {
            byte[] expected = message(i);
            assertThat(echoes.get(i)).as("echo %d", i).isCompletedWithValueMatching(
                    m -> java.util.Arrays.equals(m, expected));
        }
        // 10,000 x 24 B each way is ~0.5 MB: a handful of round trips, not one per stream.
        assertThat(seconds).as("virtual seconds for all echoes").isLessThan(5.0);
    }
}
