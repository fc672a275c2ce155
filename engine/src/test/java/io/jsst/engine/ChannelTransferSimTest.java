package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChannelTransferSimTest {
    private static final long MIB = 1024 * 1024;

    static Transfer transfer(SimPair pair, long bytes, Duration limit) {
        Transfer t = new Transfer(pair.clientStream, pair.serverStream, bytes, 256 * 1024).start();
        boolean finished = pair.net.runUntil(t::isDone, limit);
        System.out.printf("seed %d: %d bytes in %.3f s of virtual time; client %s%n", pair.net.seed(), t.received(),
                pair.virtualSeconds(), pair.clientStream.stats());
        assertThat(finished).as("transfer finished within %s of virtual time", limit).isTrue();
        assertThat(t.future()).isCompleted();
        assertThat(t.mismatchAt()).as("first corrupted offset").isEqualTo(-1);
        assertThat(t.received()).isEqualTo(bytes);
        return t;
    }

    @Test
    void sixteenMebibytesArriveByteExactOnAPerfectLink() {
        SimPair pair = new SimPair(1);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10)).bandwidth(100_000_000, 1_000_000).build());
        pair.connect();
        transfer(pair, 16 * MIB, Duration.ofSeconds(60));
    }
}
