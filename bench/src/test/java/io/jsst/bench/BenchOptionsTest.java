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
        assertThat(o.warmupTime()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(o.cipherSuite()).isEqualTo(CipherSuite.AES_128_GCM);
        assertThat(o.associations()).isEqualTo(10_000);
        assertThat(o.streams()).isEqualTo(16);
        assertThat(o.transports()).containsExactlyInAnyOrder("jsst", "tcp", "udp", "netty", "kwik");
        assertThat(o.chart()).isNull();
    }

    @Test
    void quickIsSixteenMebibytesAndOneThousandRoundsAndLaterOptionsOverrideIt() {
        BenchOptions quick = BenchOptions.parse(new String[] {"--quick"});
        BenchOptions overridden = BenchOptions.parse(new String[] {"--quick", "--bytes", "1g", "--cipher", "chacha"});

        assertThat(quick.bulkBytes()).isEqualTo(16L << 20);
        assertThat(quick.rounds()).isEqualTo(1_000);
        assertThat(quick.associations()).isEqualTo(500);
        assertThat(quick.warmupTime()).isZero();
        assertThat(BenchOptions.parse(new String[] {"--warmup-seconds", "3"}).warmupTime())
                .isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(overridden.bulkBytes()).isEqualTo(1L << 30);
        assertThat(overridden.cipherSuite()).isEqualTo(CipherSuite.CHACHA20_POLY1305);
    }

    @Test
    void concurrencyIsSixteenByDefaultAndTakesOneToOneThousandTwentyFour() {
        assertThat(BenchOptions.parse(new String[0]).concurrency()).isEqualTo(16);
        assertThat(BenchOptions.parse(new String[] {"--quick"}).concurrency()).isEqualTo(16);
        assertThat(BenchOptions.parse(new String[] {"--concurrency", "1"}).concurrency()).isEqualTo(1);
        assertThat(BenchOptions.parse(new String[] {"--concurrency", "1024"}).concurrency()).isEqualTo(1024);

        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--concurrency", "0"}))
                .hasMessageContaining("--concurrency must be positive");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--concurrency", "1025"}))
                .hasMessageContaining("at most 1024");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--concurrency", "many"}))
                .hasMessageContaining("whole number");
    }

    @Test
    void unknownOptionsMissingValuesAndBadSizesAreRejected() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--fast"})).hasMessageContaining("--fast");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rounds"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--bytes", "0"})).hasMessageContaining("positive");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--cipher", "des"})).hasMessageContaining("aes or chacha");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--only", "sctp"})).hasMessageContaining("sctp");
    }
}
