package io.jsst.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ResponderEphemeralKeyTest {

    private final ResponderEphemeralKey key = new ResponderEphemeralKey(new SecureRandom());

    @Test
    void theSameKeyPairAnswersEveryHandshakeOfItsPeriod() {
        EphemeralKeyPair first = key.current(5_000L);
        assertThat(key.current(5_000L)).isSameAs(first);
        assertThat(key.current(5_000L + ResponderEphemeralKey.MAX_REUSE_NANOS - 1)).isSameAs(first);
    }

    @Test
    void aFreshKeyPairReplacesItOnceThePeriodEnds() {
        EphemeralKeyPair first = key.current(-3L);
        EphemeralKeyPair next = key.current(-3L + ResponderEphemeralKey.MAX_REUSE_NANOS);
        assertThat(next).isNotSameAs(first);
        assertThat(next.publicKey()).isNotEqualTo(first.publicKey());
        assertThat(key.current(-3L + ResponderEphemeralKey.MAX_REUSE_NANOS + 1)).isSameAs(next);
    }

    @Test
    void aClockThatGoesBackMakesAFreshKeyPairRatherThanExtendingTheOldOne() {
        EphemeralKeyPair first = key.current(10_000_000_000L);
        assertThat(key.current(9_000_000_000L)).isNotSameAs(first);
    }
}
