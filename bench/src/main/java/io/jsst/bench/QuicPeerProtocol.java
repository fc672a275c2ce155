package io.jsst.bench;

import java.nio.ByteBuffer;

/**
 * What the QUIC peers' servers do with a stream, decided by its first byte:
 *
 * <pre>
 *   'E' bytes...              echo: every byte after the mark comes back; the end of input ends output
 *   'S' length(8, big-endian) sink: count length bytes, then reply one byte (the receipt)
 * </pre>
 *
 * The same for Netty QUIC and Kwik, so their servers do the same work as jsst's and TCP's.
 */
final class QuicPeerProtocol {
    static final byte ECHO = 'E';
    static final byte SINK = 'S';
    static final int MESSAGE = 64;

    private QuicPeerProtocol() {
    }

    static byte[] sinkHeader(long length) {
        return ByteBuffer.allocate(9).put(SINK).putLong(length).array();
    }

    /** The echo mark and one 64-byte message: a whole exchange on a new stream. */
    static byte[] echoRequest() {
        byte[] r = new byte[1 + MESSAGE];
        r[0] = ECHO;
        return r;
    }

    /** One stream's state at the server. Not thread-safe: one stream, one thread at a time. */
    static final class ServerState {
        private static final byte[] NOTHING = new byte[0];
        private byte mode;
        private final ByteBuffer header = ByteBuffer.allocate(8);
        private long left = -1;

        /** True once the stream is a sink past its header: {@link #count} may replace {@link #take}. */
        boolean sinking() {
            return mode == SINK && left >= 0;
        }

        /** For a sink past its header: counts {@code n} bytes; returns the receipt once all came. */
        byte[] count(int n) {
            left -= n;
            return left == 0 ? new byte[] {1} : NOTHING;
        }

        /** Takes bytes that arrived; returns what to send back (maybe nothing). */
        byte[] take(byte[] b, int off, int len) {
            int i = off;
            int end = off + len;
            if (mode == 0 && i < end) {
                mode = b[i++];
                if (mode != ECHO && mode != SINK) {
                    throw new IllegalArgumentException("unknown stream mark " + mode);
                }
            }
            if (mode == ECHO) {
                return java.util.Arrays.copyOfRange(b, i, end);
            }
            while (left < 0 && i < end) {
                header.put(b[i++]);
                if (!header.hasRemaining()) {
                    left = header.getLong(0);
                    if (left == 0) {
                        return new byte[] {1};
                    }
                }
            }
            return left >= 0 && i < end ? count(end - i) : NOTHING;
        }
    }
}
