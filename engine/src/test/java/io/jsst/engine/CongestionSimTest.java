package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.channel.cc.CongestionControl;
import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.sim.SimNetwork;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Congestion control on simulated bottlenecks: sharing, and filling a long lossy pipe. */
class CongestionSimTest {
    private static final InetSocketAddress SERVER = SimPair.SERVER;

    /** A sender host and its stream to the server, connected in virtual time. */
    private static Stream[] connect(SimNetwork net, Host server, InetSocketAddress at, long seed) {
        Host client = Host.simulated(net, at, HostConfig.builder().random(SimPair.seeded(seed))
                .congestionControl(CongestionControl.CUBIC).build());
        CompletableFuture<Stream> accepted = server.acceptAsync();
        CompletableFuture<Stream> connected = client.connectAsync(SERVER, null);
        assertThat(net.runUntil(() -> connected.isDone() && accepted.isDone(), Duration.ofSeconds(10))).isTrue();
        return new Stream[] {connected.join(), accepted.join()};
    }

    @Test
    void twoChannelsThroughOneTenMegabitBottleneckEachGetFortyToSixtyPercent() {
        SimNetwork net = new SimNetwork(31);
        // 60 ms RTT; a 10 Mbit/s bottleneck towards the server with a one-BDP (75 kB) queue. A
        // millisecond of jitter, as any real path has, breaks the phase lock that an exactly
        // periodic simulation creates between two drop-tail flows (Floyd and Jacobson, 1992).
        net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(30)).build());
        net.setProfile(SimPair.CLIENT.getAddress(), SERVER.getAddress(), LinkProfile.builder()
                .delay(Duration.ofMillis(30)).jitter(Duration.ofMillis(1)).bandwidth(10_000_000, 75_000).build());
        Host server = Host.simulated(net, SERVER, HostConfig.builder().random(SimPair.seeded(30)).build());
        // Both senders share one IP address, hence one link and its queue.
        Stream[] a = connect(net, server, SimPair.address("10.0.0.1", 4000), 32);
        Stream[] b = connect(net, server, SimPair.address("10.0.0.1", 4001), 33);
        Transfer ta = new Transfer(a[0], a[1], 1L << 40, 256 * 1024).start();
        Transfer tb = new Transfer(b[0], b[1], 1L << 40, 256 * 1024).start();

        net.runFor(Duration.ofSeconds(20));
        long a0 = ta.received();
        long b0 = tb.received();
        net.runFor(Duration.ofSeconds(40));
        long da = ta.received() - a0;
        long db = tb.received() - b0;
        double shareA = (double) da / (da + db);
        double utilisation = (da + db) * 8 / 40.0 / 10_000_000;
        System.out.printf("seed 31: after convergence (20-60 s virtual) A %.1f%%, B %.1f%%, link use %.1f%%%n",
                100 * shareA, 100 * (1 - shareA), 100 * utilisation);
        assertThat(shareA).isBetween(0.40, 0.60);
        assertThat(utilisation).isGreaterThan(0.80);
    }

    @Test
    void oneCubicChannelFillsAHundredMegabitFiftyMillisecondLinkWithPointOnePercentLoss() {
        SimNetwork net = new SimNetwork(41);
        net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(25)).loss(0.001).build());
        net.setProfile(SimPair.CLIENT.getAddress(), SERVER.getAddress(), LinkProfile.builder()
                .delay(Duration.ofMillis(25)).loss(0.001).bandwidth(100_000_000, 625_000).build());
        Host server = Host.simulated(net, SERVER, HostConfig.builder().random(SimPair.seeded(40)).build());
        Stream[] s = connect(net, server, SimPair.CLIENT, 42);
        Transfer t = new Transfer(s[0], s[1], 1L << 40, 256 * 1024).start();

        net.runFor(Duration.ofSeconds(5));
        long r0 = t.received();
        net.runFor(Duration.ofSeconds(20));
        double rate = (t.received() - r0) * 8 / 20.0;
        System.out.printf("seed 41: CUBIC on 100 Mbit/s, 50 ms, 0.1%% loss: %.1f Mbit/s from 5 to 25 s virtual; %s%n",
                rate / 1e6, s[0].stats());
        assertThat(t.mismatchAt()).isEqualTo(-1);
        assertThat(rate).isGreaterThanOrEqualTo(0.80 * 100_000_000);
    }
}
