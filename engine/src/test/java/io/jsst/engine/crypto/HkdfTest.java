package io.jsst.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HkdfTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesRfc5869TestCase1() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");

        byte[] prk = Hkdf.extract(salt, ikm);
        byte[] okm = Hkdf.expand(prk, info, 42);

        assertThat(HEX.formatHex(prk))
                .isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(HEX.formatHex(okm))
                .isEqualTo(
                        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void matchesRfc5869TestCase3WithEmptySaltAndInfo() {
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);

        byte[] prk = Hkdf.extract(new byte[0], ikm);
        assertThat(Hkdf.extract(null, ikm)).isEqualTo(prk);
        assertThat(HEX.formatHex(prk))
                .isEqualTo("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
        assertThat(HEX.formatHex(Hkdf.expand(prk, new byte[0], 42)))
                .isEqualTo(
                        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        assertThat(Hkdf.expand(prk, null, 42)).isEqualTo(Hkdf.expand(prk, new byte[0], 42));
    }

    @Test
    void expandLabelIsExpandWithTheJsstPrefixedLabel() {
        byte[] secret = Hkdf.extract(null, "shared".getBytes(StandardCharsets.UTF_8));
        assertThat(Hkdf.expandLabel(secret, "key", 16))
                .isEqualTo(Hkdf.expand(secret, "jsst key".getBytes(StandardCharsets.UTF_8), 16));
        assertThat(Hkdf.expandLabel(secret, "key", 16)).isNotEqualTo(Hkdf.expandLabel(secret, "iv", 16));
    }

    @Test
    void shorterOutputIsAPrefixOfLongerOutput() {
        byte[] prk = Hkdf.extract(null, new byte[] {1, 2, 3});
        byte[] longer = Hkdf.expand(prk, null, 100);
        assertThat(Hkdf.expand(prk, null, 33)).isEqualTo(Arrays.copyOf(longer, 33));
        assertThat(Hkdf.expand(prk, null, 0)).isEmpty();
        assertThat(Hkdf.expand(prk, null, Hkdf.MAX_OUTPUT_LENGTH)).hasSize(255 * 32);
    }

    @Test
    void outOfRangeLengthsAndShortKeysAreRejected() {
        byte[] prk = new byte[32];
        assertThatThrownBy(() -> Hkdf.expand(prk, null, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expand(prk, null, 255 * 32 + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hkdf.expand(new byte[16], null, 16))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
