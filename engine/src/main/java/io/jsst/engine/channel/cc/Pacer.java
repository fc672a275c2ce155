package io.jsst.engine.channel.cc;

/**
 * Token-bucket pacing (RFC 9002 §7.7): spreads a congestion window's worth of packets over the RTT
 * instead of sending it as one burst.
 *
 * <pre>
 *   rate  = N * cwnd / smoothed_rtt          N = 1.25 (2 in slow start)   bytes per ns
 *   burst = max(10 * max_datagram_size, rate * 2 ms)                     bucket capacity
 *
 *   tokens(now) = min(burst, tokens + rate * (now - last))
 *   nextSendTimeNanos: now if tokens(now) >= bytes, else now + (bytes - tokens(now)) / rate
 *   onPacketSent:      tokens -= bytes (not below 0)
 * </pre>
 *
 * <p>The burst covers at least 2 ms because the event loop's timers fire with about 1 ms granularity:
 * a smaller bucket would cap the rate at one bucket per timer tick. RFC 9002 §7.7: "N = 1.25" keeps the
 * pacer from becoming the bottleneck; slow start uses 2 so the window can double each RTT.
 *
 * <p>The bucket starts full. With no RTT estimate or no window (non-positive values) it does not pace.
 * Returned times are never before {@code nowNanos}; time going backwards adds no tokens. All times are
 * nanoseconds passed in; no allocation. Not thread-safe.
 */
public final class Pacer {

    /** RFC 9002 §7.7: "N = 1.25" in congestion avoidance. */
    static final double N_CONGESTION_AVOIDANCE = 1.25;
    /** Pacing gain in slow start, so that the window can double each round trip. */
    static final double N_SLOW_START = 2.0;
    /** Minimum burst, in datagrams (RFC 9002 §7.7 allows a burst of the initial window, 10 datagrams). */
    static final int MIN_BURST_DATAGRAMS = 10;
    /** The burst covers this much time at the pacing rate: twice the event loop's ~1 ms timer granularity. */
    static final long BURST_INTERVAL_NANOS = 2_000_000L;

    private int maxDatagramSize;
    private double tokens;
    private long lastRefillNanos;
    private boolean started;

    /** @param maxDatagramSize the path's maximum datagram size in bytes (values below 1 count as 1200) */
    public Pacer(int maxDatagramSize) {
        this.maxDatagramSize = NewReno.sanitize(maxDatagramSize);
    }

    /**
     * @param bytes the size of the packet to send
     * @param cwndBytes the congestion window
     * @param smoothedRttNanos the smoothed RTT
     * @param slowStart whether the controller is in slow start
     * @return the earliest time the packet may be sent: {@code nowNanos} if the bucket holds enough tokens,
     *     else a later time; never before {@code nowNanos}
     */
    public long nextSendTimeNanos(int bytes, long cwndBytes, long smoothedRttNanos, boolean slowStart, long nowNanos) {
        double rate = rateBytesPerNanos(cwndBytes, smoothedRttNanos, slowStart);
        if (rate <= 0) {
            return nowNanos;
        }
        double burst = burstBytes(rate);
        double available = refilled(burst, rate, nowNanos);
        double needed = Math.min(Math.max(0, bytes), burst);
        if (available >= needed) {
            return nowNanos;
        }
        double waitNanos = Math.ceil((needed - available) / rate);
        if (waitNanos >= Long.MAX_VALUE - (double) Math.max(0, nowNanos)) {
            return Long.MAX_VALUE;
        }
        return nowNanos + Math.max(1L, (long) waitNanos);
    }

    /** Takes {@code bytes} from the bucket, after refilling it up to {@code nowNanos}. */
    public void onPacketSent(int bytes, long cwndBytes, long smoothedRttNanos, boolean slowStart, long nowNanos) {
        double rate = rateBytesPerNanos(cwndBytes, smoothedRttNanos, slowStart);
        if (rate <= 0) {
            return;
        }
        double burst = burstBytes(rate);
        tokens = Math.max(0, refilled(burst, rate, nowNanos) - Math.max(0, bytes));
        if (!started || nowNanos > lastRefillNanos) {
            lastRefillNanos = nowNanos;
        }
        started = true;
    }

    /** The path's maximum datagram size changed; the minimum burst follows it. */
    public void onMaxDatagramSizeChanged(int maxDatagramSize) {
        this.maxDatagramSize = NewReno.sanitize(maxDatagramSize);
    }

    /** @return the pacing rate in bytes per second, 0 when not pacing */
    public static double rateBytesPerSecond(long cwndBytes, long smoothedRttNanos, boolean slowStart) {
        return rateBytesPerNanos(cwndBytes, smoothedRttNanos, slowStart) * 1e9;
    }

    /** @return the bucket capacity in bytes for these inputs */
    public long burstBytes(long cwndBytes, long smoothedRttNanos, boolean slowStart) {
        return (long) burstBytes(rateBytesPerNanos(cwndBytes, smoothedRttNanos, slowStart));
    }

    private static double rateBytesPerNanos(long cwndBytes, long smoothedRttNanos, boolean slowStart) {
        if (cwndBytes <= 0 || smoothedRttNanos <= 0) {
            return 0;
        }
        return (slowStart ? N_SLOW_START : N_CONGESTION_AVOIDANCE) * cwndBytes / smoothedRttNanos;
    }

    private double burstBytes(double rateBytesPerNanos) {
        return Math.max((double) MIN_BURST_DATAGRAMS * maxDatagramSize, rateBytesPerNanos * BURST_INTERVAL_NANOS);
    }

    /** Tokens at nowNanos without changing state: a full bucket before the first send. */
    private double refilled(double burst, double rate, long nowNanos) {
        if (!started) {
            return burst;
        }
        long elapsed = nowNanos - lastRefillNanos;
        double t = elapsed > 0 ? tokens + rate * elapsed : tokens;
        return Math.min(burst, t);
    }

    @Override
    public String toString() {
        return "Pacer[tokens=" + (long) tokens + "]";
    }
}
