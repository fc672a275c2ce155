package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.channel.DropReason;
import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import io.jsst.engine.wire.Initiate;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Forged, mutated and replayed datagrams thrown at a host with an established channel: nothing
 * crashes (an exception on the simulated loop would fail the test), every one is dropped and
 * counted by reason, and the transfer under way still completes byte-exact.
 */
class BadInputSimTest {
    private static final InetSocketAddress ATTACKER = SimPair.address("10.0.0.66", 6666);
    private static final int RANDOM_DATAGRAMS = 100_000;
    private static final int MUTATIONS = 100_000;

    @Test
    void randomAndMutatedDatagramsAreDroppedAndCountedWhileTheChannelKeepsTransferring() {
        SimPair pair = new SimPair(99);
        LinkProfile link = LinkProfile.builder().delay(Duration.ofMillis(5)).bandwidth(100_000_000, 500_000).build();
        pair.net.setDefaultProfile(link);
        pair.net.setProfile(ATTACKER.getAddress(), SimPair.SERVER.getAddress(),
                LinkProfile.builder().delay(Duration.ofMillis(5)).mtu(LinkProfile.MAX_MTU).build());
        pair.connect();
        List<byte[]> captured = new ArrayList<>();
        pair.net.addTap((t, from, to, data, length) -> {
            if (from.equals(SimPair.CLIENT) && captured.size() < 5_000) {
                captured.add(java.util.Arrays.copyOf(data, length));
            }
        });
        Transfer transfer = new Transfer(pair.clientStream, pair.serverStream, 8L << 20, 256 * 1024).start();
        pair.net.runUntil(() -> captured.size() >= 1_000, Duration.ofSeconds(10));
        long dropsBefore = total(pair.server.drops());

        SplittableRandom random = new SplittableRandom(5);
        long cid = ByteBuffer.wrap(captured.get(captured.size() - 1)).getLong(1);
        int batches = 200;
        long injectionsEnd = pair.net.nowNanos() + batches * 2_000_000L + 50_000_000L;
        for (int b = 0; b < batches; b++) {
            long at = pair.net.nowNanos() + b * 2_000_000L;
            pair.net.schedule(at, () -> {
                for (int i = 0; i < RANDOM_DATAGRAMS / batches; i++) {
                    pair.net.inject(ATTACKER, SimPair.SERVER, randomDatagram(random, cid));
                }
                for (int i = 0; i < MUTATIONS / batches; i++) {
                    byte[] valid = captured.get(random.nextInt(captured.size() / 2));
                    pair.net.inject(ATTACKER, SimPair.SERVER, mutate(valid, random));
                }
            });
        }
        boolean finished = pair.net.runUntil(() -> transfer.isDone() && pair.net.nowNanos() > injectionsEnd,
                Duration.ofSeconds(120));
        Map<DropReason, Long> drops = pair.server.drops();
        System.out.printf("seed 99: transfer done at %.3f s virtual; server drops %s%n", pair.virtualSeconds(), drops);

        assertThat(finished).isTrue();
        assertThat(transfer.mismatchAt()).isEqualTo(-1);
        assertThat(transfer.received()).isEqualTo(8L << 20);
        assertThat(total(drops) - dropsBefore).isGreaterThanOrEqualTo((long) ((RANDOM_DATAGRAMS + MUTATIONS) * 0.99));
        assertThat(drops).containsKeys(DropReason.MALFORMED, DropReason.UNKNOWN_CHANNEL,
                DropReason.DECRYPTION_FAILED, DropReason.REPLAY);
        assertThat(pair.server.channelStats()).hasSize(1);
    }

    @Test
    void tenThousandInitiatesWithoutCookiesLeaveNoStateAtTheResponder() {
        SimPair pair = new SimPair(100);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(5)).build());
        pair.connect();
        int stateBefore = pair.server.responderStateCount();
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 10_000; i++) {
            byte[] nonce = new byte[32];
            byte[] key = new byte[32];
            random.nextBytes(nonce);
            random.nextBytes(key);
            ByteBuffer b = ByteBuffer.allocate(Initiate.PADDED_LENGTH);
            new Initiate(1, random.nextLong(), new int[] {1, 2}, nonce, key, new byte[0]).encode(b);
            InetSocketAddress from = SimPair.address("10.1." + (i / 250) + "." + (i % 250 + 1), 1000 + i);
            pair.net.inject(from, SimPair.SERVER, b.array());
        }
        pair.net.runFor(Duration.ofSeconds(1));

        assertThat(pair.server.responderStateCount()).isEqualTo(stateBefore);
        assertThat(pair.server.channelStats()).hasSize(1);
    }

    private static byte[] randomDatagram(SplittableRandom random, long knownChannelId) {
        byte[] d = new byte[random.nextInt(0, 1500)];
        random.nextBytes(d);
        if (d.length >= 13) {
            switch (random.nextInt(4)) {
                case 0 -> d[0] = 0x40;                                  // a protected header with a random id
                case 1 -> {                                            // a known id: reaches the channel
                    d[0] = 0x40;
                    ByteBuffer.wrap(d).putLong(1, knownChannelId);
                }
                case 2 -> ByteBuffer.wrap(d).putInt(0, 0x00535354);    // the handshake magic
                default -> { }
            }
        }
        return d;
    }

    private static byte[] mutate(byte[] valid, SplittableRandom random) {
        switch (random.nextInt(4)) {
            case 0 -> {                                                // bit flips
                byte[] d = valid.clone();
                int flips = random.nextInt(1, 4);
                for (int i = 0; i < flips; i++) {
                    int bit = random.nextInt(d.length * 8);
                    d[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return d;
            }
            case 1 -> {                                                // truncation
                return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            }
            case 2 -> {                                                // extension
                byte[] d = java.util.Arrays.copyOf(valid, valid.length + random.nextInt(1, 64));
                for (int i = valid.length; i < d.length; i++) {
                    d[i] = (byte) random.nextInt();
                }
                return d;
            }
            default -> {                                               // replay
                return valid.clone();
            }
        }
    }

    private static long total(Map<DropReason, Long> drops) {
        return drops.values().stream().mapToLong(Long::longValue).sum();
    }
}
