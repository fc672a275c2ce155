package io.jsst.association;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AssociationSessionSendTest {

    @Test
    void aSendThatFindsNoRoomLeavesTheSessionUnwritableUntilTheStreamIsAcknowledged() throws Exception {
        SimulatedAssociations a = new SimulatedAssociations(11, b -> b.sendBufferSize(64 * 1024),
                StreamLimits.DEFAULT, StreamLimits.DEFAULT);
        AssociationSession s = a.clientSession;

        // A stream takes a whole message while its buffer is not full: two, and 64 KiB are full.
        assertThat(s.send(0, false, 0, 0, true, ByteBuffer.allocate(40_000), 0)).isEqualTo(40_000);
        assertThat(s.send(0, false, 0, 0, true, ByteBuffer.allocate(40_000), 0)).isEqualTo(40_000);
        assertThat(s.send(0, false, 0, 0, true, ByteBuffer.allocate(40_000), 0)).isZero();
        // No virtual time passed, so nothing was acknowledged: retrying now would only fail again.
        assertThat(s.isWritable()).isFalse();

        // Each acknowledgement makes it writable again; a retry then goes once enough was acknowledged.
        int[] retries = {0};
        boolean[] sent = {false};
        assertThat(a.net.runUntil(() -> sent[0] || (sent[0] = s.isWritable() && retry(s, retries)),
                Duration.ofSeconds(5))).isTrue();
        assertThat(retries[0]).as("retries, one per acknowledgement at most").isLessThan(20);
    }

    private static boolean retry(AssociationSession s, int[] retries) {
        retries[0]++;
        try {
            return s.send(0, false, 0, 0, true, ByteBuffer.allocate(40_000), 0) == 40_000;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
