package io.jsst.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's results: one row per {@link Metric}, one column per transport. A cell holds a
 * number, or a word saying why it has none: "stalled", "failed", "n/a" (the transport cannot run
 * here), "-" (the measurement does not apply to it).
 */
final class ResultTable {

    /** A cell: {@code value} if measured, else {@code word}. */
    record Cell(Double value, String word) {
        static Cell of(double v) {
            return new Cell(v, null);
        }

        static Cell word(String w) {
            return new Cell(null, w);
        }
    }

    private final List<String> columns;
    private final int streams;
    private final int concurrency;
    private final Map<Metric, Map<String, Cell>> cells = new EnumMap<>(Metric.class);

    /**
     * @param streams the stream count the many-streams row names
     * @param concurrency the operations in flight the concurrent rate rows name
     */
    ResultTable(List<String> columns, int streams, int concurrency) {
        this.columns = List.copyOf(columns);
        this.streams = streams;
        this.concurrency = concurrency;
    }

    List<String> columns() {
        return columns;
    }

    /** The heading of {@code m}'s row: its label with this run's counts, and its unit. */
    String heading(Metric m) {
        return m.heading(streams, concurrency);
    }

    void put(Metric m, String column, Cell cell) {
        if (!columns.contains(column)) {
            throw new IllegalArgumentException("no column " + column);
        }
        cells.computeIfAbsent(m, k -> new HashMap<>()).put(column, cell);
    }

    /** The cell, "-" if nothing was put there. */
    Cell get(Metric m, String column) {
        return cells.getOrDefault(m, Map.of()).getOrDefault(column, Cell.word("-"));
    }

    /** The table in Markdown: metrics down, transports across. */
    String markdown() {
        StringBuilder sb = new StringBuilder("| metric |");
        for (String c : columns) {
            sb.append(' ').append(c).append(" |");
        }
        sb.append("\n| --- |");
        sb.append(" ---: |".repeat(columns.size()));
        sb.append('\n');
        for (Metric m : Metric.values()) {
            sb.append("| ").append(heading(m)).append(" |");
            for (String c : columns) {
                Cell cell = get(m, c);
                sb.append(' ').append(cell.value() != null
                        ? String.format(Locale.ROOT, m.format, cell.value()) : cell.word()).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The measured values of one row, in column order (null where there is none). */
    List<Double> values(Metric m) {
        List<Double> out = new ArrayList<>();
        for (String c : columns) {
            out.add(get(m, c).value());
        }
        return out;
    }
}
