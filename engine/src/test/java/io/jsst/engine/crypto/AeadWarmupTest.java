package io.jsst.engine.crypto;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AeadWarmupTest {

    @ParameterizedTest
    @EnumSource(CipherSuite.class)
    void sealsAndOpensEveryHotPacketSizeWithAThrowAwayKey(CipherSuite suite) {
        // run() checks that every packet it seals opens to its own length, and throws otherwise
        assertThatCode(() -> AeadWarmup.run(suite)).doesNotThrowAnyException();
    }
}
