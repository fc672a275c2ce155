package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A substream's open may reach the peer before its parent's: the packet that opened the parent
 * was lost, and the child's first packet arrives first. The child must still be delivered, under
 * its parent, once the parent's open is retransmitted. Link: 10 ms one way.
 */
// Real seconds; a separate thread, so a simulated run that deadlocks fails instead of hanging the build.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SubstreamOrderingSimTest {

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String outcome(CompletableFuture<byte[]> f) {
        if (!f.isDone()) {
            return "pending";
        }
        return f.handle((m, e) -> e == null ? new String(m == null ? "null".getBytes() : m, StandardCharsets.UTF_8)
                : "failed: " + (e instanceof CompletionException ? e.getCause() : e)).join();
    }

    @Test
    void aChildWhoseParentsOpenWasLostIsDeliveredOnceTheParentArrives() throws Exception {
        SimPair pair = new SimPair(111);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10)).build());
        pair.connect();
        pair.net.runFor(Duration.ofMillis(100));
        CompletableFuture<Stream> level2 = pair.serverStream.acceptSubstreamAsync();
        CompletableFuture<Stream> level3 = level2.thenCompose(Stream::acceptSubstreamAsync);
        CompletableFuture<byte[]> message2 = level2.thenCompose(Stream::readMessageAsync);
        CompletableFuture<byte[]> message3 = level3.thenCompose(Stream::readMessageAsync);

        // The parent's first packet is sent into a 1 ms partition and lost.
        Stream sub = pair.clientStream.openSubstream();
        pair.net.partition(SimPair.CLIENT.getAddress(), SimPair.SERVER.getAddress(), Duration.ofMillis(1));
        sub.writeMessageAsync(text("parent"));
        pair.net.runFor(Duration.ofMillis(2));
        // The child's first packet goes out before the parent's data is retransmitted.
        Stream child = sub.openSubstream();
        child.writeMessageAsync(text("child"));
        CompletableFuture<byte[]> childRead = child.readMessageAsync();

        boolean done = pair.net.runUntil(() -> message2.isDone() && message3.isDone(), Duration.ofSeconds(5));
        System.out.printf("seed %d: parent %s, child %s, at %.3f s virtual; a read on the opener's child: %s%n",
                pair.net.seed(), outcome(message2), outcome(message3), pair.virtualSeconds(), outcome(childRead));
        assertThat(done).isTrue();
        assertThat(outcome(message2)).isEqualTo("parent");
        assertThat(outcome(message3)).as("the child's message").isEqualTo("child");
        assertThat(level3.join().parent()).isSameAs(level2.join());
    }

    @Test
    void underLossAndReorderingEveryLevelOfADeepTreeArrives() throws Exception {
        SimPair pair = new SimPair(112);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10)).loss(0.2)
                .reorder(0.3, Duration.ofMillis(5)).build());
        pair.connect(Duration.ofSeconds(60));
        int depth = 6;
        // Server side: follow the chain down, reading one message at each level.
        @SuppressWarnings("unchecked")
        CompletableFuture<byte[]>[] messages = new CompletableFuture[depth];
        CompletableFuture<Stream> at = pair.serverStream.acceptSubstreamAsync();
        for (int level = 0; level < depth; level++) {
            messages[level] = at.thenCompose(Stream::readMessageAsync);
            at = at.thenCompose(Stream::acceptSubstreamAsync);
        }
        Stream s = pair.clientStream;
        for (int level = 0; level < depth; level++) {
            s = s.openSubstream();
            s.writeMessageAsync(text("level " + level));
            pair.net.runFor(Duration.ofMillis(1));
        }
        boolean done = pair.net.runUntil(() -> messages[depth - 1].isDone(), Duration.ofSeconds(20));
        StringBuilder b = new StringBuilder();
        for (CompletableFuture<byte[]> m : messages) {
            b.append(" [").append(outcome(m)).append(']');
        }
        System.out.printf("seed %d: %s at %.3f s virtual%n", pair.net.seed(), b, pair.virtualSeconds());
        assertThat(done).isTrue();
        for (int level = 0; level < depth; level++) {
            assertThat(outcome(messages[level])).isEqualTo("level " + level);
        }
    }
}
