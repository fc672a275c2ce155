package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.SimNetwork;
import io.jsst.engine.testing.SimPair;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A multihomed peer: when the address in use stops answering, the channel moves to the next one. */
class PeerFailoverSimTest {

    @Test
    void aChannelFailsOverToThePeersOtherAddressWhenTheFirstGoesSilentAndLosesNothing() {
        SimNetwork net = new SimNetwork(71);
        InetSocketAddress first = SimPair.address("10.0.0.2", 5000);
        InetSocketAddress second = SimPair.address("10.0.0.3", 5000);
        InetSocketAddress clientAddress = SimPair.address("10.0.1.1", 4000);
        Host server = Host.simulated(net, List.of(first, second), HostConfig.builder().random(SimPair.seeded(1)).build());
        Host client = Host.simulated(net, clientAddress, HostConfig.builder().random(SimPair.seeded(2)).build());
        CompletableFuture<Stream> accepted = server.acceptAsync();
        CompletableFuture<Stream> connected = client.connectAsync(first, server.eid());
        assertThat(net.runUntil(() -> connected.isDone() && accepted.isDone(), Duration.ofSeconds(10))).isTrue();
        Stream s = connected.join();
        s.setAlternatePeerAddresses(List.of(first, second));
        List<InetSocketAddress[]> changes = new ArrayList<>();
        s.setPeerAddressListener((before, now, unreachable) -> {
            if (unreachable) {
                changes.add(new InetSocketAddress[] {before, now});
            }
        });

        net.partition(clientAddress.getAddress(), first.getAddress(), Duration.ofHours(1));
        int messages = 50;
        for (int i = 0; i < messages; i++) {
            s.writeMessageAsync(ByteBuffer.wrap(new byte[] {(byte) i}));
        }
        List<byte[]> got = new ArrayList<>();
        Stream peer = accepted.join();
        for (int i = 0; i < messages; i++) {
            CompletableFuture<byte[]> m = peer.readMessageAsync();
            assertThat(net.runUntil(m::isDone, Duration.ofSeconds(60))).as("message %d", i).isTrue();
            got.add(m.join());
        }
        for (int i = 0; i < messages; i++) {
            assertThat(got.get(i)).containsExactly((byte) i);
        }
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).containsExactly(first, second);
        assertThat(s.currentPeerAddress()).isEqualTo(second);
        // The server answers from the address the client moved to.
        CompletableFuture<byte[]> back = s.readMessageAsync();
        peer.writeMessageAsync(ByteBuffer.wrap(new byte[] {42}));
        assertThat(net.runUntil(back::isDone, Duration.ofSeconds(30))).isTrue();
        assertThat(back.join()).containsExactly((byte) 42);
    }
}
