package io.jsst.compat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.socket.NetworkDatagram;
import io.jsst.socket.SctpSocket;
import io.jsst.socket.SctpSocketListener;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Datagram mode: several channels at once, each in order, boundaries kept, events per channel. */
class DatagramModeTest {

    private static final int CHANNELS = 8;
    private static final int DATAGRAMS = 10_000;

    /** Datagram {@code i}: its channel, its number on that channel, a length that varies, a pattern. */
    private static byte[] datagram(int i) {
        int length = 8 + (i * 37) % 700;
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putInt(i % CHANNELS).putInt(i / CHANNELS);
        while (b.hasRemaining()) {
            b.put((byte) (i + b.position()));
        }
        return b.array();
    }

    @Test
    void tenThousandDatagramsEachWayOverEightChannelsArriveInOrderPerChannelWithTheirBoundaries() throws Exception {
        try (Pair p = Pair.connect(CHANNELS, CHANNELS)) {
            assertThat(p.client.writeChannelCount()).isEqualTo(CHANNELS);
            ChannelEvents clientEvents = countChannelReadyRead(p.client);
            ChannelEvents serverEvents = countChannelReadyRead(p.accepted);

            CompletableFuture<Void> clientWrites = CompletableFuture.runAsync(() -> writeAll(p.client));
            CompletableFuture<Void> serverWrites = CompletableFuture.runAsync(() -> writeAll(p.accepted));
            CompletableFuture<Void> clientReads = CompletableFuture.runAsync(() -> readAll(p.client));
            CompletableFuture<Void> serverReads = CompletableFuture.runAsync(() -> readAll(p.accepted));
            CompletableFuture.allOf(clientWrites, serverWrites, clientReads, serverReads).get(40, TimeUnit.SECONDS);

            for (ChannelEvents events : List.of(clientEvents, serverEvents)) {
                assertThat(events.all.await(10, TimeUnit.SECONDS)).as("every channelReadyRead").isTrue();
                for (int c = 0; c < CHANNELS; c++) {
                    assertThat(events.get(c)).as("channelReadyRead(%d)", c).isEqualTo(DATAGRAMS / CHANNELS);
                }
                assertThat(events.get(CHANNELS)).as("events for other channels").isZero();
            }
        }
    }

    /** A socket's channelReadyRead events: a count per channel (the last slot: any other channel). */
    private static final class ChannelEvents implements SctpSocketListener {
        final AtomicIntegerArray counts = new AtomicIntegerArray(CHANNELS + 1);
        final CountDownLatch all = new CountDownLatch(DATAGRAMS);

        @Override
        public void channelReadyRead(int channel) {
            counts.incrementAndGet(channel < CHANNELS ? channel : CHANNELS);
            all.countDown();
        }

        int get(int slot) {
            return counts.get(slot);
        }
    }

    private static ChannelEvents countChannelReadyRead(SctpSocket s) {
        ChannelEvents events = new ChannelEvents();
        s.addListener(events);
        return events;
    }

    private static void writeAll(SctpSocket s) {
        // The writer owns the current write channel; nothing else writes on this socket.
        for (int i = 0; i < DATAGRAMS; i++) {
            s.setCurrentWriteChannel(i % CHANNELS);
            int attempts = 0;
            while (!s.writeDatagram(new NetworkDatagram(datagram(i)))) {
                assertThat(++attempts).as("write queue stays full").isLessThan(1000);
                s.waitForBytesWritten(Duration.ofMillis(100));
            }
        }
    }

