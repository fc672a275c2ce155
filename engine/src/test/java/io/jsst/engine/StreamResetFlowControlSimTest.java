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

/** Resets give back the flow-control room their unread bytes took: many resets never starve a channel. */
class StreamResetFlowControlSimTest {

    @Test
    void bytesOfResetStreamsNeverReadStillFreeTheChannelWindow() throws Exception {
        // The channel window (1 MiB, the least there is); each of 120 substreams delivers 12 KiB nobody
        // reads, then is reset: 1.4 MiB in all.
        SimPair pair = new SimPair(91, b -> b.streamReceiveWindow(16 * 1024));
        pair.connect();
        List<Stream> atServer = new ArrayList<>();
        pair.serverStream.setSubstreamListener(atServer::add);
        for (int i = 0; i < 120; i++) {
            Stream sub = pair.clientStream.openSubstream();
            CompletableFuture<Void> written = sub.writeAsync(ByteBuffer.allocate(12 * 1024));
            int expected = i + 1;
            assertThat(pair.net.runUntil(() -> written.isDone() && atServer.size() == expected
                    && atServer.get(expected - 1).available() == 12 * 1024, Duration.ofSeconds(10)))
                    .as("substream %d delivered", i).isTrue();
            if (i % 2 == 0) {
                sub.reset(7);                     // this side resets
            } else {
                atServer.get(i).reset(8);         // the reader's side resets
            }
            pair.net.runFor(Duration.ofMillis(50));
        }
        // 1.4 MiB went through a 1 MiB channel window without being read: the resets gave it back.
        CompletableFuture<Stream> accepted = new CompletableFuture<>();
        pair.serverStream.setSubstreamListener(accepted::complete);
        Stream last = pair.clientStream.openSubstream();
        last.writeMessageAsync(ByteBuffer.wrap(new byte[] {1}));
        assertThat(pair.net.runUntil(accepted::isDone, Duration.ofSeconds(10))).isTrue();
        Stream lastAtServer = accepted.join();
        CompletableFuture<byte[]> hello = lastAtServer.readMessageAsync();
        assertThat(pair.net.runUntil(hello::isDone, Duration.ofSeconds(10))).isTrue();
        Transfer t = new Transfer(last, lastAtServer, 1 << 20, 16 * 1024).start();
        assertThat(pair.net.runUntil(t::isDone, Duration.ofSeconds(60))).isTrue();
        assertThat(t.received()).isEqualTo(1 << 20);
        assertThat(t.mismatchAt()).isEqualTo(-1);
    }
}
