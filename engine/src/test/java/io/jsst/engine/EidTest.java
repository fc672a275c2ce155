package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.engine.Eid;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Tests {@link Eid} (io.jsst.engine) through its public API; kept here because this package owns it. */
class EidTest {

    private static byte[] counting() {
        byte[] b = new byte[Eid.LENGTH];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0xA0 + i);
        }
        return b;
    }

    @Test
    void ofPublicKeyIsTheSha256OfTheRawKey() {
        // SHA-256 of 32 zero bytes.
        Eid eid = Eid.ofPublicKey(new byte[32]);
        assertThat(eid.toString())
                .isEqualTo("66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
    }

    @Test
    void ofCopiesTheBytesSoLaterChangesDoNotLeakIn() {
        byte[] bytes = counting();
        Eid eid = Eid.of(bytes);
        bytes[0] = 0;
        assertThat(eid.toByteArray()).isEqualTo(counting());
        eid.toByteArray()[1] = 0;
        assertThat(eid.toByteArray()).isEqualTo(counting());
    }

    @Test
    void toStringIsLowercaseHexThatParsesBack() {
        Eid eid = Eid.of(counting());
        String hex = eid.toString();
        assertThat(hex).hasSize(64).isEqualTo(hex.toLowerCase()).isEqualTo(HexFormat.of().formatHex(counting()));
        assertThat(Eid.parse(hex)).isEqualTo(eid);
        assertThat(Eid.parse(hex.toUpperCase())).isEqualTo(eid);
    }

    @Test
    void equalsAndHashCodeGoByValue() {
        byte[] other = counting();
        other[31] ^= 1;
        assertThat(Eid.of(counting())).isEqualTo(Eid.of(counting())).hasSameHashCodeAs(Eid.of(counting()));
        assertThat(Eid.of(counting())).isNotEqualTo(Eid.of(other)).isNotEqualTo(null).isNotEqualTo("x");
    }

    @Test
    void writeToPutsThe32BytesAtThePosition() {
        ByteBuffer out = ByteBuffer.allocate(40).position(3);
        Eid.of(counting()).writeTo(out);
        assertThat(out.position()).isEqualTo(35);
        byte[] written = new byte[32];
        out.get(3, written);
        assertThat(written).isEqualTo(counting());
    }

    @Test
    void wrongLengthsAndNonHexAreRejected() {
        assertThatThrownBy(() -> Eid.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Eid.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Eid.ofPublicKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Eid.parse("ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Eid.parse("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Eid.parse("0".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
