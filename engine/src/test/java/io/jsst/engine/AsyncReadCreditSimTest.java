package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.testing.SimPair;
import io.jsst.engine.testing.Transfer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Flow-control credit that an asynchronous read frees goes out in the turn that read it: a read
 * completing at the end of a turn (where the host hands out what the turn delivered) must not leave
 * its MAX_STREAM_DATA waiting for the next datagram or timer.
 */
class AsyncReadCreditSimTest {

    @Test
    void aWindowLimitedTransferToAnAsynchronousReaderIsNotPacedByTheDelayedAckTimer() {
        // 1 MiB through a 16 KiB stream window on a link without delay: 64 windows. Each window's credit
        // once waited for the 10 ms delayed-ACK timer (64 x 10 ms = 0.64 s of virtual time).
        SimPair pair = new SimPair(7, b -> b.streamReceiveWindow(16 * 1024));
        pair.connect();
        double start = pair.virtualSeconds();
        Transfer t = new Transfer(pair.clientStream, pair.serverStream, 1 << 20, 16 * 1024).start();

        assertThat(pair.net.runUntil(t::isDone, Duration.ofSeconds(60))).isTrue();
        double took = pair.virtualSeconds() - start;
        System.out.printf("1 MiB through a 16 KiB window to an asynchronous reader: %.3f s virtual%n", took);

        assertThat(t.received()).isEqualTo(1 << 20);
        assertThat(t.mismatchAt()).isEqualTo(-1);
        assertThat(took).isLessThan(0.1);
    }
}
