package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.sim.SimFate;
import io.jsst.engine.testing.SimPair;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Services on one host: a connect names a service and protocol and lands at the {@link
 * StreamServer} listening for that pair; connects to one host share one channel. Link: 20 ms one
 * way.
 */
// Real seconds; a separate thread, so a simulated run that deadlocks fails instead of hanging the build.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServiceDispatchSimTest {
    private static final long ONE_WAY = 20_000_000L;

    private static SimPair pair(long seed) {
        SimPair pair = new SimPair(seed);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofNanos(ONE_WAY)).build());
        return pair;
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        return f.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }

    private static String send(SimPair pair, Stream from, CompletableFuture<Stream> to, String text) {
        CompletableFuture<byte[]> read = to.thenCompose(Stream::readMessageAsync);
        from.writeMessageAsync(ByteBuffer.wrap(text.getBytes()));
        assertThat(pair.net.runUntil(read::isDone, Duration.ofSeconds(5))).as("message %s arrived", text).isTrue();
        return new String(read.join());
    }

    @Test
    void eachConnectLandsAtTheListenerOfItsServiceAndProtocolOverOneChannel() throws Exception {
        SimPair pair = pair(81);
        StreamServer chat = pair.server.listen("chat", "v1");
        StreamServer files = pair.server.listen("files", "v2");
        assertThat(chat.service()).isEqualTo("chat");
        assertThat(chat.protocol()).isEqualTo("v1");
        assertThat(files.service()).isEqualTo("files");
        assertThat(files.protocol()).isEqualTo("v2");
        CompletableFuture<Stream> chatAccepted = chat.acceptAsync();
        CompletableFuture<Stream> filesAccepted = files.acceptAsync();
        CompletableFuture<Stream> defaultAccepted = pair.server.acceptAsync();

        Endpoint server = Endpoint.of(pair.server.eid(), SimPair.SERVER);
        CompletableFuture<Stream> toChat = Stream.connectToAsync(pair.client, server, "chat", "v1");
        assertThat(pair.net.runUntil(toChat::isDone, Duration.ofSeconds(5))).isTrue();
        long handshakeDone = pair.net.nowNanos();
        long sentAfterFirst = pair.net.stats().count(SimFate.SENT);
        CompletableFuture<Stream> toFiles = Stream.connectToAsync(pair.client, server, "files", "v2");
        assertThat(pair.net.runUntil(toFiles::isDone, Duration.ofSeconds(5))).isTrue();
        long secondConnect = pair.net.nowNanos() - handshakeDone;
        long packetsForSecond = pair.net.stats().count(SimFate.SENT) - sentAfterFirst;
        System.out.printf("seed %d: first connect done at %.3f s, second took %.3f ms and %d packets%n",
                pair.net.seed(), handshakeDone / 1e9, secondConnect / 1e6, packetsForSecond);

        Stream c1 = toChat.join();
        Stream c2 = toFiles.join();
        assertThat(c1.service()).isEqualTo("chat");
        assertThat(c1.protocol()).isEqualTo("v1");
        assertThat(c2.service()).isEqualTo("files");
        assertThat(c2.protocol()).isEqualTo("v2");
        assertThat(c1.parent()).isNull();
        assertThat(send(pair, c1, chatAccepted, "to chat")).isEqualTo("to chat");
        assertThat(send(pair, c2, filesAccepted, "to files")).isEqualTo("to files");
        assertThat(chatAccepted.join().service()).isEqualTo("chat");
        assertThat(chatAccepted.join().protocol()).isEqualTo("v1");
        assertThat(filesAccepted.join().service()).isEqualTo("files");
        assertThat(filesAccepted.join().protocol()).isEqualTo("v2");
        assertThat(defaultAccepted).as("the default service saw nothing").isNotDone();

        assertThat(pair.client.channelStats()).as("client channels").hasSize(1);
        assertThat(pair.server.channelStats()).as("server channels").hasSize(1);
        assertThat(secondConnect).as("a connect on the existing channel takes one round trip, no handshake")
                .isLessThan(2 * ONE_WAY + 10_000_000L);
        assertThat(packetsForSecond).as("packets for the second connect").isLessThan(6);

        // A substream keeps its top-level stream's service.
        CompletableFuture<Stream> sub = chatAccepted.join().acceptSubstreamAsync();
        assertThat(send(pair, c1.openSubstream(), sub, "sub")).isEqualTo("sub");
        assertThat(sub.join().service()).isEqualTo("chat");
        assertThat(sub.join().protocol()).isEqualTo("v1");
        assertThat(sub.join().parent()).isSameAs(chatAccepted.join());
    }

    @Test
    void aSecondConnectToTheSameServiceReusesTheChannel() throws Exception {
        SimPair pair = pair(82);
        StreamServer chat = pair.server.listen("chat", "v1");
        CompletableFuture<Stream> a1 = chat.acceptAsync();
        CompletableFuture<Stream> a2 = chat.acceptAsync();
        CompletableFuture<Stream> c1 = Stream.connectToAsync(pair.client, Endpoint.of(SimPair.SERVER), "chat", "v1");
        assertThat(pair.net.runUntil(c1::isDone, Duration.ofSeconds(5))).isTrue();
        CompletableFuture<Stream> c2 = Stream.connectToAsync(pair.client, Endpoint.of(SimPair.SERVER), "chat", "v1");
        assertThat(pair.net.runUntil(() -> c2.isDone() && a1.isDone() && a2.isDone(), Duration.ofSeconds(5))).isTrue();
        assertThat(c1.join()).isNotSameAs(c2.join());
        assertThat(send(pair, c1.join(), a1, "one")).isEqualTo("one");
        assertThat(send(pair, c2.join(), a2, "two")).isEqualTo("two");
        assertThat(pair.client.channelStats()).hasSize(1);
        assertThat(pair.server.channelStats()).hasSize(1);
    }

    @Test
    void theDefaultServiceIsAlwaysListenedOnAndConnectToCanReachIt() throws Exception {
        SimPair pair = pair(83);
        CompletableFuture<Stream> accepted = pair.server.acceptAsync();
        CompletableFuture<Stream> c = Stream.connectToAsync(pair.client, Endpoint.of(SimPair.SERVER), "", "");
        assertThat(pair.net.runUntil(c::isDone, Duration.ofSeconds(5))).isTrue();
        assertThat(send(pair, c.join(), accepted, "plain")).isEqualTo("plain");
        assertThat(c.join().service()).isEmpty();
        assertThatThrownBy(() -> pair.server.listen("", "")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void listeningTwiceOnOnePairIsRefusedButAnotherProtocolIsNot() throws Exception {
        SimPair pair = pair(84);
        pair.server.listen("chat", "v1");
        assertThatThrownBy(() -> pair.server.listen("chat", "v1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chat");
        assertThat(pair.server.listen("chat", "v2").protocol()).isEqualTo("v2");
    }

    @Test
    void aClosedStreamServerFailsItsPendingAcceptAndRefusesNewConnects() throws Exception {
        SimPair pair = pair(85);
        StreamServer chat = pair.server.listen("chat", "v1");
        CompletableFuture<Stream> pending = chat.acceptAsync();
        chat.close();
        pair.net.runFor(Duration.ofMillis(10));
        assertThat(pending).isCompletedExceptionally();
        CompletableFuture<Stream> c = Stream.connectToAsync(pair.client, Endpoint.of(SimPair.SERVER), "chat", "v1");
        assertThat(pair.net.runUntil(c::isDone, Duration.ofSeconds(5))).isTrue();
        assertThat(failureOf(c)).isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("chat");
        // And the pair may be listened on again.
        assertThat(pair.server.listen("chat", "v1").service()).isEqualTo("chat");
    }

    @Test
    void aServerListenerGetsEachNewStreamOnTheLoopInsteadOfAQueue() {
        io.jsst.engine.testing.SimPair pair = new io.jsst.engine.testing.SimPair(77);
        StreamServer server = pair.server.listen("listened", "v1");
        java.util.List<Stream> seen = new java.util.ArrayList<>();
        server.setListener(seen::add);
        java.util.concurrent.CompletableFuture<Stream> a = Stream.connectToAsync(pair.client,
                io.jsst.engine.testing.SimPair.SERVER, "listened", "v1");
        java.util.concurrent.CompletableFuture<Stream> b = Stream.connectToAsync(pair.client,
                io.jsst.engine.testing.SimPair.SERVER, "listened", "v1");
        pair.net.runUntil(() -> a.isDone() && b.isDone(), java.time.Duration.ofSeconds(10));
        org.assertj.core.api.Assertions.assertThat(a).isCompleted();
        org.assertj.core.api.Assertions.assertThat(b).isCompleted();
        org.assertj.core.api.Assertions.assertThat(seen).hasSize(2);
        org.assertj.core.api.Assertions.assertThat(seen).allSatisfy(s ->
                org.assertj.core.api.Assertions.assertThat(s.service()).isEqualTo("listened"));
    }
}
