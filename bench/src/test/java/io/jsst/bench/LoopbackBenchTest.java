package io.jsst.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackBenchTest {

    @Test
    void aTinyRunFillsEveryJsstAndTcpRowAndDrawsTheChart(@TempDir Path dir) throws Exception {
        Path chart = dir.resolve("chart.png");

        LoopbackBench.Run run = LoopbackBench.run(BenchOptions.parse(new String[] {
            "--quick", "--only", "jsst,tcp,udp", "--bytes", "4m", "--rounds", "200", "--warmup", "50",
            "--handshakes", "5", "--exchanges", "100", "--small-bytes", "2m", "--associations", "100",
            "--streams", "4", "--chart", chart.toString()}));

        assertThat(run.ok()).as("notes: %s", run.notes()).isTrue();
        String jsst = JsstIoPath.NIO.columnName;
        for (Metric m : Metric.values()) {
            assertThat(run.table().get(m, jsst).value()).as("jsst %s", m).isPositive();
        }
        assertThat(run.table().get(Metric.RTT_P50, "kernel TCP").value()).isPositive();
        assertThat(run.table().get(Metric.IDLE_MEMORY, "kernel TCP").value()).isNotNull();
        assertThat(run.table().get(Metric.SMALL_PACKETS, "raw UDP").value()).isPositive();
        assertThat(run.table().get(Metric.EXCHANGES, "raw UDP").word()).isEqualTo("-");
        assertThat(run.table().markdown()).contains("| bulk, 4 streams on one connection, MiB/s |");
        assertThat(ImageIO.read(Files.newInputStream(chart)).getWidth()).isGreaterThan(600);
    }
}
