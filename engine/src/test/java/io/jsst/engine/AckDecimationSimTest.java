package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A receiver acknowledges every tenth packet of a fast flow (ack decimation) and every second packet
 * of a slow one, and either way the data arrives whole.
 */
class AckDecimationSimTest {

    private static final int BYTES = 4 << 20;

    /** Sends {@link #BYTES} in 1200-byte datagrams over {@code link}; returns the receiver's channel counters. */
    private static ChannelStats[] transfer(long seed, LinkProfile link) {
        SimPair pair = new SimPair(seed, b -> b.maxDatagramSize(1200));
        pair.net.setDefaultProfile(link);
        pair.connect();
        ChannelStats before = pair.server.channelStats().get(0);
        Transfer t = new Transfer(pair.clientStream, pair.serverStream, BYTES, 64 * 1024).start();
        assertThat(pair.net.runUntil(t::isDone, Duration.ofSeconds(120))).isTrue();
        assertThat(t.received()).isEqualTo(BYTES);
        assertThat(t.mismatchAt()).isEqualTo(-1);
        return new ChannelStats[] {before, pair.server.channelStats().get(0)};
    }

    @Test
    void aFastFlowIsAcknowledgedAboutEveryTenthPacket() {
        // 1 ms each way and no bandwidth limit: packets arrive back to back.
        ChannelStats[] s = transfer(11, LinkProfile.builder().mtu(LinkProfile.MAX_MTU).delay(Duration.ofMillis(1)).build());
        long received = s[1].packetsReceived() - s[0].packetsReceived();
        long acks = s[1].packetsSent() - s[0].packetsSent();
        System.out.printf("fast flow: %d packets in, %d out%n", received, acks);
        assertThat(received).isGreaterThan(3_000);
        assertThat(acks).isLessThan(received / 6);
    }

    @Test
    void aTenMegabitFlowIsStillAcknowledgedEverySecondPacket() {
        // 10 Mbit/s spaces 1200-byte packets about 1 ms apart: no decimation.
        ChannelStats[] s = transfer(12, LinkProfile.builder().delay(Duration.ofMillis(10))
                .bandwidth(10_000_000, 256 * 1024).build());
        long received = s[1].packetsReceived() - s[0].packetsReceived();
        long acks = s[1].packetsSent() - s[0].packetsSent();
        System.out.printf("10 Mbit/s flow: %d packets in, %d out%n", received, acks);
        assertThat(acks).isGreaterThan(received * 2 / 5);
    }
}
