package io.jsst.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatagramReassemblerTest {

    private static ByteBuffer part(byte[] whole, int from, int to) {
        return ByteBuffer.wrap(Arrays.copyOfRange(whole, from, to));
    }

    private static byte[] datagram(int length) {
        byte[] d = new byte[length];
        for (int i = 0; i < length; i++) {
            d[i] = (byte) (i * 7 + 3);
        }
        return d;
    }

    @Test
    void fragmentsInAnyOrderMakeTheWholeDatagramOnce() {
        DatagramReassembler r = new DatagramReassembler(new DatagramReassembler.Budget(1 << 20));
        byte[] d = datagram(3000);
        assertThat(r.fragment(1, 3000, 2000, part(d, 2000, 3000))).isNull();
        assertThat(r.fragment(1, 3000, 0, part(d, 0, 1000))).isNull();
        assertThat(r.fragment(1, 3000, 0, part(d, 0, 1000))).as("a duplicate fragment").isNull();
        assertThat(r.fragment(1, 3000, 1000, part(d, 1000, 2000))).isEqualTo(d);
        assertThat(r.partialCount()).isZero();
    }

    @Test
    void overlappingFragmentsNeverMakeADatagramWithAHole() {
        DatagramReassembler r = new DatagramReassembler(new DatagramReassembler.Budget(1 << 20));
        byte[] d = datagram(200);
        assertThat(r.fragment(9, 200, 0, part(d, 0, 150))).isNull();
        assertThat(r.fragment(9, 200, 100, part(d, 100, 150))).isNull();
        assertThat(r.fragment(9, 200, 100, part(d, 100, 200))).isNull();
        assertThat(r.partialCount()).isEqualTo(1);
    }

    @Test
    void theChannelBudgetBoundsWhatAllStreamsHoldTogether() {
        DatagramReassembler.Budget budget = new DatagramReassembler.Budget(100_000);
        DatagramReassembler a = new DatagramReassembler(budget);
        DatagramReassembler b = new DatagramReassembler(budget);
        byte[] d = datagram(60_000);
        assertThat(a.fragment(1, 60_000, 0, part(d, 0, 1000))).isNull();
        assertThat(budget.held()).isEqualTo(60_000);
        assertThat(b.fragment(1, 60_000, 0, part(d, 0, 1000))).as("over the shared budget: dropped").isNull();
        assertThat(b.dropped()).isEqualTo(1);
        assertThat(budget.held()).isEqualTo(60_000);
        assertThat(a.fragment(2, 60_000, 0, part(d, 0, 1000))).isNull();
        assertThat(a.dropped()).as("the oldest of its own given up to make room").isEqualTo(1);
        assertThat(budget.held()).isEqualTo(60_000);
    }

    @Test
    void aDatagramInOneFragmentNeedsNoBudget() {
        DatagramReassembler r = new DatagramReassembler(new DatagramReassembler.Budget(0));
        byte[] d = datagram(500);
        assertThat(r.fragment(4, 500, 0, part(d, 0, 500))).isEqualTo(d);
    }
}
