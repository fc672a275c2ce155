package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Datagrams on a stream: best effort, never retransmitted, fragmented over packets and
 * reassembled whole or dropped whole. Every datagram carries its sequence number, its length and
 * a CRC of its payload, so the receiver can tell a duplicate, a corruption or a splice.
 */
// Real seconds; a separate thread, so a simulated run that deadlocks fails instead of hanging the build.
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramSimTest {
    private static final int HEADER = 16;
    private static final int LARGE = 60 * 1024;

    /** Datagram {@code seq} of {@code size} bytes (at least {@link #HEADER}). */
    static byte[] datagram(int seq, int size) {
        byte[] d = new byte[size];
        for (int j = HEADER; j < size; j++) {
            d[j] = Transfer.patternByte(seq * 131_071L + j);
        }
        CRC32 crc = new CRC32();
        crc.update(d, HEADER, size - HEADER);
        ByteBuffer.wrap(d).putInt(seq).putInt(size).putLong(crc.getValue());
        return d;
    }

    /** Whether {@code d} is exactly some datagram {@link #datagram} made; returns its seq, or -1. */
    static int check(byte[] d) {
        if (d == null || d.length < HEADER) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(d);
        int seq = b.getInt();
        int size = b.getInt();
        if (seq < 0 || size != d.length) {
            return -1;
        }
        return java.util.Arrays.equals(d, datagram(seq, size)) ? seq : -1;
    }

    /** Sends from the simulation's thread; a datagram the API refuses fails the test. */
    private static void send(Stream s, byte[] d) {
        try {
            s.writeDatagram(d);
        } catch (Exception e) {
            throw new AssertionError("writeDatagram of " + d.length + " bytes failed", e);
        }
    }

    private static void send(Stream s, ByteBuffer d) {
        try {
            s.writeDatagram(d);
        } catch (Exception e) {
            throw new AssertionError("writeDatagram of " + d.remaining() + " bytes failed", e);
        }
    }

    /** Reads datagrams from {@code s} until the test ends, recording each. */
    private static final class Receiver {
        final List<byte[]> received = new ArrayList<>();
        Throwable failure;

        Receiver(Stream s) {
            next(s);
        }

        private void next(Stream s) {
            s.readDatagramAsync().whenComplete((d, e) -> {
                if (e != null) {
                    failure = e;
                    return;
                }
                received.add(d);
                next(s);
            });
        }
    }

    @Test
    void underTenPercentLossDatagramsArriveWholeOnceOrNotAtAllAndAreNeverRetransmitted() throws Exception {
        long seed = 5151;
        SimPair pair = new SimPair(seed);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10))
                .bandwidth(100_000_000L, 2 << 20).loss(0.10).duplicate(0.03).reorder(0.05, Duration.ofMillis(3))
                .build());
        pair.connect(Duration.ofSeconds(60));
        Receiver rx = new Receiver(pair.serverStream);

        int count = 2000;
        int[] sizes = new int[count];
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            // Every twentieth is 60 KiB; the rest log-uniform from 16 B to 60 KiB.
            sizes[i] = i % 20 == 19 ? LARGE
                    : (int) Math.round(Math.exp(Math.log(HEADER) + random.nextDouble() * Math.log((double) LARGE / HEADER)));
        }
        // Datagrams are congestion controlled, and 10% loss holds the window near its minimum
        // (a few packets per 20 ms round trip): offer about 80 packets a second, so the sender's
        // queue does not overflow and what is lost is lost on the link.
        long at = pair.net.nowNanos();
        for (int i = 0; i < count; i++) {
            int seq = i;
            pair.net.schedule(at, () -> send(pair.clientStream, datagram(seq, sizes[seq])));
            at += (sizes[i] / 1200 + 1) * 12_000_000L;
        }
        pair.net.runFor(Duration.ofNanos(at - pair.net.nowNanos() + 2_000_000_000L));

        int[] times = new int[count];
        int corrupted = 0;
        for (byte[] d : rx.received) {
            int seq = check(d);
            if (seq < 0 || seq >= count) {
                corrupted++;
            } else {
                times[seq]++;
            }
        }
        int delivered = 0;
        int duplicated = 0;
        int small = 0;
        int smallDelivered = 0;
        int large = 0;
        int largeDelivered = 0;
        for (int i = 0; i < count; i++) {
            delivered += times[i] > 0 ? 1 : 0;
            duplicated += times[i] > 1 ? 1 : 0;
            if (sizes[i] <= 1000) {
                small++;
                smallDelivered += times[i] > 0 ? 1 : 0;
            }
            if (sizes[i] == LARGE) {
                large++;
                largeDelivered += times[i] > 0 ? 1 : 0;
            }
        }
        var stats = pair.clientStream.stats();
        System.out.printf("seed %d: %d of %d datagrams delivered (%d of %d small, %d of %d of 60 KiB), %d duplicated, "
                        + "%d corrupted, in %.3f s virtual; client sent %d packets, %d retransmitted%n", seed,
                delivered, count, smallDelivered, small, largeDelivered, large, duplicated, corrupted,
                pair.virtualSeconds(), stats.packetsSent(), stats.packetsRetransmitted());

        assertThat(rx.failure).as("receiver failure").isNull();
        assertThat(corrupted).as("datagrams not byte-exact").isZero();
        assertThat(duplicated).as("datagrams delivered more than once").isZero();
        assertThat(stats.packetsRetransmitted()).as("packets that carried retransmitted data").isZero();
        // One packet each: about 90% survive; with retransmission nearly all would.
        assertThat((double) smallDelivered / small).as("share of single-packet datagrams delivered")
                .isBetween(0.80, 0.97);
        // About 45 packets each: one loss among them loses the datagram (0.9^45 is 1%).
        assertThat(largeDelivered).as("60 KiB datagrams delivered").isLessThan(large / 2);
        assertThat(delivered).as("datagrams delivered in all").isLessThan(count * 95 / 100);
    }

    @Test
    void underOnePercentLossSomeSixtyKibibyteDatagramsArriveWholeAndTheRestNotAtAll() throws Exception {
        SimPair pair = new SimPair(5155);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10))
                .bandwidth(100_000_000L, 2 << 20).loss(0.01).reorder(0.05, Duration.ofMillis(3)).build());
        pair.connect();
        Receiver rx = new Receiver(pair.serverStream);
        int count = 200;
        long start = pair.net.nowNanos();
        for (int i = 0; i < count; i++) {
            int seq = i;
            pair.net.schedule(start + i * 50_000_000L, () -> send(pair.clientStream, datagram(seq, LARGE)));
        }
        pair.net.runFor(Duration.ofMillis(count * 50L + 2000));
        boolean[] seen = new boolean[count];
        int corrupted = 0;
        int duplicated = 0;
        for (byte[] d : rx.received) {
            int seq = check(d);
            if (seq < 0 || seq >= count) {
                corrupted++;
            } else if (seen[seq]) {
                duplicated++;
            } else {
                seen[seq] = true;
            }
        }
        int delivered = 0;
        for (boolean b : seen) {
            delivered += b ? 1 : 0;
        }
        System.out.printf("seed %d: %d of %d 60 KiB datagrams delivered whole under 1%% loss, %d corrupted or cut, "
                + "%d duplicated; %.3f s virtual%n", pair.net.seed(), delivered, count, corrupted, duplicated,
                pair.virtualSeconds());
        assertThat(rx.failure).isNull();
        assertThat(corrupted).as("datagrams delivered cut, spliced or corrupted").isZero();
        assertThat(duplicated).isZero();
        // About 45 packets each: 0.99^45 is about 64% delivered.
        assertThat(delivered).as("60 KiB datagrams delivered").isBetween(count * 3 / 10, count * 9 / 10);
    }

    @Test
    void withoutLossEveryDatagramUpToSixtyFourKibibytesArrivesWholeOnItsOwnStream() throws Exception {
        SimPair pair = new SimPair(5152);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10))
                .bandwidth(100_000_000L, 2 << 20).build());
        pair.connect();
        CompletableFuture<Stream> accepted = pair.serverStream.acceptSubstreamAsync();
        Stream sub = pair.clientStream.openSubstream();
        sub.writeMessageAsync(ByteBuffer.wrap("open".getBytes()));
        assertThat(pair.net.runUntil(accepted::isDone, Duration.ofSeconds(5))).isTrue();
        Receiver onParent = new Receiver(pair.serverStream);
        Receiver onSub = new Receiver(accepted.join());

        int count = 50;
        long start = pair.net.nowNanos();
        for (int i = 0; i < count; i++) {
            int seq = i;
            pair.net.schedule(start + i * 10_000_000L, () -> {
                send(sub, datagram(seq, 65_536));
                send(pair.clientStream, ByteBuffer.wrap(datagram(1000 + seq, HEADER + seq)));
            });
        }
        boolean all = pair.net.runUntil(() -> onSub.received.size() == count && onParent.received.size() == count,
                Duration.ofSeconds(10));
        System.out.printf("seed %d: %d of %d 64 KiB datagrams on the substream, %d of %d small ones on the parent, "
                + "%.3f s virtual%n", pair.net.seed(), onSub.received.size(), count, onParent.received.size(), count,
                pair.virtualSeconds());
        assertThat(all).isTrue();
        for (int i = 0; i < count; i++) {
            assertThat(check(onSub.received.get(i))).as("64 KiB datagram %d", i).isBetween(0, count - 1);
            assertThat(onSub.received.get(i)).hasSize(65_536);
            assertThat(check(onParent.received.get(i))).as("small datagram %d", i).isBetween(1000, 1000 + count - 1);
        }
        assertThat(pair.clientStream.stats().packetsRetransmitted()).isZero();
    }

    @Test
    void aOneByteDatagramArrives() throws Exception {
        SimPair pair = new SimPair(5153).connect();
        CompletableFuture<byte[]> d = pair.serverStream.readDatagramAsync();
        pair.clientStream.writeDatagram(new byte[] {42});
        assertThat(pair.net.runUntil(d::isDone, Duration.ofSeconds(5))).isTrue();
        assertThat(d.join()).containsExactly(42);
    }

    @Test
    void aDatagramLargerThanSixtyFourKibibytesIsRefused() throws Exception {
        SimPair pair = new SimPair(5154).connect();
        assertThatThrownBy(() -> pair.clientStream.writeDatagram(new byte[65_537]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pair.clientStream.writeDatagram(ByteBuffer.allocate(65_537)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
