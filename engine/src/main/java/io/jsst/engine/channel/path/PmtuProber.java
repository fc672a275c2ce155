package io.jsst.engine.channel.path;

/**
 * Path-MTU discovery by probing (RFC 8899, DPLPMTUD): start at the size every path carries, send
 * a padded probe of the next candidate size, and raise the packet size when a probe is
 * acknowledged. A probe lost {@link #MAX_PROBES} times ends the search at the last size that
 * worked. Probe losses are not congestion signals.
 *
 * <pre>
 *   1200 --ack--&gt; 1472 --ack--&gt; 8952 --lost x3--&gt; done at 1472 ... (loopback goes on to 65000)
 * </pre>
 */
public final class PmtuProber {
    /** RFC 8899 §5.1.2: MAX_PROBES = 3. */
    public static final int MAX_PROBES = 3;
    /** Candidate UDP payload sizes: Ethernet, jumbo frames, and loopback's large MTU. */
    private static final int[] CANDIDATES = {1472, 8952, 16384, 32768, 65000};

    private final int maxSize;
    private int current;
    private int candidate;
    private int failures;
    private long probeInFlight = -1;
    private long nextProbeNanos;

    public PmtuProber(int initialSize, int maxSize) {
        this.current = initialSize;
        this.maxSize = maxSize;
        this.candidate = nextCandidate(initialSize);
    }

    /** The largest UDP payload known to get through. */
    public int currentSize() {
        return current;
    }

    /** The size of the probe to send now, or 0 if none is due. */
    public int probeSizeDue(long nowNanos) {
        if (candidate == 0 || probeInFlight >= 0 || nowNanos < nextProbeNanos) {
            return 0;
        }
        return candidate;
    }

    public void onProbeSent(long packetNumber) {
        probeInFlight = packetNumber;
    }

    /** @return true if the packet size went up */
    public boolean onProbeAcked(long packetNumber) {
        if (packetNumber != probeInFlight) {
            return false;
        }
        probeInFlight = -1;
        current = candidate;
        failures = 0;
        candidate = nextCandidate(current);
        return true;
    }

    public void onProbeLost(long packetNumber, long nowNanos, long retryDelayNanos) {
        if (packetNumber != probeInFlight) {
            return;
        }
        probeInFlight = -1;
        if (++failures >= MAX_PROBES) {
            candidate = 0;
        } else {
            nextProbeNanos = nowNanos + retryDelayNanos;
        }
    }

    private int nextCandidate(int size) {
        for (int c : CANDIDATES) {
            if (c > size && c <= maxSize) {
                return c;
            }
        }
        return 0;
    }
}
