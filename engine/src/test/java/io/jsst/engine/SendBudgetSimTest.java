package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The streams of one channel share a send budget of twice one stream's send buffer: many writers
 * do not buffer many times what one would, and a stream whose peer stopped reading never stops the
 * others' writes.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SendBudgetSimTest {
    private static final int SEND_BUFFER = 64 * 1024;
    private static final int CHUNK = 8 * 1024;

    private static SimPair pair(long seed) {
        return new SimPair(seed, b -> b.sendBufferSize(SEND_BUFFER).streamReceiveWindow(16 * 1024)).connect();
    }

    /** Another top-level stream on the pair's channel, accepted (and never read) by the server. */
    private static Stream[] openStream(SimPair pair) {
        CompletableFuture<Stream> accepted = pair.server.acceptAsync();
        CompletableFuture<Stream> connected = pair.client.connectAsync(SimPair.SERVER, null);
        assertThat(pair.net.runUntil(() -> connected.isDone() && accepted.isDone(), Duration.ofSeconds(10))).isTrue();
        return new Stream[] {connected.join(), accepted.join()};
    }

    /** Writes chunks without blocking until the stream refuses one; returns the bytes taken. */
    private static long fill(Stream s) throws IOException {
        long taken = 0;
        for (int i = 0; i < 1_000 && s.tryWrite(ByteBuffer.allocate(CHUNK), false); i++) {
            taken += CHUNK;
        }
        return taken;
    }

    @Test
    void eightStreamsWhosePeerDoesNotReadTogetherHoldAboutTwiceOneSendBuffer() throws IOException {
        SimPair pair = pair(11);
        List<Stream> writers = new ArrayList<>();
        writers.add(pair.clientStream);
        for (int i = 1; i < 8; i++) {
            writers.add(openStream(pair)[0]);
        }
        for (int round = 0; round < 5; round++) {
            for (Stream s : writers) {
                fill(s);
            }
            pair.net.runFor(Duration.ofMillis(200));
        }

        long held = 0;
        for (Stream s : writers) {
            held += s.unacknowledgedBytes();
            assertThat(s.unacknowledgedBytes()).isLessThanOrEqualTo(SEND_BUFFER + CHUNK);
        }
        System.out.printf("8 stalled streams hold %d bytes (a stream's send buffer: %d)%n", held, SEND_BUFFER);
        // Twice one buffer, one write past it, and one write each for streams that held nothing.
        // Without the shared budget each stream would hold its own buffer: 8 x 72 KiB.
        assertThat(held).isLessThanOrEqualTo(2L * SEND_BUFFER + 9L * CHUNK);
        assertThat(held).isGreaterThanOrEqualTo(2L * SEND_BUFFER - CHUNK);
    }

    @Test
    void aStreamMovesItsDataWhileOtherStreamsHoldTheWholeBudgetForPeersThatStoppedReading() throws IOException {
        SimPair pair = pair(12);
        Stream stalledA = pair.clientStream;
        Stream stalledB = openStream(pair)[0];
        Stream[] moving = openStream(pair);
        for (int round = 0; round < 5; round++) {
            fill(stalledA);
            fill(stalledB);
            pair.net.runFor(Duration.ofMillis(100));
        }
        assertThat(stalledA.unacknowledgedBytes() + stalledB.unacknowledgedBytes())
                .isGreaterThanOrEqualTo(2L * SEND_BUFFER);

        Transfer t = new Transfer(moving[0], moving[1], 2 << 20, 16 * 1024).start();

        assertThat(pair.net.runUntil(t::isDone, Duration.ofSeconds(30))).isTrue();
        assertThat(t.received()).isEqualTo(2 << 20);
        assertThat(t.mismatchAt()).isEqualTo(-1);
    }

    @Test
    void aResetStreamGivesItsBytesBackToTheOtherStreams() throws IOException {
        SimPair pair = pair(13);
        Stream stalledA = pair.clientStream;
        Stream stalledB = openStream(pair)[0];
        for (int round = 0; round < 5; round++) {
            fill(stalledA);
            fill(stalledB);
            pair.net.runFor(Duration.ofMillis(100));
        }
        Stream other = openStream(pair)[0];
        assertThat(fill(other)).as("an empty stream takes one write of a spent budget").isEqualTo(CHUNK);

        stalledA.reset(1);
        stalledB.reset(1);
        pair.net.runFor(Duration.ofMillis(100));

        assertThat(fill(other)).isGreaterThanOrEqualTo(SEND_BUFFER - CHUNK);
    }
}
