package io.jsst.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.spec.AlgorithmParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PacketProtectionTest {

    private static final int HEADER_OFFSET = 3;
    private static final int HEADER_LENGTH = 11;
    private static final int PAYLOAD_OFFSET = HEADER_OFFSET + HEADER_LENGTH;

    static List<Arguments> suitesAndBuffers() {
        List<Arguments> all = new ArrayList<>();
        for (CipherSuite suite : CipherSuite.values()) {
            for (boolean direct : new boolean[] {false, true}) {
                all.add(Arguments.of(suite, direct));
            }
        }
        return all;
    }

    private static byte[] secret(int seed) {
        byte[] s = new byte[32];
        new Random(seed).nextBytes(s);
        return s;
    }

    private static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A buffer holding 3 junk bytes, an 11-byte header, then the payload, with room for the tag. */
    private static ByteBuffer packet(boolean direct, byte[] header, byte[] payload) {
        int capacity = PAYLOAD_OFFSET + payload.length + PacketProtection.TAG_LENGTH + 5;
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        buf.put(new byte[] {9, 9, 9}).put(header).put(payload);
        buf.flip();
        return buf;
    }

    private static byte[] range(ByteBuffer buf, int from, int length) {
        byte[] out = new byte[length];
        buf.get(from, out);
        return out;
    }

    private static ByteBuffer copy(ByteBuffer buf, boolean direct) {
        ByteBuffer copy = direct ? ByteBuffer.allocateDirect(buf.capacity()) : ByteBuffer.allocate(buf.capacity());
        copy.put(buf.duplicate().clear()).clear().limit(buf.limit());
        return copy;
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void sealThenOpenRestoresThePayloadInPlace(CipherSuite suite, boolean direct) {
        byte[] header = bytes(HEADER_LENGTH, 1);
        byte[] payload = bytes(100, 2);
        ByteBuffer buf = packet(direct, header, payload);
        buf.position(1);
        PacketProtection protection = suite.newProtection(secret(7));

        int sealed = protection.seal(buf, HEADER_OFFSET, PAYLOAD_OFFSET, payload.length, 42);

        assertThat(sealed).isEqualTo(116);
        assertThat(buf.position()).isEqualTo(1);
        assertThat(buf.limit()).isEqualTo(PAYLOAD_OFFSET + 116);
        assertThat(range(buf, HEADER_OFFSET, HEADER_LENGTH)).isEqualTo(header);
        assertThat(range(buf, PAYLOAD_OFFSET, 100)).isNotEqualTo(payload);

        int opened = protection.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 42);

        assertThat(opened).isEqualTo(100);
        assertThat(buf.position()).isEqualTo(1);
        assertThat(range(buf, PAYLOAD_OFFSET, 100)).isEqualTo(payload);
        assertThat(range(buf, 0, 3)).containsExactly(9, 9, 9);
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void anotherObjectWithTheSameSecretOpensWhatOneSealed(CipherSuite suite, boolean direct) {
        byte[] payload = bytes(50, 3);
        ByteBuffer buf = packet(direct, bytes(HEADER_LENGTH, 4), payload);
        int sealed = suite.newProtection(secret(8)).seal(buf, HEADER_OFFSET, PAYLOAD_OFFSET, 50, 5);

        assertThat(suite.newProtection(secret(8)).open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 5))
                .isEqualTo(50);
        assertThat(range(buf, PAYLOAD_OFFSET, 50)).isEqualTo(payload);
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void tamperingWithAnyByteOfHeaderPayloadOrTagFailsOpen(CipherSuite suite, boolean direct) {
        byte[] payload = bytes(40, 5);
        ByteBuffer sealedPacket = packet(direct, bytes(HEADER_LENGTH, 6), payload);
        PacketProtection protection = suite.newProtection(secret(9));
        int sealed = protection.seal(sealedPacket, HEADER_OFFSET, PAYLOAD_OFFSET, payload.length, 1000);

        for (int i = HEADER_OFFSET; i < PAYLOAD_OFFSET + sealed; i++) {
            ByteBuffer tampered = copy(sealedPacket, direct);
            tampered.put(i, (byte) (tampered.get(i) ^ 0x01));
            assertThat(protection.open(tampered, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 1000))
                    .as("flipped byte %d", i)
                    .isEqualTo(-1);
        }
        ByteBuffer untouched = copy(sealedPacket, direct);
        assertThat(protection.open(untouched, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 1000)).isEqualTo(40);
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void openingWithAnotherPacketNumberFails(CipherSuite suite, boolean direct) {
        ByteBuffer buf = packet(direct, bytes(HEADER_LENGTH, 7), bytes(30, 8));
        PacketProtection protection = suite.newProtection(secret(10));
        int sealed = protection.seal(buf, HEADER_OFFSET, PAYLOAD_OFFSET, 30, 77);

        assertThat(protection.open(copy(buf, direct), HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 78)).isEqualTo(-1);
        assertThat(protection.open(copy(buf, direct), HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 77 | (1L << 40)))
                .isEqualTo(-1);
        assertThat(protection.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 77)).isEqualTo(30);
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void forgedPacketsWithTheSamePacketNumberDoNotBlockTheGenuineOne(CipherSuite suite, boolean direct) {
        byte[] payload = bytes(30, 25);
        ByteBuffer genuine = packet(direct, bytes(HEADER_LENGTH, 26), payload);
        PacketProtection receiver = suite.newProtection(secret(20));
        int sealed = suite.newProtection(secret(20)).seal(genuine, HEADER_OFFSET, PAYLOAD_OFFSET, 30, 8);
        ByteBuffer forged = copy(genuine, direct);
        forged.put(PAYLOAD_OFFSET, (byte) (forged.get(PAYLOAD_OFFSET) ^ 0x80));

        assertThat(receiver.open(copy(forged, direct), HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 8)).isEqualTo(-1);
        assertThat(receiver.open(copy(forged, direct), HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 8)).isEqualTo(-1);
        assertThat(receiver.open(genuine, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 8)).isEqualTo(30);
        assertThat(range(genuine, PAYLOAD_OFFSET, 30)).isEqualTo(payload);
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void openingWithAnotherKeyFails(CipherSuite suite, boolean direct) {
        ByteBuffer buf = packet(direct, bytes(HEADER_LENGTH, 9), bytes(30, 10));
        int sealed = suite.newProtection(secret(11)).seal(buf, HEADER_OFFSET, PAYLOAD_OFFSET, 30, 1);

        assertThat(suite.newProtection(secret(12)).open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 1))
                .isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void anEmptyPayloadSealsToATagAlone(CipherSuite suite, boolean direct) {
        ByteBuffer buf = packet(direct, bytes(HEADER_LENGTH, 11), new byte[0]);
        PacketProtection protection = suite.newProtection(secret(13));
        int sealed = protection.seal(buf, HEADER_OFFSET, PAYLOAD_OFFSET, 0, 3);

        assertThat(sealed).isEqualTo(16);
        assertThat(protection.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 3)).isZero();
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void badRangesAndShortInputOpenToMinusOneWithoutThrowing(CipherSuite suite, boolean direct) {
        ByteBuffer buf = packet(direct, bytes(HEADER_LENGTH, 12), bytes(20, 13));
        PacketProtection protection = suite.newProtection(secret(14));
        int sealed = protection.seal(buf, HEADER_OFFSET, PAYLOAD_OFFSET, 20, 9);

        assertThat(protection.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, 15, 9)).isEqualTo(-1);
        assertThat(protection.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, 0, 9)).isEqualTo(-1);
        assertThat(protection.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, -5, 9)).isEqualTo(-1);
        assertThat(protection.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed + 1, 9)).isEqualTo(-1);
        assertThat(protection.open(buf, -1, PAYLOAD_OFFSET, sealed, 9)).isEqualTo(-1);
        assertThat(protection.open(buf, PAYLOAD_OFFSET + 1, PAYLOAD_OFFSET, sealed, 9)).isEqualTo(-1);
        assertThat(protection.open(buf, HEADER_OFFSET, buf.limit() + 1, 16, 9)).isEqualTo(-1);
        assertThat(protection.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, Integer.MAX_VALUE, 9)).isEqualTo(-1);
        // Truncating the ciphertext by one byte is an authentication failure, not an exception.
        assertThat(protection.open(copy(buf, direct), HEADER_OFFSET, PAYLOAD_OFFSET, sealed - 1, 9)).isEqualTo(-1);
        assertThat(protection.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 9)).isEqualTo(20);
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void sealingWithoutRoomForTheTagThrows(CipherSuite suite, boolean direct) {
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(40) : ByteBuffer.allocate(40);
        PacketProtection protection = suite.newProtection(secret(15));

        assertThatThrownBy(() -> protection.seal(buf, 0, 10, 15, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(protection.seal(buf, 0, 10, 14, 1)).isEqualTo(30);
        assertThat(buf.limit()).isEqualTo(40);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CipherSuite.class)
    void sealingTheSamePacketNumberTwiceInARowIsRefused(CipherSuite suite) {
        PacketProtection protection = suite.newProtection(secret(16));
        protection.seal(packet(false, bytes(HEADER_LENGTH, 1), bytes(10, 1)), HEADER_OFFSET, PAYLOAD_OFFSET, 10, 4);

        assertThatThrownBy(
                        () ->
                                protection.seal(
                                        packet(false, bytes(HEADER_LENGTH, 1), bytes(10, 2)), HEADER_OFFSET, PAYLOAD_OFFSET, 10, 4))
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CipherSuite.class)
    void aNewProtectionHoldsNoCipherUntilItsFirstSealOrOpen(CipherSuite suite) {
        PacketProtection protection = suite.newProtection(secret(30));
        assertThat(protection.holdsCiphers()).isFalse();
        protection.seal(packet(false, bytes(HEADER_LENGTH, 1), bytes(10, 1)), HEADER_OFFSET, PAYLOAD_OFFSET, 10, 1);
        assertThat(protection.holdsCiphers()).isTrue();
        protection.releaseCiphers();
        assertThat(protection.holdsCiphers()).isFalse();
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void afterReleasingItsCiphersAProtectionStillSealsAndOpensAsBefore(CipherSuite suite, boolean direct) {
        PacketProtection sender = suite.newProtection(secret(31));
        PacketProtection receiver = suite.newProtection(secret(31));
        for (int pn = 0; pn < 6; pn++) {
            byte[] payload = bytes(40, pn);
            ByteBuffer buf = packet(direct, bytes(HEADER_LENGTH, pn), payload);
            ByteBuffer expected = packet(direct, bytes(HEADER_LENGTH, pn), payload);
            int sealed = sender.seal(buf, HEADER_OFFSET, PAYLOAD_OFFSET, 40, pn);
            // The same bytes from a protection that never released anything.
            suite.newProtection(secret(31)).seal(expected, HEADER_OFFSET, PAYLOAD_OFFSET, 40, pn);
            assertThat(range(buf, 0, buf.limit())).isEqualTo(range(expected, 0, expected.limit()));
            assertThat(receiver.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, pn)).isEqualTo(40);
            assertThat(range(buf, PAYLOAD_OFFSET, 40)).isEqualTo(payload);
            if (pn % 2 == 0) {
                sender.releaseCiphers();
                receiver.releaseCiphers();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CipherSuite.class)
    void sealingThePacketNumberJustSealedIsRefusedEvenAfterAReleaseOfTheCiphers(CipherSuite suite) {
        PacketProtection protection = suite.newProtection(secret(32));
        protection.seal(packet(false, bytes(HEADER_LENGTH, 1), bytes(10, 1)), HEADER_OFFSET, PAYLOAD_OFFSET, 10, 9);
        protection.releaseCiphers();

        assertThatThrownBy(() -> protection.seal(
                        packet(false, bytes(HEADER_LENGTH, 1), bytes(10, 2)), HEADER_OFFSET, PAYLOAD_OFFSET, 10, 9))
                .isInstanceOf(IllegalStateException.class);
        assertThat(protection.seal(packet(false, bytes(HEADER_LENGTH, 1), bytes(10, 2)), HEADER_OFFSET,
                PAYLOAD_OFFSET, 10, 10)).isEqualTo(26);
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("suitesAndBuffers")
    void oneMebibyteOf16KibPacketsRoundTrips(CipherSuite suite, boolean direct) {
        int packetSize = 16 * 1024;
        PacketProtection sender = suite.newProtection(secret(17));
        PacketProtection receiver = suite.newProtection(secret(17));
        int capacity = PAYLOAD_OFFSET + packetSize + PacketProtection.TAG_LENGTH;
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        byte[] payload = new byte[packetSize];
        byte[] header = new byte[HEADER_LENGTH];
        byte[] opened = new byte[packetSize];
        Random random = new Random(18);

        for (long pn = 0; pn < 64; pn++) {
            random.nextBytes(payload);
            random.nextBytes(header);
            buf.clear();
            buf.put(HEADER_OFFSET, header).put(PAYLOAD_OFFSET, payload);
            buf.limit(PAYLOAD_OFFSET + packetSize);

            int sealed = sender.seal(buf, HEADER_OFFSET, PAYLOAD_OFFSET, packetSize, pn);
            assertThat(receiver.open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, pn)).isEqualTo(packetSize);

            buf.get(PAYLOAD_OFFSET, opened);
            assertThat(opened).isEqualTo(payload);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CipherSuite.class)
    void heapSliceDirectAndAPlainCipherAllAgreeOnTheCiphertext(CipherSuite suite) throws Exception {
        byte[] secret = secret(19);
        byte[] header = bytes(HEADER_LENGTH, 20);
        byte[] payload = bytes(64, 21);
        long pn = 0x0123_4567_89ABL;

        ByteBuffer heap = packet(false, header, payload);
        ByteBuffer direct = packet(true, header, payload);
        byte[] backing = new byte[7 + heap.capacity()];
        ByteBuffer slice = ByteBuffer.wrap(backing, 7, heap.capacity()).slice();
        slice.put(heap.duplicate()).flip();
        int sealed = suite.newProtection(secret).seal(heap, HEADER_OFFSET, PAYLOAD_OFFSET, 64, pn);
        suite.newProtection(secret).seal(direct, HEADER_OFFSET, PAYLOAD_OFFSET, 64, pn);
        suite.newProtection(secret).seal(slice, HEADER_OFFSET, PAYLOAD_OFFSET, 64, pn);

        // The reference: key, iv and nonce exactly as documented, through a plain JDK Cipher.
        boolean aes = suite == CipherSuite.AES_128_GCM;
        byte[] key = Hkdf.expandLabel(secret, "key", aes ? 16 : 32);
        byte[] nonce = Hkdf.expandLabel(secret, "iv", 12);
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (pn >>> (8 * i));
        }
        Cipher cipher = Cipher.getInstance(aes ? "AES/GCM/NoPadding" : "ChaCha20-Poly1305");
        AlgorithmParameterSpec params = aes ? new GCMParameterSpec(128, nonce) : new IvParameterSpec(nonce);
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, aes ? "AES" : "ChaCha20"), params);
        cipher.updateAAD(header);
        byte[] expected = cipher.doFinal(payload);

        assertThat(range(heap, PAYLOAD_OFFSET, sealed)).isEqualTo(expected);
        assertThat(range(direct, PAYLOAD_OFFSET, sealed)).isEqualTo(expected);
        assertThat(range(slice, PAYLOAD_OFFSET, sealed)).isEqualTo(expected);
        assertThat(backing[0]).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CipherSuite.class)
    void theNextSecretGivesADifferentKeyThatWorks(CipherSuite suite) {
        byte[] secret = secret(22);
        byte[] next = CipherSuite.nextSecret(secret);
        assertThat(next).hasSize(32).isNotEqualTo(secret);
        assertThat(CipherSuite.nextSecret(next)).isNotEqualTo(next).isNotEqualTo(secret);

        byte[] payload = bytes(33, 23);
        ByteBuffer buf = packet(false, bytes(HEADER_LENGTH, 24), payload);
        int sealed = suite.newProtection(next).seal(buf, HEADER_OFFSET, PAYLOAD_OFFSET, 33, 100);

        assertThat(suite.newProtection(secret).open(copy(buf, false), HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 100))
                .isEqualTo(-1);
        assertThat(suite.newProtection(next).open(buf, HEADER_OFFSET, PAYLOAD_OFFSET, sealed, 100)).isEqualTo(33);
        assertThat(range(buf, PAYLOAD_OFFSET, 33)).isEqualTo(payload);
    }

    @Test
    void wireCodesRoundTripAndUnknownCodesAreNull() {
        assertThat(CipherSuite.AES_128_GCM.wireCode()).isEqualTo(1);
        assertThat(CipherSuite.CHACHA20_POLY1305.wireCode()).isEqualTo(2);
        for (CipherSuite suite : CipherSuite.values()) {
            assertThat(CipherSuite.fromWireCode(suite.wireCode())).isSameAs(suite);
        }
        assertThat(CipherSuite.fromWireCode(0)).isNull();
        assertThat(CipherSuite.fromWireCode(3)).isNull();
        assertThat(CipherSuite.fromWireCode(-1)).isNull();
    }

    @Test
    void limitsFollowRfc9001Section6_6() {
        assertThat(CipherSuite.AES_128_GCM.confidentialityLimit()).isEqualTo(1L << 23);
        assertThat(CipherSuite.CHACHA20_POLY1305.confidentialityLimit()).isEqualTo(1L << 62);
        assertThat(CipherSuite.AES_128_GCM.integrityLimit()).isEqualTo(1L << 52);
        assertThat(CipherSuite.CHACHA20_POLY1305.integrityLimit()).isEqualTo(1L << 36);
    }

    @Test
    void secretsOfTheWrongLengthAreRejected() {
        assertThatThrownBy(() -> CipherSuite.AES_128_GCM.newProtection(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CipherSuite.nextSecret(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
