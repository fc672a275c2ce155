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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A host bound to several UDP addresses answers each peer from the address that peer wrote to. */
class MultiAddressHostTest {

    @Test
    void aSimulatedHostWithTwoAddressesAnswersEachPeerFromTheAddressItWroteTo() {
        SimNetwork net = new SimNetwork(61);
        InetSocketAddress first = SimPair.address("10.0.0.2", 5000);
        InetSocketAddress second = SimPair.address("10.0.0.3", 5001);
        Host server = Host.simulated(net, List.of(first, second), HostConfig.builder().random(SimPair.seeded(1)).build());
        List<InetSocketAddress[]> serverSends = new ArrayList<>();
        net.addTap((t, from, to, data, length) -> {
            if (from.equals(first) || from.equals(second)) {
                serverSends.add(new InetSocketAddress[] {from, to});
            }
        });
        assertThat(server.localAddresses()).containsExactly(first, second);
        InetSocketAddress[] targets = {first, second};
        for (int i = 0; i < 2; i++) {
            InetSocketAddress clientAddress = SimPair.address("10.0.1." + (i + 1), 4000);
            Host client = Host.simulated(net, clientAddress, HostConfig.builder().random(SimPair.seeded(10 + i)).build());
            CompletableFuture<Stream> accepted = server.acceptAsync();
            CompletableFuture<Stream> connected = client.connectAsync(targets[i], server.eid());
            assertThat(net.runUntil(() -> connected.isDone() && accepted.isDone(), Duration.ofSeconds(10))).isTrue();
            connected.join().writeMessageAsync(ByteBuffer.wrap(new byte[] {(byte) i}));
            CompletableFuture<byte[]> m = accepted.join().readMessageAsync();
            assertThat(net.runUntil(m::isDone, Duration.ofSeconds(10))).isTrue();
            assertThat(m.join()).containsExactly((byte) i);
            assertThat(connected.join().stats().peerAddress()).isEqualTo(targets[i]);
            for (InetSocketAddress[] send : serverSends) {
                if (send[1].equals(clientAddress)) {
                    assertThat(send[0]).as("server socket answering %s", clientAddress).isEqualTo(targets[i]);
                }
            }
        }
    }

    @Test
    void whatAHostWritesOnItsSecondSocketLeavesAtOnceAsOnItsFirst() {
        // A host's tasks run on its first socket's driver; a channel on the second once waited for
        // that socket's next datagram or timer (3 to 13 s of virtual time) before its write left.
        for (int socket = 0; socket < 2; socket++) {
            SimNetwork net = new SimNetwork(62);
            InetSocketAddress first = SimPair.address("10.0.0.2", 5000);
            InetSocketAddress second = SimPair.address("10.0.0.3", 5001);
            Host server = Host.simulated(net, List.of(first, second), HostConfig.builder().random(SimPair.seeded(3)).build());
            Host client = Host.simulated(net, SimPair.address("10.0.1.1", 4000),
                    HostConfig.builder().random(SimPair.seeded(4)).build());
            InetSocketAddress target = socket == 0 ? first : second;
            CompletableFuture<Stream> accepted = server.acceptAsync();
            CompletableFuture<Stream> connected = client.connectAsync(target, server.eid());
            assertThat(net.runUntil(() -> connected.isDone() && accepted.isDone(), Duration.ofSeconds(10))).isTrue();
            net.runFor(Duration.ofSeconds(2)); // every timer of the connect has settled

            long start = net.nowNanos();
            accepted.join().writeMessageAsync(ByteBuffer.wrap(new byte[] {42}));
            CompletableFuture<byte[]> m = connected.join().readMessageAsync();
            assertThat(net.runUntil(m::isDone, Duration.ofSeconds(60))).isTrue();
            assertThat(m.join()).containsExactly(42);
            assertThat(net.nowNanos() - start).as("virtual nanoseconds to a peer of socket %d", socket)
                    .isLessThan(Duration.ofMillis(5).toNanos());
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aHostBoundToTwoLoopbackAddressesServesPeersOnBoth() throws Exception {
        HostConfig config = HostConfig.builder().bindAddresses(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.2", 0)).build();
        try (Host server = Host.bind(config)) {
            List<InetSocketAddress> bound = server.localAddresses();
            assertThat(bound).hasSize(2);
            for (InetSocketAddress target : bound) {
                try (Host client = Host.bind(new InetSocketAddress(target.getAddress(), 0))) {
                    CompletableFuture<Stream> accepted = server.acceptAsync();
                    Stream s = client.connect(target, server.eid());
                    s.writeMessage("hi".getBytes());
                    assertThat(accepted.get(5, TimeUnit.SECONDS).readMessage(Duration.ofSeconds(5)))
                            .isEqualTo("hi".getBytes());
                    assertThat(s.stats().peerAddress()).isEqualTo(target);
                }
            }
        }
    }
}
