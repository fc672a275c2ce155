package io.jsst.bench;

/**
 * One bulk transfer: {@code bytes} from client to server in {@code nanos}, measured from the first
 * write to the server's one-byte receipt after the last byte.
 *
 * @param notes transport statistics worth printing under the table (may be empty)
 */
record BulkResult(long bytes, long nanos, String notes) {

    double mibPerSecond() {
        return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }
}
