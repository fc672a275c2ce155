package io.jsst.bench;

/** A row of the benchmark's table: what is measured, in which unit, and which way is better. */
enum Metric {
    BULK("bulk, one stream", "MiB/s", true, "%,.0f"),
    BULK_STREAMS("bulk, %d streams on one connection", "MiB/s", true, "%,.0f"),
    RTT_P50("64 B round trip, p50", "µs", false, "%,.1f"),
    RTT_P99("64 B round trip, p99", "µs", false, "%,.1f"),
    HANDSHAKE_RATE("handshakes, one after the other", "per s", true, "%,.0f"),
    HANDSHAKE_P50("handshake latency, p50", "µs", false, "%,.0f"),
    EXCHANGES("new stream + 64 B echo", "per s", true, "%,.0f"),
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

    /** "label, unit", with the stream count filled in. */
    String heading(int streams) {
        return String.format(java.util.Locale.ROOT, label, streams) + ", " + unit;
    }
}
