package io.jsst.engine.channel.path;

/**
 * Path-MTU discovery by probing (RFC 8899, DPLPMTUD): start at the size every path carries, send
 * a padded probe of the next candidate size, and raise the packet size when a probe is
 * acknowledged. A probe lost {@link #MAX_PROBES} times ends the search at the last size that
 * worked; the search starts again {@link #RAISE_INTERVAL_NANOS} later, in case the path grew.
 * Probe losses are not congestion signals. The driver sets the don't-fragment bit where it can,
 * so that a probe larger than the path is lost rather than fragmented.
 *
 * <pre>
 *   1200 --ack--&gt; 1452 --ack--&gt; 1472 --ack--&gt; 8952 --lost x3--&gt; done at 1472 (Ethernet, IPv4)
 *   loopback (MTU 65536) and jumbo frames (9000) go on: ... 8952 --ack--&gt; 16384 ... 65000
 *
 *   black hole (the path shrank): packets larger than 1200 lost in BLACK_HOLE_BURSTS separate
 *   loss events, none followed by an acknowledged packet larger than 1200
 *     --&gt; back to 1200 and search again (RFC 8899 §4.3)
 * </pre>
 */
public final class PmtuProber {
    /** RFC 8899 §5.1.2: MAX_PROBES = 3. */
    public static final int MAX_PROBES = 3;
    /** RFC 8899 §5.1.1: PMTU_RAISE_TIMER, 600 s: how long a finished search rests before it tries larger sizes. */
    public static final long RAISE_INTERVAL_NANOS = 600_000_000_000L;
    /**
     * Loss events in which only packets larger than the base size were lost, with no larger packet
     * acknowledged since, before the path is taken to have shrunk. One loss event (a tail loss, a
     * queue overflow) is common; three in a row with nothing large getting through is not.
     */
    public static final int BLACK_HOLE_BURSTS = 3;
    /**
     * Candidate UDP payload sizes: Ethernet over IPv6 (1500 - 48) and IPv4 (1500 - 28), jumbo frames
     * (9000 - 48), then on to loopback's large MTU.
     */
    private static final int[] CANDIDATES = {1452, 1472, 8952, 16384, 32768, 65000};

    private final int baseSize;
    private final int maxSize;
    private int current;
    private int candidate;
    private int failures;
    private long probeInFlight = -1;
    private long nextProbeNanos;
    private long raiseAtNanos = Long.MAX_VALUE;

    /** Largest packet number of an acknowledged non-probe packet larger than the base size. */
    private long largestAckedLarge = -1;
    private int suspiciousBursts;
    private long lastSuspiciousLossNanos;
    private boolean suspiciousLossSeen;
    private int blackHoles;

    /**
     * @param initialSize the base size, which every path carries (1200)
     * @param maxSize     the largest size to try
     */
    public PmtuProber(int initialSize, int maxSize) {
        this.baseSize = initialSize;
        this.current = initialSize;
        this.maxSize = maxSize;
        this.candidate = nextCandidate(initialSize);
    }

    /** The largest UDP payload known to get through. */
    public int currentSize() {
        return current;
    }

    /** The size every path carries, where a search starts and a black hole sends it back. */
    public int baseSize() {
        return baseSize;
    }

    /** How many times the path was found to have shrunk. */
    public int blackHoles() {
        return blackHoles;
    }

    /** The size of the probe to send now, or 0 if none is due. */
    public int probeSizeDue(long nowNanos) {
        if (candidate == 0 && nowNanos - raiseAtNanos >= 0) {
            candidate = nextCandidate(current);
            failures = 0;
            raiseAtNanos = Long.MAX_VALUE;
        }
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
            raiseAtNanos = nowNanos + RAISE_INTERVAL_NANOS;
        } else {
            nextProbeNanos = nowNanos + retryDelayNanos;
        }
    }

    /** A packet that was not a probe was acknowledged: a large one proves the current size still works. */
    public void onPacketAcked(long packetNumber, int size) {
        if (size > baseSize && packetNumber > largestAckedLarge) {
            largestAckedLarge = packetNumber;
            suspiciousBursts = 0;
        }
    }

    /**
     * A packet that was not a probe was declared lost at {@code nowNanos} (the losses one
     * acknowledgement or timer reveals share it, and make one loss event).
     *
     * @return true if this loss made the prober fall back to the base size (a black hole)
     */
    public boolean onPacketLost(long packetNumber, int size, long nowNanos) {
        // A packet larger than the current size was sent before a fall back: no news about this size.
        if (size <= baseSize || size > current || packetNumber < largestAckedLarge) {
            return false;
        }
        if (!suspiciousLossSeen || nowNanos != lastSuspiciousLossNanos) {
            suspiciousLossSeen = true;
            lastSuspiciousLossNanos = nowNanos;
            suspiciousBursts++;
        }
        if (suspiciousBursts < BLACK_HOLE_BURSTS) {
            return false;
        }
        // RFC 8899 §4.3: on a black hole, return to the base size and search again.
        blackHoles++;
        current = baseSize;
        candidate = nextCandidate(baseSize);
        failures = 0;
        probeInFlight = -1;
        nextProbeNanos = nowNanos;
        raiseAtNanos = Long.MAX_VALUE;
        suspiciousBursts = 0;
        suspiciousLossSeen = false;
        return true;
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
