package io.jsst.tools.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What a client asks of a perf server, sent as the first message of the control stream:
 *
 * <pre>
 *   jsst-perf 1 streams=N size=BYTES reverse=true|false millis=T
 * </pre>
 *
 * Then the client opens {@code streams} substreams of the control stream. Forward: the client
 * writes on each for {@code millis} and ends its output; the server counts and, when every
 * substream ended, answers on the control stream {@code received=BYTES}. Reverse: the client writes
 * one byte on each substream; the server writes {@code size}-byte buffers on each for {@code
 * millis}, ends its output and answers {@code sent=BYTES}.
 *
 * @param streams data streams (substreams of the control stream), at least 1
 * @param size bytes per write, at least 1
 * @param reverse true if the server sends
 * @param duration how long data flows
 */
record PerfTest(int streams, int size, boolean reverse, Duration duration) {

    static final String SERVICE = "jsst-perf";
    static final String PROTOCOL = "1";
    private static final String MAGIC = "jsst-perf 1";

    PerfTest {
        if (streams < 1 || size < 1 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("streams and size must be positive, duration too: " + streams + ", "
                    + size + ", " + duration);
        }
    }

    byte[] encode() {
        return String.format("%s streams=%d size=%d reverse=%b millis=%d", MAGIC, streams, size, reverse,
                duration.toMillis()).getBytes(StandardCharsets.US_ASCII);
    }

    /** @throws IOException if {@code message} is not a perf request this version understands */
    static PerfTest decode(byte[] message) throws IOException {
        String s = message == null ? "" : new String(message, StandardCharsets.US_ASCII);
        if (!s.startsWith(MAGIC + " ")) {
            throw new IOException("not a jsst perf request: " + (s.length() > 40 ? s.substring(0, 40) : s));
        }
        Map<String, String> fields = new HashMap<>();
        for (String kv : s.substring(MAGIC.length() + 1).split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                fields.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        try {
            return new PerfTest(Integer.parseInt(fields.get("streams")), Integer.parseInt(fields.get("size")),
                    Boolean.parseBoolean(fields.get("reverse")), Duration.ofMillis(Long.parseLong(fields.get("millis"))));
        } catch (RuntimeException e) {
            throw new IOException("bad jsst perf request: " + s, e);
        }
    }
}
