package io.jsst.bench;

/**
 * A row of the benchmark's table: what is measured, in which unit, and which way is better. A label
 * may name the run's stream count ({@code %1$d}) and its concurrency ({@code %2$d}).
 */
enum Metric {
    BULK("bulk, one stream", "MiB/s", true, "%,.0f"),
    BULK_STREAMS("bulk, %1$d streams on one connection", "MiB/s", true, "%,.0f"),
    RTT_P50("64 B round trip, p50", "µs", false, "%,.1f"),
    RTT_P99("64 B round trip, p99", "µs", false, "%,.1f"),
    HANDSHAKE_RATE("handshakes, one at a time", "per s", true, "%,.0f"),
    HANDSHAKE_RATE_CONCURRENT("handshakes, %2$d in flight", "per s", true, "%,.0f"),
    HANDSHAKE_P50("handshake latency, p50", "µs", false, "%,.0f"),
    EXCHANGES("new stream + 64 B echo, one at a time", "per s", true, "%,.0f"),
    EXCHANGES_CONCURRENT("new stream + 64 B echo, %2$d in flight", "per s", true, "%,.0f"),
    SMALL_PACKETS("1200 B packets", "packets/s", true, "%,.0f"),
    SMALL_BYTES("1200 B packets", "MiB/s", true, "%,.0f"),
    IDLE_MEMORY("heap per idle association, both ends", "KiB", false, "%,.1f"),
    IDLE_MEMORY_SERVER_END("heap per idle association, server end", "KiB", false, "%,.1f"),
    IDLE_MEMORY_CLIENT_END("heap per idle association, client end", "KiB", false, "%,.1f"),
    CLIENT_HOST("heap per simulated client host, beside its association", "KiB", false, "%,.1f");

    final String label;
    final String unit;
    final boolean higherIsBetter;
    final String format;

    Metric(String label, String unit, boolean higherIsBetter, String format) {
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.format = format;
    }

    /** "label, unit", with the stream count and the concurrency filled in. */
    String heading(int streams, int concurrency) {
        return String.format(java.util.Locale.ROOT, label, streams, concurrency) + ", " + unit;
    }
}
