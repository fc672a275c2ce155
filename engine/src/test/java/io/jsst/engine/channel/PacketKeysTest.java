package io.jsst.engine.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.crypto.CipherSuite;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PacketKeysTest {

    private static final int HEADER = 8;
    private static final int PAYLOAD = 24;

    private static byte[] secret(int seed) {
        byte[] s = new byte[32];
        new Random(seed).nextBytes(s);
        return s;
    }

    /** A packet sealed by one end, with what the receiver needs to open it. */
    private record Sealed(ByteBuffer buf, int length, long packetNumber, boolean phase, byte[] payload) {
    }

    private static Sealed send(PacketKeys keys, long pn, Random random) {
        keys.beforeSend(pn);
        byte[] payload = new byte[PAYLOAD];
        random.nextBytes(payload);
        ByteBuffer buf = ByteBuffer.allocate(HEADER + PAYLOAD + 16);
        buf.position(HEADER);
        buf.put(payload);
        buf.flip();
        int length = keys.seal(buf, 0, HEADER, PAYLOAD, pn);
        return new Sealed(buf, length, pn, keys.sendPhase(), payload);
    }

    private static boolean opens(PacketKeys keys, Sealed p) {
        ByteBuffer copy = ByteBuffer.allocate(p.buf().capacity());
        copy.put(p.buf().duplicate().clear()).clear().limit(p.buf().limit());
        int n = keys.open(copy, 0, HEADER, p.length(), p.packetNumber(), p.phase());
        if (n != PAYLOAD) {
            return false;
        }
        byte[] plain = new byte[PAYLOAD];
        copy.get(HEADER, plain);
        return java.util.Arrays.equals(plain, p.payload());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CipherSuite.class)
    void releasingTheCiphersAtAnyPointChangesNothingAcrossKeyUpdatesAndLatePackets(CipherSuite suite) {
        // Two pairs fed the same packets in the same order; one pair releases its ciphers now and then.
        PacketKeys sender = new PacketKeys(suite, secret(1), secret(2), 16);
        PacketKeys receiver = new PacketKeys(suite, secret(2), secret(1), 16);
        PacketKeys controlSender = new PacketKeys(suite, secret(1), secret(2), 16);
        PacketKeys controlReceiver = new PacketKeys(suite, secret(2), secret(1), 16);
        Random random = new Random(3);
        List<Sealed> late = new ArrayList<>();
        int lateOpened = 0;
        int lateRefused = 0;
        for (long pn = 0; pn < 400; pn++) {
            long seed = random.nextLong();
            Sealed p = send(sender, pn, new Random(seed));
            Sealed control = send(controlSender, pn, new Random(seed));
            assertThat(p.buf().array()).isEqualTo(control.buf().array());
            assertThat(p.phase()).isEqualTo(control.phase());
            if (random.nextInt(6) == 0) {
                late.add(p); // arrives later, perhaps after the receiver moved on a generation or two
            } else {
                boolean opened = opens(receiver, p);
                assertThat(opened).as("packet %d", pn).isEqualTo(opens(controlReceiver, p)).isTrue();
                sender.onAcked(pn);
                controlSender.onAcked(pn);
            }
            if (random.nextInt(4) == 0) {
                sender.releaseCiphers();
                assertThat(sender.holdsCiphers()).isFalse();
            }
            if (random.nextInt(4) == 0) {
                receiver.releaseCiphers();
                assertThat(receiver.holdsCiphers()).isFalse();
            }
            if (!late.isEmpty() && random.nextInt(10) == 0) {
                Sealed old = late.remove(random.nextInt(late.size()));
                boolean opened = opens(receiver, old);
                assertThat(opened).as("late packet %d at %d", old.packetNumber(), pn)
                        .isEqualTo(opens(controlReceiver, old));
                if (opened) {
                    lateOpened++;
                } else {
                    lateRefused++;
                }
            }
            assertThat(receiver.keyUpdates()).isEqualTo(controlReceiver.keyUpdates());
        }
        assertThat(sender.keyUpdates()).isGreaterThanOrEqualTo(10).isEqualTo(controlSender.keyUpdates());
        assertThat(lateOpened).isPositive();
        assertThat(lateRefused).isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CipherSuite.class)
    void keysHoldNoCiphersBeforeTheFirstPacketAndAfterARelease(CipherSuite suite) {
        PacketKeys keys = new PacketKeys(suite, secret(4), secret(5), 1000);
        PacketKeys peer = new PacketKeys(suite, secret(5), secret(4), 1000);
        assertThat(keys.holdsCiphers()).isFalse();
        Sealed p = send(keys, 0, new Random(6));
        assertThat(keys.holdsCiphers()).isTrue();
        assertThat(opens(peer, p)).isTrue();
        assertThat(peer.holdsCiphers()).isTrue();
        keys.releaseCiphers();
        peer.releaseCiphers();
        assertThat(keys.holdsCiphers()).isFalse();
        assertThat(peer.holdsCiphers()).isFalse();
        assertThat(opens(peer, send(keys, 1, new Random(7)))).isTrue();
    }
}
