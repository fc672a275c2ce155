package io.jsst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrentRateTest {

    @Test
    void runsTheWarmupAndTheCountOnEveryThreadAndCountsOnlyTheMeasuredOnes() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Set<Integer> workers = ConcurrentHashMap.newKeySet();
        Progress progress = new Progress("operations");

        Rate rate = ConcurrentRate.measure("test", 4, 10, 200, progress, w -> {
            workers.add(w);
            runs.incrementAndGet();
            Thread.yield();
        });

        assertThat(runs.get()).isEqualTo(210);
        assertThat(progress.done()).isEqualTo(210);
        assertThat(workers).isSubsetOf(0, 1, 2, 3).isNotEmpty();
        assertThat(rate.perSecond()).isPositive();
        assertThat(rate.latencies().sortedNanos()).hasSize(200);
        assertThat(rate.latencies().percentileNanos(100)).isPositive();
    }

    @Test
    void fewerOperationsThanThreadsStartOnlyAThreadPerOperation() throws Exception {
        Set<Integer> workers = ConcurrentHashMap.newKeySet();

        ConcurrentRate.phase("test", 16, 3, new Progress("operations"), workers::add);

        assertThat(workers).isSubsetOf(0, 1, 2);
    }

    @Test
    void theFirstFailureEndsThePhaseAndIsThrown() {
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> ConcurrentRate.phase("test", 4, 1_000_000, new Progress("operations"), w -> {
            if (runs.incrementAndGet() == 50) {
                throw new IOException("operation 50 failed");
            }
        })).isInstanceOf(IOException.class).hasMessage("operation 50 failed");
        assertThat(runs.get()).isLessThan(1_000_000);
    }
}
