package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.crypto.CipherSuite;
import io.jsst.engine.crypto.HostIdentity;
import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.sim.SimNetwork;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The handshake in virtual time: under loss and corruption, with identities, and when it must fail. */
class HandshakeSimTest {

    /** Fifty clients connect to one server through links that lose or corrupt 30% each way. */
    private static void fiftyHandshakesComplete(LinkProfile profile, long seed) {
        SimNetwork net = new SimNetwork(seed);
        net.setDefaultProfile(profile);
        Host server = Host.simulated(net, SimPair.SERVER, HostConfig.builder().random(SimPair.seeded(seed)).build());
        List<CompletableFuture<Stream>> connects = new ArrayList<>();
        List<CompletableFuture<Stream>> accepts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Host client = Host.simulated(net, SimPair.address("10.0.1." + (i + 1), 4000),
                    HostConfig.builder().random(SimPair.seeded(seed * 100 + i)).connectTimeout(Duration.ofSeconds(60))
                            .build());
            connects.add(client.connectAsync(SimPair.SERVER, server.eid()));
            accepts.add(server.acceptAsync());
        }
        boolean done = net.runUntil(() -> connects.stream().allMatch(CompletableFuture::isDone)
                && accepts.stream().allMatch(CompletableFuture::isDone), Duration.ofSeconds(120));
        System.out.printf("seed %d: 50 handshakes done in %.3f s virtual%n", seed, net.nowNanos() / 1e9);
        assertThat(done).isTrue();
        assertThat(connects).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(accepts).allSatisfy(f -> assertThat(f.join().remoteEid()).isNotNull());
    }

    @Test
    void handshakesCompleteWithThirtyPercentLossBothWays() {
        fiftyHandshakesComplete(LinkProfile.builder().delay(Duration.ofMillis(15)).loss(0.30).build(), 11);
    }

    @Test
    void handshakesCompleteWithThirtyPercentCorruptionBothWays() {
        fiftyHandshakesComplete(LinkProfile.builder().delay(Duration.ofMillis(15)).corrupt(0.30).build(), 12);
    }

    @Test
    void bothSidesLearnEachOthersEid() {
        SimPair pair = new SimPair(13).connect();
        assertThat(pair.clientStream.remoteEid()).isEqualTo(pair.server.eid());
        assertThat(pair.serverStream.remoteEid()).isEqualTo(pair.client.eid());
    }

    @Test
    void aConnectNamingAnotherEidFailsSayingSo() {
        SimPair pair = new SimPair(14);
        Eid someoneElse = HostIdentity.generate(SimPair.seeded(1)).eid();
        CompletableFuture<Stream> f = pair.client.connectAsync(SimPair.SERVER, someoneElse);
        pair.net.runUntil(f::isDone, Duration.ofSeconds(10));
        assertThat(f).isCompletedExceptionally();
        Throwable cause = f.handle((s, e) -> e instanceof CompletionException ? e.getCause() : e).join();
        assertThat(cause).isInstanceOf(EidMismatchException.class)
                .hasMessageContaining(someoneElse.toString())
                .hasMessageContaining(pair.server.eid().toString());
    }

    @Test
    void connectingWhereNothingIsBoundFailsAsPortUnreachable() {
        SimPair pair = new SimPair(15);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10)).build());
        CompletableFuture<Stream> f = pair.client.connectAsync(SimPair.address("10.0.0.2", 5999), null);
        pair.net.runUntil(f::isDone, Duration.ofSeconds(10));
        assertThat(pair.net.nowNanos()).isLessThan(100_000_000L);
        Throwable cause = f.handle((s, e) -> e instanceof CompletionException ? e.getCause() : e).join();
        assertThat(cause).isInstanceOf(PortUnreachableException.class).hasMessageContaining("5999");
    }

    @Test
    void aSilentPeerFailsTheConnectAfterTheConfiguredTimeout() {
        SimPair pair = new SimPair(16, b -> b.connectTimeout(Duration.ofSeconds(3)));
        pair.net.partition(SimPair.CLIENT.getAddress(), SimPair.SERVER.getAddress(), Duration.ofSeconds(60));
        long start = pair.net.nowNanos();
        CompletableFuture<Stream> f = pair.client.connectAsync(SimPair.SERVER, null);
        pair.net.runUntil(f::isDone, Duration.ofSeconds(10));
        Throwable cause = f.handle((s, e) -> e instanceof CompletionException ? e.getCause() : e).join();
        assertThat(cause).isInstanceOf(SocketTimeoutException.class);
        assertThat(pair.net.nowNanos() - start).isBetween(3_000_000_000L, 3_100_000_000L);
    }

    @Test
    void chaCha20Poly1305CarriesATransferWhenBothPreferIt() {
        SimPair pair = new SimPair(17, b -> b.cipherSuite(CipherSuite.CHACHA20_POLY1305)).connect();
        Transfer t = new Transfer(pair.clientStream, pair.serverStream, 1 << 20, 65536).start();
        assertThat(pair.net.runUntil(t::isDone, Duration.ofSeconds(30))).isTrue();
        assertThat(t.mismatchAt()).isEqualTo(-1);
        assertThat(t.received()).isEqualTo(1 << 20);
    }

    @Test
    void keysAreUpdatedDuringALongTransferWithoutLosingData() {
        SimPair pair = new SimPair(18, b -> b.keyUpdateInterval(200).maxDatagramSize(1472)).connect();
        Transfer t = new Transfer(pair.clientStream, pair.serverStream, 4 << 20, 65536).start();
        assertThat(pair.net.runUntil(t::isDone, Duration.ofSeconds(60))).isTrue();
        assertThat(t.mismatchAt()).isEqualTo(-1);
        assertThat(t.received()).isEqualTo(4 << 20);
        assertThat(pair.clientStream.stats().keyUpdates()).isGreaterThanOrEqualTo(5);
        assertThat(pair.serverStream.stats().keyUpdates()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void anIdentityLoadedFromAFileKeepsItsEid(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("host.key");
        Eid first = HostConfig.builder().identityFile(file).build().identity().eid();
        Eid again = HostConfig.builder().identityFile(file).build().identity().eid();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void closingCleanlyEndsThePeersStreamAndAChannelWithoutStreamsEnds() {
        SimPair pair = new SimPair(19).connect();
        pair.clientStream.writeMessageAsync(java.nio.ByteBuffer.wrap("bye".getBytes()));
        CompletableFuture<Void> closed = pair.clientStream.closeAsync();
        CompletableFuture<byte[]> message = pair.serverStream.readMessageAsync();
        pair.net.runUntil(() -> closed.isDone() && message.isDone(), Duration.ofSeconds(10));
        assertThat(closed).isCompleted();
        assertThat(message.join()).isEqualTo("bye".getBytes());
        CompletableFuture<byte[]> end = pair.serverStream.readMessageAsync();
        pair.net.runUntil(end::isDone, Duration.ofSeconds(10));
        assertThat(end.join()).isNull();
        CompletableFuture<Void> serverClosed = pair.serverStream.closeAsync();
        pair.net.runUntil(serverClosed::isDone, Duration.ofSeconds(10));
        assertThat(serverClosed).isCompleted();
        // Both streams are done; the channel, with no streams left, ends itself after its linger.
        pair.net.runFor(Duration.ofSeconds(15));
        assertThat(pair.client.channelStats()).isEmpty();
        assertThat(pair.server.channelStats()).isEmpty();
    }

}
