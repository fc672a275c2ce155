package io.jsst.association;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.Host;
import io.jsst.engine.HostConfig;
import io.jsst.engine.sim.SimNetwork;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Two association hosts on a simulated network, and an association between them. */
final class SimulatedAssociations {

    final SimNetwork net;
    final AssociationHost client;
    final AssociationHost server;
    final AssociationSession clientSession;
    final AssociationSession serverSession;

    SimulatedAssociations(long seed, Consumer<HostConfig.Builder> tune, StreamLimits clientLimits,
                          StreamLimits serverLimits) {
        net = new SimNetwork(seed);
        HostConfig.Builder b = HostConfig.builder();
        tune.accept(b);
        HostConfig config = b.build();
        client = AssociationHost.on(Host.simulated(net, new InetSocketAddress("10.0.0.1", 9000), config));
        server = AssociationHost.on(Host.simulated(net, new InetSocketAddress("10.0.0.2", 9000), config));
        CompletableFuture<AssociationSession> accepted = new CompletableFuture<>();
        server.listen(new AssociationHost.Acceptor() {
            @Override
            public StreamLimits offer(InetSocketAddress peer) {
                return serverLimits;
            }

            @Override
            public void accepted(AssociationSession session) {
                accepted.complete(session);
            }
        }, AssociationHost.DEFAULT_RECEIVE_BUFFER);
        CompletableFuture<AssociationSession> connected = client.connect(server.localAddresses().get(0), clientLimits,
                AssociationHost.DEFAULT_RECEIVE_BUFFER);
        assertThat(net.runUntil(() -> connected.isDone() && accepted.isDone(), Duration.ofSeconds(10))).isTrue();
        clientSession = connected.join();
        serverSession = accepted.join();
    }
}
