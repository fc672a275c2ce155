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
    void theKeyPairIsForgottenWhenItsPeriodEndsEvenWithoutAnotherHandshake() {
        assertThat(key.expiryNanos()).isEqualTo(Long.MAX_VALUE);
        EphemeralKeyPair first = key.current(1_000L);
        assertThat(key.expiryNanos()).isEqualTo(1_000L + ResponderEphemeralKey.MAX_REUSE_NANOS);
        key.forgetExpired(1_000L + ResponderEphemeralKey.MAX_REUSE_NANOS - 1);
        assertThat(key.current(2_000L)).isSameAs(first);
        key.forgetExpired(1_000L + ResponderEphemeralKey.MAX_REUSE_NANOS);
        assertThat(key.expiryNanos()).as("nothing left to expire").isEqualTo(Long.MAX_VALUE);
        assertThat(key.current(1_000L + ResponderEphemeralKey.MAX_REUSE_NANOS)).isNotSameAs(first);
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
