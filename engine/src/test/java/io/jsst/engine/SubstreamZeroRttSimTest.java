package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Opening a substream costs no round trip: the open travels with the first bytes written, so the
 * peer accepts the substream and reads its first message one one-way delay after the write, at
 * any depth and from either side. Link: 50 ms one way, 1 Gbit/s.
 */
// Real seconds; a separate thread, so a simulated run that deadlocks fails instead of hanging the build.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubstreamZeroRttSimTest {
    private static final long ONE_WAY = 50_000_000L;
    /** Allowed beyond one one-way delay: serialisation and turn processing, far below a round trip. */
    private static final long SLACK = 10_000_000L;

    private static SimPair connectedPair(long seed) {
        SimPair pair = new SimPair(seed);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofNanos(ONE_WAY))
                .bandwidth(1_000_000_000L, 4 << 20).build());
        pair.connect();
        // Let the handshake's last packets and acknowledgements settle so the write starts on a quiet channel.
        pair.net.runFor(Duration.ofMillis(300));
        return pair;
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** Completes with the virtual time at which {@code f} completed. */
    private static CompletableFuture<Long> timeOf(SimPair pair, CompletableFuture<?> f) {
        return f.thenApply(x -> pair.net.nowNanos());
    }

    @Test
    void aSubstreamOpenedByTheClientArrivesWithItsFirstMessageInOneOneWayDelay() throws Exception {
        SimPair pair = connectedPair(101);
        CompletableFuture<Stream> accepted = pair.serverStream.acceptSubstreamAsync();
        CompletableFuture<byte[]> message = accepted.thenCompose(Stream::readMessageAsync);
        CompletableFuture<Long> arrivedAt = timeOf(pair, message);

        long writtenAt = pair.net.nowNanos();
        Stream sub = pair.clientStream.openSubstream();
        sub.writeMessageAsync(text("first words"));

        boolean done = pair.net.runUntil(arrivedAt::isDone, Duration.ofSeconds(5));
        long latency = done ? arrivedAt.join() - writtenAt : -1;
        System.out.printf("seed %d: substream + first message arrived %.3f ms after the write (t=%.3f s virtual)%n",
                pair.net.seed(), latency / 1e6, pair.virtualSeconds());
        assertThat(done).as("substream and message arrived within 5 s virtual").isTrue();
        assertThat(text(message.join())).isEqualTo("first words");
        assertThat(latency).as("latency in ns: one one-way delay, not a round trip")
                .isGreaterThanOrEqualTo(ONE_WAY)
                .isLessThan(ONE_WAY + SLACK)
                .isLessThan(2 * ONE_WAY);
        assertThat(accepted.join().parent()).isSameAs(pair.serverStream);
        assertThat(sub.parent()).isSameAs(pair.clientStream);
    }

    @Test
    void aSubstreamOpenedByTheServerArrivesWithItsFirstMessageInOneOneWayDelay() throws Exception {
        SimPair pair = connectedPair(102);
        CompletableFuture<Stream> accepted = pair.clientStream.acceptSubstreamAsync();
        CompletableFuture<byte[]> message = accepted.thenCompose(Stream::readMessageAsync);
        CompletableFuture<Long> arrivedAt = timeOf(pair, message);

        long writtenAt = pair.net.nowNanos();
        pair.serverStream.openSubstream().writeMessageAsync(text("pushed"));

        boolean done = pair.net.runUntil(arrivedAt::isDone, Duration.ofSeconds(5));
        long latency = done ? arrivedAt.join() - writtenAt : -1;
        System.out.printf("seed %d: server-opened substream arrived %.3f ms after the write%n",
                pair.net.seed(), latency / 1e6);
        assertThat(done).isTrue();
        assertThat(text(message.join())).isEqualTo("pushed");
        assertThat(latency).isBetween(ONE_WAY, ONE_WAY + SLACK - 1);
    }

    @Test
    void aSubSubstreamOpenedAtOnceArrivesWithItsDataInOneOneWayDelay() throws Exception {
        SimPair pair = connectedPair(103);
        CompletableFuture<Stream> level2 = pair.serverStream.acceptSubstreamAsync();
        CompletableFuture<Stream> level3 = level2.thenCompose(Stream::acceptSubstreamAsync);
        CompletableFuture<byte[]> message2 = level2.thenCompose(Stream::readMessageAsync);
        CompletableFuture<byte[]> message3 = level3.thenCompose(Stream::readMessageAsync);
        CompletableFuture<Long> arrived2 = timeOf(pair, message2);
        CompletableFuture<Long> arrived3 = timeOf(pair, message3);

        long writtenAt = pair.net.nowNanos();
        Stream sub = pair.clientStream.openSubstream();
        Stream subSub = sub.openSubstream();
        sub.writeMessageAsync(text("depth 2"));
        subSub.writeMessageAsync(text("depth 3"));

        boolean done = pair.net.runUntil(() -> arrived2.isDone() && arrived3.isDone(), Duration.ofSeconds(5));
        System.out.printf("seed %d: depth 2 after %.3f ms, depth 3 after %.3f ms%n", pair.net.seed(),
                arrived2.isDone() ? (arrived2.join() - writtenAt) / 1e6 : -1,
                arrived3.isDone() ? (arrived3.join() - writtenAt) / 1e6 : -1);
        assertThat(done).as("both levels arrived within 5 s virtual").isTrue();
        assertThat(text(message2.join())).isEqualTo("depth 2");
        assertThat(text(message3.join())).isEqualTo("depth 3");
        assertThat(arrived3.join() - writtenAt).isBetween(ONE_WAY, ONE_WAY + SLACK - 1);
        assertThat(arrived2.join() - writtenAt).isBetween(ONE_WAY, ONE_WAY + SLACK - 1);
        assertThat(level3.join().parent()).isSameAs(level2.join());
        assertThat(level2.join().parent()).isSameAs(pair.serverStream);
        assertThat(subSub.parent()).isSameAs(sub);
        assertThat(pair.serverStream.parent()).isNull();
    }

    @Test
    void aSubSubstreamWhoseParentNeverWroteStillArrivesInOneOneWayDelay() throws Exception {
        SimPair pair = connectedPair(104);
        CompletableFuture<Stream> level2 = pair.serverStream.acceptSubstreamAsync();
        CompletableFuture<Stream> level3 = level2.thenCompose(Stream::acceptSubstreamAsync);
        CompletableFuture<byte[]> message3 = level3.thenCompose(Stream::readMessageAsync);
        CompletableFuture<Long> arrived3 = timeOf(pair, message3);

        long writtenAt = pair.net.nowNanos();
        pair.clientStream.openSubstream().openSubstream().writeMessageAsync(text("deep"));

        boolean done = pair.net.runUntil(arrived3::isDone, Duration.ofSeconds(5));
        System.out.printf("seed %d: depth 3 with a silent parent after %.3f ms%n", pair.net.seed(),
                done ? (arrived3.join() - writtenAt) / 1e6 : -1);
        assertThat(done).isTrue();
        assertThat(text(message3.join())).isEqualTo("deep");
        assertThat(arrived3.join() - writtenAt).isBetween(ONE_WAY, ONE_WAY + SLACK - 1);
    }

    @Test
    void openingASubstreamReturnsAtOnceWithoutRunningTheNetwork() throws Exception {
        SimPair pair = connectedPair(105);
        long before = pair.net.nowNanos();
        Stream sub = pair.clientStream.openSubstream();
        assertThat(sub).isNotNull();
        assertThat(pair.net.nowNanos()).isEqualTo(before);
        assertThat(sub.service()).isEqualTo(pair.clientStream.service());
        assertThat(sub.protocol()).isEqualTo(pair.clientStream.protocol());
    }
}
