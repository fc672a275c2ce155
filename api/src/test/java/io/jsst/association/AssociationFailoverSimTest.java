package io.jsst.association;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.Host;
import io.jsst.engine.HostConfig;
import io.jsst.engine.sim.SimNetwork;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** A multihomed server: its association fails over to its second address when the first goes silent. */
class AssociationFailoverSimTest {

    private static InetSocketAddress address(String ip, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static HostConfig config(long seed) throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        return HostConfig.builder().random(random).build();
    }

    @Test
    void thePeersAddressesAreKnownAndASilentPrimaryIsReportedThenReplaced() throws Exception {
        SimNetwork net = new SimNetwork(5);
        InetSocketAddress first = address("10.0.0.2", 5000);
        InetSocketAddress second = address("10.0.0.3", 5000);
        InetSocketAddress clientAddress = address("10.0.1.1", 4000);
        AssociationHost server = AssociationHost.on(Host.simulated(net, List.of(first, second), config(1)));
        AssociationHost client = AssociationHost.on(Host.simulated(net, clientAddress, config(2)));
        LinkedBlockingQueue<AssociationSession> accepted = new LinkedBlockingQueue<>();
        server.listen(new AssociationHost.Acceptor() {
            @Override
            public StreamLimits offer(InetSocketAddress peer) {
                return StreamLimits.DEFAULT;
            }

            @Override
            public void accepted(AssociationSession session) {
                accepted.add(session);
            }
        }, 64 * 1024);
        CompletableFuture<AssociationSession> connected = client.connect(first, StreamLimits.DEFAULT, 64 * 1024);
        assertThat(net.runUntil(() -> connected.isDone() && !accepted.isEmpty(), Duration.ofSeconds(10))).isTrue();
        AssociationSession c = connected.join();
        AssociationSession s = accepted.poll();
        assertThat(c.peerAddresses()).containsExactly(first, second);

        net.partition(clientAddress.getAddress(), first.getAddress(), Duration.ofHours(1));
        c.send(0, false, 1, 0, true, ByteBuffer.wrap(new byte[] {7}), 0);
        assertThat(net.runUntil(s::isReadable, Duration.ofSeconds(60))).isTrue();
        assertThat(s.poll()).isInstanceOfSatisfying(Inbound.Chunk.class, ch -> assertThat(ch.data()).containsExactly(7));

        List<Inbound> events = new ArrayList<>();
        for (Inbound in = c.poll(); in != null; in = c.poll()) {
            events.add(in);
        }
        assertThat(events).containsExactly(
                new Inbound.PeerAddressChange(first, Inbound.PeerAddressChange.Kind.UNREACHABLE),
                new Inbound.PeerAddressChange(second, Inbound.PeerAddressChange.Kind.MADE_PRIMARY));
        assertThat(c.primaryPeerAddress()).isEqualTo(second);
    }
}
