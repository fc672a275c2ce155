package io.jsst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void markdownHasOneRowPerMetricWithNumbersWordsAndDashesForEmptyCells() {
        ResultTable t = new ResultTable(List.of("a", "b"), 16, 8);
        t.put(Metric.BULK, "a", ResultTable.Cell.of(1234.4));
        t.put(Metric.BULK, "b", ResultTable.Cell.word("stalled"));

        String md = t.markdown();

        assertThat(md).contains("| metric | a | b |");
        assertThat(md).contains("| bulk, one stream, MiB/s | 1,234 | stalled |");
        assertThat(md).contains("| bulk, 16 streams on one connection, MiB/s | - | - |");
        assertThat(md).contains("| new stream + 64 B echo, one at a time, per s | - | - |");
        assertThat(md).contains("| new stream + 64 B echo, 8 in flight, per s | - | - |");
        assertThat(md).contains("| handshakes, 8 in flight, per s | - | - |");
        assertThat(md.lines().count()).isEqualTo(2 + Metric.values().length);
        assertThat(t.values(Metric.BULK)).containsExactly(1234.4, null);
    }

    @Test
    void aCellForAnUnknownColumnIsRejected() {
        ResultTable t = new ResultTable(List.of("a"), 16, 8);

        assertThatThrownBy(() -> t.put(Metric.BULK, "z", ResultTable.Cell.of(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
