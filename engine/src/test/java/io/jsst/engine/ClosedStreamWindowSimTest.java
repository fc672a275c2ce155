package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Bytes that will never be read must still give their channel flow-control room back. */
class ClosedStreamWindowSimTest {

    private static SimPair pair(long seed) {
        SimPair pair = new SimPair(seed, b -> b.channelReceiveWindow(1024 * 1024));
        pair.connect();
        return pair;
    }

    /** A fresh substream must still carry 1 MiB: fails if the channel window leaked away. */
    private static void assertChannelStillCarries(SimPair pair) throws Exception {
        CompletableFuture<Stream> accepted = new CompletableFuture<>();
        pair.serverStream.setSubstreamListener(accepted::complete);
        Stream last = pair.clientStream.openSubstream();
        last.writeMessageAsync(ByteBuffer.wrap(new byte[] {1}));
        assertThat(pair.net.runUntil(accepted::isDone, Duration.ofSeconds(10))).as("last substream opened").isTrue();
        Stream lastAtServer = accepted.join();
        CompletableFuture<byte[]> hello = lastAtServer.readMessageAsync();
        assertThat(pair.net.runUntil(hello::isDone, Duration.ofSeconds(10))).as("first byte arrived").isTrue();
        Transfer t = new Transfer(last, lastAtServer, 1 << 20, 16 * 1024).start();
        assertThat(pair.net.runUntil(t::isDone, Duration.ofSeconds(60)))
                .as("1 MiB through the channel after the others (received %d)", t.received()).isTrue();
    }

    @Test
    void bytesArrivingOnAStreamClosedByItsReaderStillFreeTheChannelWindow() throws Exception {
        SimPair pair = pair(101);
        List<Stream> atServer = new ArrayList<>();
        pair.serverStream.setSubstreamListener(atServer::add);
        for (int i = 0; i < 5; i++) {
            Stream sub = pair.clientStream.openSubstream();
            sub.writeMessageAsync(ByteBuffer.wrap(new byte[] {1}));
            int expected = i + 1;
            assertThat(pair.net.runUntil(() -> atServer.size() == expected, Duration.ofSeconds(10))).as("substream %d opened", i).isTrue();
            // The server is done with it: "Bytes still arriving are discarded" (Stream.close).
            atServer.get(i).closeAsync();
            pair.net.runFor(Duration.ofMillis(200));
            // The client, not knowing yet, still sends 300 KB, then ends its side.
            sub.writeAsync(ByteBuffer.allocate(300 * 1024));
            sub.shutdownOutput();
            pair.net.runFor(Duration.ofSeconds(2));
        }
        // 1.5 MB went to closed readers through a 1 MiB channel window.
        assertChannelStillCarries(pair);
    }

    @Test
    void bytesReadButNotYetReportedWhenAStreamIsResetStillFreeTheChannelWindow() throws Exception {
        SimPair pair = pair(102);
        List<Stream> atServer = new ArrayList<>();
        pair.serverStream.setSubstreamListener(atServer::add);
        for (int i = 0; i < 20; i++) {
            Stream sub = pair.clientStream.openSubstream();
            sub.writeMessageAsync(ByteBuffer.allocate(100 * 1024));
            int expected = i + 1;
            assertThat(pair.net.runUntil(() -> atServer.size() == expected
                    && atServer.get(expected - 1).available() == 100 * 1024, Duration.ofSeconds(10)))
                    .as("substream %d delivered its 100 KB", i).isTrue();
            // The reader takes 60 KB of the 100 KB message (below the 64 KiB report threshold) ...
            CompletableFuture<MessagePart> part = atServer.get(i).readMessagePartAsync(ByteBuffer.allocate(60 * 1024));
            assertThat(part.getNow(null)).isNotNull();
            // ... and the stream is reset.
            sub.reset(7);
            pair.net.runFor(Duration.ofMillis(100));
        }
        assertChannelStillCarries(pair);
    }
}
