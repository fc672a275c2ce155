package io.jsst.engine.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The impairments of one direction of a simulated link. Immutable; built with {@link #builder()}
 * (or {@link #toBuilder()} to derive one from another), or taken from the presets.
 *
 * <p>Each datagram passes the stages in this order; a stage that drops it ends the walk:
 * <pre>
 *   partition -&gt; MTU -&gt; bottleneck (rate, drop-tail queue) -&gt; random loss -&gt; burst loss
 *     -&gt; corruption -&gt; duplication -&gt; delay + jitter -&gt; reordering -&gt; arrival
 * </pre>
 * Stages whose parameters are zero are left out (and draw no random numbers). The partition is
 * not part of the profile: {@link SimNetwork#partition} cuts a link for a while.
 *
 * <p>MTU: a datagram's UDP payload may be at most {@code mtu - 28} bytes (1472 with the default
 * MTU of 1500); larger ones are {@link SimFate#DROPPED_MTU}.
 */
public final class LinkProfile {

    /** Default MTU of a built profile: Ethernet. */
    public static final int DEFAULT_MTU = 1500;
    /** Largest MTU: an IPv4 datagram's maximum total length. */
    public static final int MAX_MTU = 65_535;

    /** No delay, no loss, no rate limit, MTU 65,535: datagrams arrive at the instant they are sent. */
    public static final LinkProfile PERFECT = builder().mtu(MAX_MTU).build();

    private final long delayNanos;
    private final long jitterNanos;
    private final double loss;
    private final double burstGoodToBad;
    private final double burstBadToGood;
    private final double burstLossInBad;
    private final double reorderProbability;
    private final long reorderDelayNanos;
    private final double duplicateProbability;
    private final double corruptProbability;
    private final long bitsPerSecond;
    private final int queueBytes;
    private final int mtu;

    private LinkProfile(Builder b) {
        this.delayNanos = b.delayNanos;
        this.jitterNanos = b.jitterNanos;
        this.loss = b.loss;
        this.burstGoodToBad = b.burstGoodToBad;
        this.burstBadToGood = b.burstBadToGood;
        this.burstLossInBad = b.burstLossInBad;
        this.reorderProbability = b.reorderProbability;
        this.reorderDelayNanos = b.reorderDelayNanos;
        this.duplicateProbability = b.duplicateProbability;
        this.corruptProbability = b.corruptProbability;
        this.bitsPerSecond = b.bitsPerSecond;
        this.queueBytes = b.queueBytes;
        this.mtu = b.mtu;
    }

    /** A builder with no impairments and MTU 1500. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this profile's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.delayNanos = delayNanos;
        b.jitterNanos = jitterNanos;
        b.loss = loss;
        b.burstGoodToBad = burstGoodToBad;
        b.burstBadToGood = burstBadToGood;
        b.burstLossInBad = burstLossInBad;
        b.reorderProbability = reorderProbability;
        b.reorderDelayNanos = reorderDelayNanos;
        b.duplicateProbability = duplicateProbability;
        b.corruptProbability = corruptProbability;
        b.bitsPerSecond = bitsPerSecond;
        b.queueBytes = queueBytes;
        b.mtu = mtu;
        return b;
    }

    /** A LAN: 0.1 ms one way, 1 Gbit/s with a 1 MiB queue, MTU 1500. */
    public static LinkProfile lan() {
        return builder()
                .delay(Duration.ofNanos(100_000))
                .bandwidth(1_000_000_000L, 1 << 20)
                .build();
    }

    /**
     * A WAN path: {@code delayMillis} one way, 100 Mbit/s with a queue of about one round trip
     * of data (at least 64 KiB), MTU 1500. No loss, no jitter.
     */
    public static LinkProfile wan(long delayMillis) {
        long rate = 100_000_000L;
        long bdpBytes = rate / 8 * 2 * delayMillis / 1000;
        return builder()
                .delay(Duration.ofMillis(delayMillis))
                .bandwidth(rate, (int) Math.min(Integer.MAX_VALUE, Math.max(64 * 1024, bdpBytes)))
                .build();
    }

    /** {@link #wan(long)} with independent random loss {@code loss} and jitter of a tenth of the delay. */
    public static LinkProfile lossyWan(long delayMillis, double loss) {
        return wan(delayMillis).toBuilder()
                .loss(loss)
                .jitter(Duration.ofNanos(delayMillis * 100_000))
                .build();
    }

    /** The stages of this profile, in pipeline order, with fresh state; partition excluded. */
    List<ImpairmentStage> newStages() {
        List<ImpairmentStage> stages = new ArrayList<>();
        if (mtu < MAX_MTU) {
            stages.add(new MtuLimit(mtu));
        }
        if (bitsPerSecond > 0) {
            stages.add(new Bottleneck(bitsPerSecond, queueBytes));
        }
        if (loss > 0) {
            stages.add(new RandomLoss(loss));
        }
        if (burstGoodToBad > 0 && burstLossInBad > 0) {
            stages.add(new BurstLoss(burstGoodToBad, burstBadToGood, burstLossInBad));
        }
        if (corruptProbability > 0) {
            stages.add(new Corruption(corruptProbability));
        }
        if (duplicateProbability > 0) {
            stages.add(new Duplication(duplicateProbability, jitterNanos));
        }
        if (delayNanos > 0 || jitterNanos > 0) {
            stages.add(new Delay(delayNanos, jitterNanos));
        }
        if (reorderProbability > 0 && reorderDelayNanos > 0) {
            stages.add(new Reorder(reorderProbability, reorderDelayNanos));
        }
        return stages;
    }

    public Duration delay() {
        return Duration.ofNanos(delayNanos);
    }

    public Duration jitter() {
        return Duration.ofNanos(jitterNanos);
    }

    public double loss() {
        return loss;
    }

    public double duplicateProbability() {
        return duplicateProbability;
    }

    public double corruptProbability() {
        return corruptProbability;
    }

    public double reorderProbability() {
        return reorderProbability;
    }

    public Duration reorderDelay() {
        return Duration.ofNanos(reorderDelayNanos);
    }

    /** The bottleneck rate, or 0 for none. */
    public long bitsPerSecond() {
        return bitsPerSecond;
    }

    public int queueBytes() {
        return queueBytes;
    }

    public int mtu() {
        return mtu;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LinkProfile{");
        s.append("delay=").append(delayNanos / 1e6).append("ms");
        if (jitterNanos > 0) {
            s.append(", jitter=").append(jitterNanos / 1e6).append("ms");
        }
        if (loss > 0) {
            s.append(", loss=").append(loss);
        }
        if (burstGoodToBad > 0) {
            s.append(", burst=(").append(burstGoodToBad).append(',').append(burstBadToGood)
                    .append(',').append(burstLossInBad).append(')');
        }
        if (reorderProbability > 0) {
            s.append(", reorder=").append(reorderProbability).append('@').append(reorderDelayNanos / 1e6).append("ms");
        }
        if (duplicateProbability > 0) {
            s.append(", duplicate=").append(duplicateProbability);
        }
        if (corruptProbability > 0) {
            s.append(", corrupt=").append(corruptProbability);
        }
        if (bitsPerSecond > 0) {
            s.append(", rate=").append(bitsPerSecond).append("bps, queue=").append(queueBytes).append('B');
        }
        return s.append(", mtu=").append(mtu).append('}').toString();
    }

    /** Builds a {@link LinkProfile}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private long delayNanos;
        private long jitterNanos;
        private double loss;
        private double burstGoodToBad;
        private double burstBadToGood;
        private double burstLossInBad;
        private double reorderProbability;
        private long reorderDelayNanos;
        private double duplicateProbability;
        private double corruptProbability;
        private long bitsPerSecond;
        private int queueBytes;
        private int mtu = DEFAULT_MTU;

        private Builder() {
        }

        /** Fixed one-way delay. */
        public Builder delay(Duration delay) {
            this.delayNanos = nonNegative(delay, "delay");
            return this;
        }

        /** Uniform extra delay in {@code [0, jitter]} per datagram (may reorder). */
        public Builder jitter(Duration jitter) {
            this.jitterNanos = nonNegative(jitter, "jitter");
            return this;
        }

        /** Independent loss probability per datagram. */
        public Builder loss(double p) {
            this.loss = probability(p, "loss");
            return this;
        }

        /** Gilbert-Elliott burst loss. */
        public Builder burstLoss(double pGoodToBad, double pBadToGood, double lossInBad) {
            this.burstGoodToBad = probability(pGoodToBad, "pGoodToBad");
            this.burstBadToGood = probability(pBadToGood, "pBadToGood");
            this.burstLossInBad = probability(lossInBad, "lossInBad");
            return this;
        }

        /** With probability {@code p} a datagram is held back by {@code extraDelay}. */
        public Builder reorder(double p, Duration extraDelay) {
            this.reorderProbability = probability(p, "reorder");
            this.reorderDelayNanos = nonNegative(extraDelay, "extraDelay");
            return this;
        }

        /** With probability {@code p} a datagram is delivered twice. */
        public Builder duplicate(double p) {
            this.duplicateProbability = probability(p, "duplicate");
            return this;
        }

        /** With probability {@code p} 1 to 3 bits of a datagram are flipped. */
        public Builder corrupt(double p) {
            this.corruptProbability = probability(p, "corrupt");
            return this;
        }

        /** A bottleneck of {@code bitsPerSecond} behind a drop-tail queue of {@code queueBytes}. */
        public Builder bandwidth(long bitsPerSecond, int queueBytes) {
            if (bitsPerSecond <= 0) {
                throw new IllegalArgumentException("bitsPerSecond must be positive: " + bitsPerSecond);
            }
            if (queueBytes <= 0) {
                throw new IllegalArgumentException("queueBytes must be positive: " + queueBytes);
            }
            this.bitsPerSecond = bitsPerSecond;
            this.queueBytes = queueBytes;
            return this;
        }

        /** The link MTU in bytes, including 28 bytes of IPv4 and UDP headers. */
        public Builder mtu(int bytes) {
            if (bytes <= MtuLimit.IP_UDP_OVERHEAD || bytes > MAX_MTU) {
                throw new IllegalArgumentException("mtu must be in (28, 65535]: " + bytes);
            }
            this.mtu = bytes;
            return this;
        }

        public LinkProfile build() {
            return new LinkProfile(this);
        }

        private static long nonNegative(Duration d, String what) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d.toNanos();
        }

        private static double probability(double p, String what) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(what + " must be a probability: " + p);
            }
            return p;
        }
    }
}
