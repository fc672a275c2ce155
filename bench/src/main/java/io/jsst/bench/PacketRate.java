package io.jsst.bench;

/**
 * A transfer counted in packets: {@code packets} datagrams carrying {@code bytes} of payload
 * (application bytes for a transport, datagram bytes for raw UDP) in {@code nanos}.
 *
 * @param notes transport statistics worth printing under the table (may be empty)
 */
record PacketRate(long packets, long bytes, long nanos, String notes) {

    double packetsPerSecond() {
        return packets / (nanos / 1e9);
    }

    double mibPerSecond() {
        return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }
}
