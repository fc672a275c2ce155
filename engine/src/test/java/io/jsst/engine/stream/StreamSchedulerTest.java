package io.jsst.engine.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamSchedulerTest {
    private static final int PACKET = 1000;

    /**
     * Serves {@code packets} full packets the way the channel does: the front stream of the top
     * level sends a packet's worth; returns the order of the streams served.
     */
    private static List<Long> serve(StreamScheduler scheduler, int packets, long quantum) {
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            ArrayDeque<Long> level = scheduler.levels().iterator().next();
            long id = level.pollFirst();
            order.add(id);
            scheduler.requeue(level, id, true, PACKET, true, quantum);
        }
        return order;
    }

    @Test
    void equalPrioritiesTakeTurnsOfAQuantumEach() {
        StreamScheduler scheduler = new StreamScheduler();
        scheduler.activate(1, 0);
        scheduler.activate(2, 0);
        scheduler.activate(3, 0);

        List<Long> order = serve(scheduler, 9, 3 * PACKET);

        assertThat(order).containsExactly(1L, 1L, 1L, 2L, 2L, 2L, 3L, 3L, 3L);
    }

    @Test
    void aQuantumOfOnePacketAlternatesPacketByPacket() {
        StreamScheduler scheduler = new StreamScheduler();
        scheduler.activate(1, 0);
        scheduler.activate(2, 0);

        assertThat(serve(scheduler, 4, PACKET)).containsExactly(1L, 2L, 1L, 2L);
    }

    @Test
    void aStreamThatDoesNotFillItsPacketGivesUpItsTurn() {
        StreamScheduler scheduler = new StreamScheduler();
        scheduler.activate(1, 0);
        scheduler.activate(2, 0);
        ArrayDeque<Long> level = scheduler.levels().iterator().next();

        long first = level.pollFirst();
        // Flow control let it send a little, and the packet has room left: the turn passes.
        scheduler.requeue(level, first, true, 100, false, 10 * PACKET);

        assertThat(level.peekFirst()).isEqualTo(2L);
        assertThat(level.peekLast()).isEqualTo(1L);
    }

    @Test
    void aStreamWithNothingMoreLeavesTheScheduler() {
        StreamScheduler scheduler = new StreamScheduler();
        scheduler.activate(1, 0);
        ArrayDeque<Long> level = scheduler.levels().iterator().next();

        scheduler.requeue(level, level.pollFirst(), false, PACKET, true, 10 * PACKET);

        assertThat(scheduler.isActive(1)).isFalse();
        assertThat(scheduler.isEmpty()).isTrue();
    }

    @Test
    void higherPriorityStreamsGoFirstWhateverTheTurns() {
        StreamScheduler scheduler = new StreamScheduler();
        scheduler.activate(1, 0);
        scheduler.activate(2, 5);

        assertThat(scheduler.levels().iterator().next().peekFirst()).isEqualTo(2L);
    }
}