    private static void readAll(SctpSocket s) {
        // The reader owns the current read channel.
        int[] next = new int[CHANNELS];
        int received = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (received < DATAGRAMS) {
            assertThat(System.nanoTime()).as("all datagrams within the time").isLessThan(deadline);
            boolean any = false;
            for (int c = 0; c < CHANNELS; c++) {
                s.setCurrentReadChannel(c);
                for (NetworkDatagram d = s.readDatagram(); d.isValid(); d = s.readDatagram()) {
                    int i = next[c]++ * CHANNELS + c;
                    assertThat(d.data()).as("datagram %d on channel %d", i, c).isEqualTo(datagram(i));
                    received++;
                    any = true;
                }
            }
            if (!any) {
                s.setCurrentReadChannel(0);
                s.waitForReadyRead(Duration.ofMillis(200));
            }
        }
        for (int c = 0; c < CHANNELS; c++) {
            assertThat(next[c]).isEqualTo(DATAGRAMS / CHANNELS);
        }
    }

    @Test
    void readyReadFiresOnlyForTheCurrentReadChannelAndChannelReadyReadForEvery() throws Exception {
        try (Pair p = Pair.connect(4, 4)) {
            List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> firstChannel = new CompletableFuture<>();
            CompletableFuture<Void> secondChannel = new CompletableFuture<>();
            p.accepted.setCurrentReadChannel(1);
            p.accepted.addListener(new SctpSocketListener() {
                @Override
                public void readyRead() {
                    events.add("readyRead");
                }

                @Override
                public void channelReadyRead(int channel) {
                    events.add("channelReadyRead(" + channel + ")");
                    (channel == 1 ? secondChannel : firstChannel).complete(null);
                }
            });
            p.client.setCurrentWriteChannel(0);
            p.client.writeDatagram(new NetworkDatagram(new byte[] {0}));
            firstChannel.get(10, TimeUnit.SECONDS);
            p.client.setCurrentWriteChannel(1);
            p.client.writeDatagram(new NetworkDatagram(new byte[] {1}));
            secondChannel.get(10, TimeUnit.SECONDS);
            assertThat(events).containsExactly("channelReadyRead(0)", "readyRead", "channelReadyRead(1)");
        }
    }

    @Test
    void readingAChannelWithNothingPendingGivesAnInvalidDatagramAtOnce() throws Exception {
        try (Pair p = Pair.connect(3, 3)) {
            p.client.setCurrentWriteChannel(0);
            p.client.writeDatagram(new NetworkDatagram(new byte[] {42}));
            assertThat(p.accepted.waitForReadyRead(Pair.WAIT)).isTrue();
            p.accepted.setCurrentReadChannel(2);
            long t0 = System.nanoTime();
            NetworkDatagram none = p.accepted.readDatagram();
            assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
            assertThat(none.isValid()).isFalse();
            assertThat(none.data()).isEmpty();
            assertThat(p.accepted.bytesAvailable()).isZero();
            p.accepted.setCurrentReadChannel(0);
            assertThat(p.accepted.bytesAvailable()).isEqualTo(1);
            assertThat(p.accepted.readDatagram().data()).containsExactly(42);
        }
    }

    @Test
    void channelBytesWrittenReportsEachChannelAndBytesWrittenOnlyTheCurrentOne() throws Exception {
        try (Pair p = Pair.connect(2, 2)) {
            AtomicInteger onChannel1 = new AtomicInteger();
            AtomicInteger current = new AtomicInteger();
            CompletableFuture<Void> both = new CompletableFuture<>();
            p.client.addListener(new SctpSocketListener() {
                @Override
                public void bytesWritten(long bytes) {
                    current.addAndGet((int) bytes);
                }

                @Override
                public void channelBytesWritten(int channel, long bytes) {
                    if (channel == 1 && onChannel1.addAndGet((int) bytes) == 30) {
                        both.complete(null);
                    }
                }
            });
            p.client.setCurrentWriteChannel(1);
            p.client.writeDatagram(new NetworkDatagram(new byte[10]));
            p.client.writeDatagram(new NetworkDatagram(new byte[20]));
            assertThat(p.client.waitForBytesWritten(Pair.WAIT)).isTrue();
            both.get(10, TimeUnit.SECONDS);
            assertThat(current.get()).isEqualTo(30);
        }
    }
}
