package io.jsst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.engine.crypto.CipherSuite;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void noArgumentsGiveOneGibibyteAndTwentyThousandRounds() {
        BenchOptions o = BenchOptions.parse(new String[0]);

        assertThat(o.bulkBytes()).isEqualTo(1L << 30);
        assertThat(o.rounds()).isEqualTo(20_000);
        assertThat(o.warmupRounds()).isEqualTo(2_000);
        assertThat(o.cipherSuite()).isEqualTo(CipherSuite.AES_128_GCM);
    }

    @Test
    void quickIsSixtyFourMebibytesAndTwoThousandRoundsAndLaterOptionsOverrideIt() {
        BenchOptions quick = BenchOptions.parse(new String[] {"--quick"});
        BenchOptions overridden = BenchOptions.parse(new String[] {"--quick", "--bytes", "1g", "--cipher", "chacha"});

        assertThat(quick.bulkBytes()).isEqualTo(64L << 20);
        assertThat(quick.rounds()).isEqualTo(2_000);
        assertThat(overridden.bulkBytes()).isEqualTo(1L << 30);
        assertThat(overridden.cipherSuite()).isEqualTo(CipherSuite.CHACHA20_POLY1305);
    }

    @Test
    void unknownOptionsMissingValuesAndBadSizesAreRejected() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"})).hasMessageContaining("--fast");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--bytes", "0"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--cipher", "des"})).hasMessageContaining("aes or chacha");
    }
}
