package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.sim.SimFate;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Keep-alive, idle timeout, abort, and the anti-amplification limit on a new path. */
class ChannelLifecycleSimTest {

    private static Throwable failureOf(CompletableFuture<?> f) {
        return f.handle((v, e) -> e instanceof CompletionException ? e.getCause() : e).join();
    }

    @Test
    void keepAlivesHoldAQuietChannelOpenPastTheIdleTimeout() {
        SimPair pair = new SimPair(51, b -> b.idleTimeout(Duration.ofSeconds(5)).keepAlive(Duration.ofSeconds(2)));
        pair.connect();
        long sentBefore = pair.net.stats().count(SimFate.SENT);
        pair.net.runFor(Duration.ofSeconds(30));
        assertThat(pair.client.channelStats()).hasSize(1);
        assertThat(pair.server.channelStats()).hasSize(1);
        assertThat(pair.net.stats().count(SimFate.SENT) - sentBefore).isBetween(10L, 60L);
    }

    @Test
    void aChannelQuietLongerThanTheCipherIdleTimeStillCarriesMessagesAndKeyUpdatesBothWays() {
        // Each quiet spell (7 s, past the 5 s after which a channel lets go of its ciphers) ends with
        // messages both ways, under keys that update every 16 packets.
        SimPair pair = new SimPair(54, b -> b.idleTimeout(Duration.ofMinutes(5)).keepAlive(Duration.ZERO)
                .keyUpdateInterval(16));
        pair.connect();
        for (int round = 0; round < 4; round++) {
            pair.net.runFor(Duration.ofSeconds(7));
            for (int i = 0; i < 40; i++) {
                byte[] up = ("up " + round + " " + i).getBytes();
                byte[] down = ("down " + round + " " + i).getBytes();
                pair.clientStream.writeMessageAsync(ByteBuffer.wrap(up));
                CompletableFuture<byte[]> atServer = pair.serverStream.readMessageAsync();
                assertThat(pair.net.runUntil(atServer::isDone, Duration.ofSeconds(5))).isTrue();
                assertThat(atServer.join()).isEqualTo(up);
                pair.serverStream.writeMessageAsync(ByteBuffer.wrap(down));
                CompletableFuture<byte[]> atClient = pair.clientStream.readMessageAsync();
                assertThat(pair.net.runUntil(atClient::isDone, Duration.ofSeconds(5))).isTrue();
                assertThat(atClient.join()).isEqualTo(down);
            }
        }
        assertThat(pair.clientStream.stats().keyUpdates()).isGreaterThanOrEqualTo(8);
        assertThat(pair.serverStream.stats().keyUpdates()).isGreaterThanOrEqualTo(8);
        assertThat(pair.client.channelStats()).hasSize(1);
        assertThat(pair.server.channelStats()).hasSize(1);
    }

    @Test
    void afterALossyTransferAndAQuietSpellAChannelCarriesAnotherTransferIntact() {
        // The quiet spell lets the channel release what the lossy transfer grew (sent-packet records,
        // ACK ranges, ciphers); the second transfer must not notice.
        SimPair pair = new SimPair(55, b -> b.idleTimeout(Duration.ofMinutes(5)).keepAlive(Duration.ZERO));
        pair.net.setDefaultProfile(LinkProfile.lossyWan(10, 0.03));
        for (int round = 0; round < 2; round++) {
            pair.connect(Duration.ofSeconds(30)); // the second time, a new stream on the same channel
            Transfer t = new Transfer(pair.clientStream, pair.serverStream, 1 << 20, 16384).start();
            assertThat(pair.net.runUntil(t::isDone, Duration.ofSeconds(120))).as("transfer %d", round).isTrue();
            assertThat(t.mismatchAt()).isEqualTo(-1);
            assertThat(t.received()).isEqualTo(1 << 20);
            pair.net.runFor(Duration.ofSeconds(7));
            assertThat(pair.client.channelStats()).hasSize(1);
        }
        assertThat(pair.client.channelStats().get(0).packetsLost()).isPositive();
    }

    @Test
    void aChannelThatHearsNothingForTheIdleTimeoutIsLostAndItsReaderFails() {
        SimPair pair = new SimPair(52, b -> b.idleTimeout(Duration.ofSeconds(5)).keepAlive(Duration.ofSeconds(2)));
        pair.connect();
        CompletableFuture<byte[]> read = pair.serverStream.readMessageAsync();
        pair.net.partition(SimPair.CLIENT.getAddress(), SimPair.SERVER.getAddress(), Duration.ofSeconds(60));
        long start = pair.net.nowNanos();
        pair.net.runUntil(read::isDone, Duration.ofSeconds(20));
        assertThat(failureOf(read)).isInstanceOf(IOException.class).hasMessageContaining("idle timeout");
        assertThat(pair.net.nowNanos() - start).isBetween(4_000_000_000L, 7_000_000_000L);
        pair.net.runFor(Duration.ofSeconds(10));
        assertThat(pair.client.channelStats()).isEmpty();
    }

    @Test
    void abortingFailsThePeersPendingReadWithAnError() {
        SimPair pair = new SimPair(53).connect();
        CompletableFuture<byte[]> read = pair.serverStream.readMessageAsync();
        pair.clientStream.abort();
        pair.net.runUntil(read::isDone, Duration.ofSeconds(5));
        assertThat(failureOf(read)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
        CompletableFuture<Void> write = pair.clientStream.writeAsync(ByteBuffer.allocate(10));
        assertThat(failureOf(write)).isInstanceOf(IOException.class);
    }

    @Test
    void beforeANewPathIsValidatedTheServerSendsAtMostThreeTimesWhatItReceivedThere() {
        SimPair pair = new SimPair(54);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(20)).build());
        pair.connect();
        // The server streams to the client, which moves; the new address's replies are held back
        // so the server must wait for validation.
        Transfer t = new Transfer(pair.serverStream, pair.clientStream, 64L << 20, 256 * 1024).start();
        pair.net.runFor(Duration.ofMillis(300));
        InetSocketAddress moved = SimPair.address("10.0.0.1", 4999);
        long[] toNew = new long[1];
        long[] fromNew = new long[1];
        long[] firstToNew = {-1};
        pair.net.addTap((time, from, to, data, length) -> {
            // The server's PATH_CHALLENGE needs one round trip (40 ms) to come back validated.
            if (firstToNew[0] >= 0 && time >= firstToNew[0] + 39_000_000L) {
                return;
            }
            if (to.equals(moved)) {
                if (firstToNew[0] < 0) {
                    firstToNew[0] = time;
                }
                toNew[0] += length;
                assertThat(toNew[0]).as("bytes to the unvalidated address").isLessThanOrEqualTo(3 * fromNew[0]);
            }
            if (from.equals(moved)) {
                fromNew[0] += length;
            }
        });
        pair.net.rebind(SimPair.CLIENT, moved);
        pair.net.runUntil(t::isDone, Duration.ofSeconds(60));
        assertThat(t.mismatchAt()).isEqualTo(-1);
        assertThat(t.received()).isEqualTo(64L << 20);
        assertThat(toNew[0]).isPositive();
    }
}
