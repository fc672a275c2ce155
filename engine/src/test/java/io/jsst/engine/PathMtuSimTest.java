package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.sim.SimFate;
import io.jsst.engine.testing.SimPair;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Path-MTU probing over the simulated network: the packet size climbs to what the link carries
 * (loopback's 65,535, jumbo frames, Ethernet) and falls back when the link's MTU shrinks under it
 * mid-transfer (a black hole), without losing a byte.
 */
class PathMtuSimTest {
    private static final long MIB = 1024 * 1024;
    private static final long SEED = 20261123;

    private static LinkProfile link(int mtu) {
        return LinkProfile.builder().delay(Duration.ofMillis(5)).bandwidth(1_000_000_000, 4 << 20).mtu(mtu).build();
    }

    @ParameterizedTest(name = "seed " + SEED + ", link mtu {0}: packets grow to {1} bytes")
    @CsvSource({"65535, 65000", "9000, 8952", "1500, 1472", "1280, 1200"})
    void thePacketSizeClimbsToWhatTheLinkCarries(int mtu, int expected) {
        SimPair pair = new SimPair(SEED);
        pair.net.setDefaultProfile(link(mtu));
        pair.connect();

        ChannelTransferSimTest.run(pair, 8 * MIB, Duration.ofSeconds(120));

        assertThat(pair.clientStream.stats().maxDatagramSize()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "seed " + SEED + ", link mtu {0} shrinks to {1} mid-transfer: packets fall back to {2}")
    @CsvSource({"9000, 1500, 1472", "65535, 9000, 8952", "65535, 1280, 1200"})
    void aLinkWhoseMtuShrinksMidTransferMakesThePacketSizeFallBack(int before, int after, int expected) {
        SimPair pair = new SimPair(SEED);
        pair.net.setDefaultProfile(link(before));
        pair.connect();
        int[] sizeBeforeShrink = new int[1];
        pair.net.schedule(pair.net.nowNanos() + 100_000_000L, () -> {
            sizeBeforeShrink[0] = pair.clientStream.stats().maxDatagramSize();
            pair.net.setProfile(SimPair.CLIENT.getAddress(), SimPair.SERVER.getAddress(), link(after));
        });

        ChannelTransferSimTest.run(pair, 32 * MIB, Duration.ofSeconds(600));

        assertThat(sizeBeforeShrink[0]).as("size reached before the shrink").isGreaterThan(after);
        assertThat(pair.net.stats().count(SimFate.DROPPED_MTU)).as("datagrams the shrunk link dropped").isPositive();
        assertThat(pair.clientStream.stats().maxDatagramSize()).isEqualTo(expected);
    }

    @Test
    void lossOnAPathThatStillCarriesLargePacketsDoesNotShrinkThem() {
        SimPair pair = new SimPair(SEED);
        pair.net.setDefaultProfile(link(9000).toBuilder().loss(0.05).build());
        pair.connect();

        ChannelTransferSimTest.run(pair, 8 * MIB, Duration.ofSeconds(600));

        assertThat(pair.clientStream.stats().maxDatagramSize()).isEqualTo(8952);
    }
}
