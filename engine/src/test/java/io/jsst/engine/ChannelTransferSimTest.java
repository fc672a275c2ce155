package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.sim.SimFate;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * A 16 MiB transfer over the simulated network, byte-exact, under each impairment the channel
 * must survive. Every scenario runs in virtual time and prints the virtual time it took; a
 * failing seed replays exactly.
 */
class ChannelTransferSimTest {
    private static final long MIB = 1024 * 1024;
    private static final long SEED = 20261123;

    /** 20 ms one way, 50 Mbit/s with a one-BDP queue: the base all scenarios impair. */
    static LinkProfile.Builder base() {
        return LinkProfile.builder().delay(Duration.ofMillis(20)).bandwidth(50_000_000, 250_000);
    }

    record Scenario(String name, LinkProfile profile, Consumer<SimPair> during) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                new Scenario("no impairment", base().build(), p -> { }),
                new Scenario("5% random loss", base().loss(0.05).build(), p -> { }),
                new Scenario("30% random loss", base().loss(0.30).build(), p -> { }),
                new Scenario("burst loss (Gilbert-Elliott)", base().burstLoss(0.01, 0.3, 0.8).build(), p -> { }),
                new Scenario("10% reordering with 20 ms jitter",
                        base().reorder(0.10, Duration.ofMillis(15)).jitter(Duration.ofMillis(20)).build(), p -> { }),
                new Scenario("5% duplication", base().duplicate(0.05).build(), p -> { }),
                new Scenario("1% corruption", base().corrupt(0.01).build(), p -> { }),
                new Scenario("2 s partition mid-transfer", base().build(), p -> p.net.schedule(
                        p.net.nowNanos() + 500_000_000L,
                        () -> p.net.partition(SimPair.CLIENT.getAddress(), SimPair.SERVER.getAddress(),
                                Duration.ofSeconds(2)))),
                new Scenario("NAT rebinding mid-transfer", base().build(), p -> p.net.schedule(
                        p.net.nowNanos() + 500_000_000L,
                        () -> p.net.rebind(SimPair.CLIENT, SimPair.address("10.0.0.1", 4999)))))
                .map(s -> Arguments.of(s));
    }

    static Transfer run(SimPair pair, long bytes, Duration limit) {
        Transfer t = new Transfer(pair.clientStream, pair.serverStream, bytes, 256 * 1024).start();
        boolean finished = pair.net.runUntil(t::isDone, limit);
        ChannelStats stats = pair.clientStream.stats();
        System.out.printf("seed %d: %d of %d bytes in %.3f s virtual; rtt %.1f ms, cwnd %d, sent %d, lost %d, "
                        + "retransmitted %d, mtu %d, drops %s%n", pair.net.seed(), t.received(), bytes,
                pair.virtualSeconds(), stats.smoothedRttNanos() / 1e6, stats.congestionWindow(), stats.packetsSent(),
                stats.packetsLost(), stats.packetsRetransmitted(), stats.maxDatagramSize(), pair.server.drops());
        assertThat(finished).as("transfer finished within %s of virtual time", limit).isTrue();
        assertThat(t.future()).isCompleted();
        assertThat(t.mismatchAt()).as("first corrupted offset").isEqualTo(-1);
        assertThat(t.received()).isEqualTo(bytes);
        assertThat(t.endedCleanly()).isTrue();
        return t;
    }

    @ParameterizedTest(name = "16 MiB byte-exact, seed " + SEED + ", {0}")
    @MethodSource("scenarios")
    void sixteenMebibytesArriveByteExact(Scenario scenario) {
        SimPair pair = new SimPair(SEED);
        pair.net.setDefaultProfile(scenario.profile());
        pair.connect(Duration.ofSeconds(60));
        System.out.print(scenario.name() + ": ");
        scenario.during().accept(pair);
        run(pair, 16 * MIB, Duration.ofSeconds(3600));
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        double[] times = new double[2];
        long[] packets = new long[2];
        for (int i = 0; i < 2; i++) {
            SimPair pair = new SimPair(7);
            pair.net.setDefaultProfile(base().loss(0.05).jitter(Duration.ofMillis(5)).build());
            pair.connect();
            run(pair, 2 * MIB, Duration.ofSeconds(600));
            times[i] = pair.virtualSeconds();
            packets[i] = pair.net.stats().count(SimFate.SENT);
        }
        assertThat(times[1]).isEqualTo(times[0]);
        assertThat(packets[1]).isEqualTo(packets[0]);
    }

    @Test
    void aNatRebindingMovesTheChannelToTheNewAddressAfterValidatingIt() {
        SimPair pair = new SimPair(SEED);
        pair.net.setDefaultProfile(base().build());
        pair.connect();
        InetSocketAddress moved = SimPair.address("10.0.0.1", 4999);
        pair.net.schedule(pair.net.nowNanos() + 300_000_000L, () -> pair.net.rebind(SimPair.CLIENT, moved));
        run(pair, 4 * MIB, Duration.ofSeconds(120));
        assertThat(pair.serverStream.stats().peerAddress()).isEqualTo(moved);
    }
}
