package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.crypto.HostIdentity;
import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a stream fails, and that each failure says what happened in words a person can read: an
 * unknown service, the wrong host, a reset by the peer, the peer host closing, the path going
 * silent past the idle timeout.
 */
// Real seconds; a separate thread, so a simulated run that deadlocks fails instead of hanging the build.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamErrorsSimTest {

    private static Throwable failureOf(CompletableFuture<?> f) {
        return f.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }

    private static SimPair pair(long seed) {
        SimPair pair = new SimPair(seed);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10)).build());
        return pair;
    }

    private static Stream[] openAndAccept(SimPair pair) throws Exception {
        CompletableFuture<Stream> accepted = pair.serverStream.acceptSubstreamAsync();
        Stream client = pair.clientStream.openSubstream();
        client.writeMessageAsync(ByteBuffer.wrap("hi".getBytes()));
        CompletableFuture<byte[]> read = accepted.thenCompose(Stream::readMessageAsync);
        assertThat(pair.net.runUntil(read::isDone, Duration.ofSeconds(5))).as("substream accepted").isTrue();
        return new Stream[] {client, accepted.join()};
    }

    @Test
    void connectingToAServiceNobodyListensOnFailsNamingTheServiceAndProtocol() throws Exception {
        SimPair pair = pair(71);
        pair.server.listen("chat", "v1");
        CompletableFuture<Stream> f = Stream.connectToAsync(pair.client, Endpoint.of(SimPair.SERVER), "nosuchsvc",
                "proto9");
        assertThat(pair.net.runUntil(f::isDone, Duration.ofSeconds(10))).isTrue();
        Throwable e = failureOf(f);
        System.out.println("unknown service: " + e);
        assertThat(e).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("nosuchsvc").hasMessageContaining("proto9");
        assertThat(((ServiceUnavailableException) e).service()).isEqualTo("nosuchsvc");
        assertThat(((ServiceUnavailableException) e).protocol()).isEqualTo("proto9");

        // The right service with the wrong protocol is refused too, on the channel that now exists.
        CompletableFuture<Stream> g = Stream.connectToAsync(pair.client, Endpoint.of(SimPair.SERVER), "chat", "v2");
        assertThat(pair.net.runUntil(g::isDone, Duration.ofSeconds(10))).isTrue();
        assertThat(failureOf(g)).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("chat").hasMessageContaining("v2");
    }

    @Test
    void connectingWithTheWrongEidFailsWithEidMismatch() throws Exception {
        SimPair pair = pair(72);
        pair.server.listen("chat", "v1");
        Eid someoneElse = HostIdentity.generate(SimPair.seeded(99)).eid();
        CompletableFuture<Stream> f = Stream.connectToAsync(pair.client, Endpoint.of(someoneElse, SimPair.SERVER),
                "chat", "v1");
        assertThat(pair.net.runUntil(f::isDone, Duration.ofSeconds(10))).isTrue();
        Throwable e = failureOf(f);
        System.out.println("wrong EID: " + e);
        assertThat(e).isInstanceOf(EidMismatchException.class).hasMessageContaining("EID")
                .hasMessageContaining(someoneElse.toString());
    }

    @Test
    void connectingWhereNoHostIsBoundFailsAsPortUnreachable() throws Exception {
        SimPair pair = pair(73);
        CompletableFuture<Stream> f = Stream.connectToAsync(pair.client,
                Endpoint.of(SimPair.address("10.0.0.2", 5999)), "chat", "v1");
        assertThat(pair.net.runUntil(f::isDone, Duration.ofSeconds(10))).isTrue();
        assertThat(failureOf(f)).isInstanceOf(PortUnreachableException.class).hasMessageContaining("5999");
    }

    @Test
    void aResetByThePeerFailsReadsAndWritesOnBothSidesWithTheCode() throws Exception {
        SimPair pair = pair(74).connect();
        Stream[] s = openAndAccept(pair);
        CompletableFuture<byte[]> pendingRead = s[0].readMessageAsync();
        s[1].reset(42);
        assertThat(pair.net.runUntil(pendingRead::isDone, Duration.ofSeconds(5))).as("the read ended").isTrue();
        Throwable e = failureOf(pendingRead);
        System.out.println("reset by peer: " + e);
        assertThat(e).isInstanceOf(StreamResetException.class).hasMessageContaining("reset")
                .hasMessageContaining("42");
        assertThat(((StreamResetException) e).errorCode()).isEqualTo(42);
        assertThat(((StreamResetException) e).byPeer()).isTrue();

        CompletableFuture<Void> write = s[0].writeMessageAsync(ByteBuffer.wrap(new byte[100]));
        pair.net.runUntil(write::isDone, Duration.ofSeconds(5));
        Throwable w = failureOf(write);
        assertThat(w).as("a write after the peer's reset").isInstanceOf(StreamResetException.class);
        assertThat(((StreamResetException) w).errorCode()).isEqualTo(42);
        assertThat(((StreamResetException) w).byPeer()).isTrue();

        Throwable own = failureOf(s[1].readMessageAsync());
        assertThat(own).as("the resetting side's own read").isInstanceOf(StreamResetException.class);
        assertThat(((StreamResetException) own).byPeer()).isFalse();
        assertThat(((StreamResetException) own).errorCode()).isEqualTo(42);
        Throwable ownWrite = failureOf(s[1].writeMessageAsync(ByteBuffer.wrap(new byte[1])));
        assertThat(ownWrite).isInstanceOf(StreamResetException.class);

        // The parent stream and a sibling go on.
        Stream[] sibling = openAndAccept(pair);
        CompletableFuture<byte[]> onParent = pair.serverStream.readMessageAsync();
        CompletableFuture<byte[]> onSibling = sibling[1].readMessageAsync();
        pair.clientStream.writeMessageAsync(ByteBuffer.wrap("parent".getBytes()));
        sibling[0].writeMessageAsync(ByteBuffer.wrap("sibling".getBytes()));
        assertThat(pair.net.runUntil(() -> onParent.isDone() && onSibling.isDone(), Duration.ofSeconds(5))).isTrue();
        assertThat(new String(onParent.join())).isEqualTo("parent");
        assertThat(new String(onSibling.join())).isEqualTo("sibling");
    }

    @Test
    void aResetDiscardsDataTheReaderHadNotYetRead() throws Exception {
        SimPair pair = pair(75).connect();
        Stream[] s = openAndAccept(pair);
        CompletableFuture<Void> sent = s[0].writeMessageAsync(ByteBuffer.wrap(new byte[10_000]));
        s[0].reset(7);
        pair.net.runFor(Duration.ofMillis(200));
        assertThat(sent).isDone();
        Throwable e = failureOf(s[1].readMessageAsync());
        assertThat(e).isInstanceOf(StreamResetException.class);
        assertThat(((StreamResetException) e).errorCode()).isEqualTo(7);
    }

    @Test
    void whenThePeerHostClosesPendingReadsFailWithChannelClosedByPeer() throws Exception {
        SimPair pair = pair(76).connect();
        Stream[] s = openAndAccept(pair);
        CompletableFuture<byte[]> onTop = pair.clientStream.readMessageAsync();
        CompletableFuture<byte[]> onSub = s[0].readMessageAsync();
        pair.server.close();
        assertThat(pair.net.runUntil(() -> onTop.isDone() && onSub.isDone(), Duration.ofSeconds(5))).isTrue();
        for (CompletableFuture<byte[]> read : java.util.List.of(onTop, onSub)) {
            Throwable e = failureOf(read);
            System.out.println("peer host closed: " + e);
            assertThat(e).isInstanceOf(ChannelClosedException.class).hasMessageContaining("closed");
            assertThat(((ChannelClosedException) e).reason()).isEqualTo(ChannelClosedException.Cause.CLOSED_BY_PEER);
            assertThat(((ChannelClosedException) e).isIdleTimeout()).isFalse();
        }
        Throwable w = failureOf(s[0].writeMessageAsync(ByteBuffer.wrap(new byte[10])));
        assertThat(w).as("a write after the channel closed").isInstanceOf(ChannelClosedException.class);
        assertThat(pair.net.nowNanos()).as("the close took one one-way delay, not a timeout")
                .isLessThan(2_000_000_000L);
    }

    @Test
    void whenThisHostClosesPendingReadsFailWithClosedLocally() throws Exception {
        SimPair pair = pair(77).connect();
        Stream[] s = openAndAccept(pair);
        CompletableFuture<byte[]> onSub = s[0].readMessageAsync();
        pair.client.close();
        pair.net.runUntil(onSub::isDone, Duration.ofSeconds(5));
        Throwable e = failureOf(onSub);
        System.out.println("this host closed: " + e);
        assertThat(e).isInstanceOf(ChannelClosedException.class).hasMessageContaining("closed");
        assertThat(((ChannelClosedException) e).reason()).isEqualTo(ChannelClosedException.Cause.CLOSED_LOCALLY);
    }

    @Test
    void aPathSilentPastTheIdleTimeoutFailsReadsWithAnIdleTimeout() throws Exception {
        SimPair pair = new SimPair(78, b -> b.idleTimeout(Duration.ofSeconds(2)).keepAlive(Duration.ofMillis(500)));
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10)).build());
        pair.connect();
        Stream[] s = openAndAccept(pair);
        CompletableFuture<byte[]> client = s[0].readMessageAsync();
        CompletableFuture<byte[]> server = s[1].readMessageAsync();
        pair.net.partition(SimPair.CLIENT.getAddress(), SimPair.SERVER.getAddress(), Duration.ofSeconds(60));
        long start = pair.net.nowNanos();
        assertThat(pair.net.runUntil(() -> client.isDone() && server.isDone(), Duration.ofSeconds(10))).isTrue();
        System.out.printf("idle timeout after %.3f s virtual%n", (pair.net.nowNanos() - start) / 1e9);
        for (CompletableFuture<byte[]> read : java.util.List.of(client, server)) {
            Throwable e = failureOf(read);
            System.out.println("idle timeout: " + e);
            assertThat(e).isInstanceOf(ChannelClosedException.class).hasMessageContaining("idle");
            assertThat(((ChannelClosedException) e).isIdleTimeout()).isTrue();
            assertThat(((ChannelClosedException) e).reason()).isEqualTo(ChannelClosedException.Cause.IDLE_TIMEOUT);
        }
        assertThat(pair.net.nowNanos() - start).isBetween(1_500_000_000L, 4_000_000_000L);
    }
}
