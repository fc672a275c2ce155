package io.jsst.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EphemeralKeyPairTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Yields one fixed 32-byte private scalar, to reproduce RFC 7748 test vectors. */
    private static final class FixedRandom extends SecureRandom {
        private final byte[] bytes;

        FixedRandom(String hex) {
            this.bytes = HEX.parseHex(hex);
        }

        @Override
        public void nextBytes(byte[] out) {
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }

    @Test
    void bothSidesAgreeOnTheSameSecret() throws GeneralSecurityException {
        EphemeralKeyPair initiator = EphemeralKeyPair.generate(RANDOM);
        EphemeralKeyPair responder = EphemeralKeyPair.generate(RANDOM);

        byte[] a = initiator.sharedSecret(responder.publicKey());
        byte[] b = responder.sharedSecret(initiator.publicKey());

        assertThat(initiator.publicKey()).hasSize(32).isNotEqualTo(responder.publicKey());
        assertThat(a).hasSize(32).isEqualTo(b);
        assertThat(EphemeralKeyPair.generate(RANDOM).sharedSecret(responder.publicKey())).isNotEqualTo(a);
    }

    @Test
    void matchesTheRfc7748Section6_1Vectors() throws GeneralSecurityException {
        EphemeralKeyPair alice =
                EphemeralKeyPair.generate(
                        new FixedRandom("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        EphemeralKeyPair bob =
                EphemeralKeyPair.generate(
                        new FixedRandom("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));

        assertThat(HEX.formatHex(alice.publicKey()))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
        assertThat(HEX.formatHex(bob.publicKey()))
                .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
        assertThat(HEX.formatHex(alice.sharedSecret(bob.publicKey())))
                .isEqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    }

    @Test
    void anAllZeroOrSmallOrderPeerKeyIsRejected() {
        EphemeralKeyPair pair = EphemeralKeyPair.generate(RANDOM);
        byte[] one = new byte[32];
        one[0] = 1;

        assertThatThrownBy(() -> pair.sharedSecret(new byte[32])).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> pair.sharedSecret(one)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aPeerKeyOfTheWrongLengthIsRejected() {
        EphemeralKeyPair pair = EphemeralKeyPair.generate(RANDOM);

        assertThatThrownBy(() -> pair.sharedSecret(new byte[31])).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> pair.sharedSecret(new byte[33])).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> pair.sharedSecret(null)).isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void publicKeyReturnsACopy() {
        EphemeralKeyPair pair = EphemeralKeyPair.generate(RANDOM);
        byte[] key = pair.publicKey();
        key[0] ^= 1;
        assertThat(pair.publicKey()).isNotEqualTo(key);
    }
    private static final String[] SMALL_ORDER_POINTS = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };

    @Test
    void everyKeyTheSmallOrderCheckNamesIsOneTheAgreementRefuses() {
        EphemeralKeyPair pair = EphemeralKeyPair.generate(new SecureRandom());
        for (String hex : SMALL_ORDER_POINTS) {
            for (int topBit : new int[] {0, 0x80}) {
                byte[] key = HexFormat.of().parseHex(hex);
                key[31] |= (byte) topBit;
                assertThat(EphemeralKeyPair.isSmallOrder(key)).as(hex + " top bit " + topBit).isTrue();
                assertThatThrownBy(() -> pair.sharedSecret(key)).isInstanceOf(GeneralSecurityException.class);
            }
        }
    }

    @Test
    void anOrdinaryKeyIsNotOfSmallOrder() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            assertThat(EphemeralKeyPair.isSmallOrder(EphemeralKeyPair.generate(random).publicKey())).isFalse();
        }
        assertThat(EphemeralKeyPair.isSmallOrder(new byte[31])).isFalse();
        assertThat(EphemeralKeyPair.isSmallOrder(null)).isFalse();
    }
}
