package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stream priorities at a 10 Mbit/s bottleneck (10 ms one way): two bulk substreams of one channel,
 * 4 MiB each, both writing from the start. A higher priority is served first; equal priorities
 * share the link fairly. Received bytes of each are sampled every 100 ms of virtual time.
 */
// Real seconds; a separate thread, so a simulated run that deadlocks fails instead of hanging the build.
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PrioritySimTest {
    private static final long BYTES = 4L << 20;
    private static final long SAMPLE = 100_000_000L;

    private static SimPair pair(long seed) {
        SimPair pair = new SimPair(seed);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10))
                .bandwidth(10_000_000L, 64 * 1024).build());
        pair.connect();
        return pair;
    }

    /** Opens a substream of the client's stream, and runs until the server accepted it and read its tag. */
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

    /** Received bytes of two transfers at one instant. */
    record Sample(long atNanos, long first, long second) {
    }

    /** Starts both transfers at once and samples them every 100 ms (sample i at i x 100 ms) until both are done. */
    private static List<Sample> run(SimPair pair, Transfer first, Transfer second, Runnable at1s) {
        List<Sample> samples = new ArrayList<>();
        long start = pair.net.nowNanos();
        first.start();
        second.start();
        new Runnable() {
            @Override
            public void run() {
                samples.add(new Sample(pair.net.nowNanos(), first.received(), second.received()));
                if (pair.net.nowNanos() - start == 1_000_000_000L && at1s != null) {
                    at1s.run();
                }
                if (!(first.isDone() && second.isDone())) {
                    pair.net.schedule(pair.net.nowNanos() + SAMPLE, this);
                }
            }
        }.run();
        boolean done = pair.net.runUntil(() -> first.isDone() && second.isDone(), Duration.ofSeconds(60));
        samples.add(new Sample(pair.net.nowNanos(), first.received(), second.received()));
        assertThat(done).as("both transfers done within 60 s virtual").isTrue();
        for (Transfer t : List.of(first, second)) {
            assertThat(t.mismatchAt()).isEqualTo(-1);
            assertThat(t.received()).isEqualTo(BYTES);
        }
        return samples;
    }

    /** The first sample at which {@code first} (or, if {@code ofFirst} is false, the second) had everything. */
    private static int finished(List<Sample> samples, boolean ofFirst) {
        for (int i = 0; i < samples.size(); i++) {
            if ((ofFirst ? samples.get(i).first() : samples.get(i).second()) == BYTES) {
                return i;
            }
        }
        return samples.size() - 1;
    }

    private static void print(String what, SimPair pair, List<Sample> samples) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < samples.size(); i++) {
            Sample s = samples.get(i);
            Sample p = samples.get(i - 1);
            b.append(String.format(" %d/%d", (s.first() - p.first()) / 1024, (s.second() - p.second()) / 1024));
        }
        System.out.printf("seed %d, %s: done at %.3f s virtual; KiB per 100 ms (first/second):%s%n", pair.net.seed(),
                what, pair.virtualSeconds(), b);
    }

    @Test
    void theHigherPriorityStreamGetsNearlyAllTheBandwidthUntilItFinishes() throws Exception {
        SimPair pair = pair(61);
        Stream[] high = openAndAccept(pair, "high");
        Stream[] low = openAndAccept(pair, "low");
        high[0].setPriority(1);
        low[0].setPriority(0);
        assertThat(high[0].priority()).isEqualTo(1);
        assertThat(low[0].priority()).isEqualTo(0);
        Transfer h = new Transfer(high[0], high[1], BYTES, 256 * 1024);
        Transfer l = new Transfer(low[0], low[1], BYTES, 256 * 1024);
        List<Sample> samples = run(pair, h, l, null);
        print("priorities 1 and 0", pair, samples);

        int end = finished(samples, true);
        Sample atEnd = samples.get(end);
        double share = (double) atEnd.first() / (atEnd.first() + atEnd.second());
        System.out.printf("high finished at %.3f s with low at %d bytes: high's share %.1f%%%n",
                (atEnd.atNanos() - samples.get(0).atNanos()) / 1e9, atEnd.second(), 100 * share);
        assertThat(share).as("high priority's share of bytes delivered until it finished").isGreaterThanOrEqualTo(0.9);
        assertThat(finished(samples, false)).as("low finished after high").isGreaterThan(end);
    }

    @Test
    void equalPrioritiesShareTheBandwidthFairly() throws Exception {
        SimPair pair = pair(62);
        Stream[] a = openAndAccept(pair, "a");
        Stream[] b = openAndAccept(pair, "b");
        a[0].setPriority(3);
        b[0].setPriority(3);
        Transfer ta = new Transfer(a[0], a[1], BYTES, 256 * 1024);
        Transfer tb = new Transfer(b[0], b[1], BYTES, 256 * 1024);
        List<Sample> samples = run(pair, ta, tb, null);
        print("priorities 3 and 3", pair, samples);

        int end = Math.min(finished(samples, true), finished(samples, false));
        Sample atEnd = samples.get(end);
        double share = (double) atEnd.first() / (atEnd.first() + atEnd.second());
        System.out.printf("the first finished at %.3f s: a's share %.1f%%%n",
                (atEnd.atNanos() - samples.get(0).atNanos()) / 1e9, 100 * share);
        assertThat(share).as("a's share until the first finished").isBetween(0.4, 0.6);
        // And second by second, not only on the whole.
        for (int i = 10; i + 10 <= end; i += 10) {
            long da = samples.get(i + 10).first() - samples.get(i).first();
            long db = samples.get(i + 10).second() - samples.get(i).second();
            assertThat((double) da / (da + db)).as("a's share in second %d", i / 10).isBetween(0.4, 0.6);
        }
    }

    @Test
    void raisingAPriorityMidTransferTakesEffect() throws Exception {
        SimPair pair = pair(63);
        Stream[] a = openAndAccept(pair, "a");
        Stream[] b = openAndAccept(pair, "b");
        Transfer ta = new Transfer(a[0], a[1], BYTES, 256 * 1024);
        Transfer tb = new Transfer(b[0], b[1], BYTES, 256 * 1024);
        List<Sample> samples = run(pair, ta, tb, () -> b[0].setPriority(5));
        print("0 and 0, then b raised to 5 at 1 s", pair, samples);

        // From 1.2 s (the change had a round trip and a queue to take effect) until b finished.
        int from = 12;
        int end = finished(samples, false);
        assertThat(end).as("b finished after the change").isGreaterThan(from + 2);
        long da = samples.get(end).first() - samples.get(from).first();
        long db = samples.get(end).second() - samples.get(from).second();
        double share = (double) db / (da + db);
        System.out.printf("b's share from 1.2 s until it finished at sample %d: %.1f%%%n", end, 100 * share);
        assertThat(share).as("b's share after it was raised").isGreaterThanOrEqualTo(0.9);
        assertThat(finished(samples, true)).as("a finished after b").isGreaterThan(end);
    }
}
