package io.jsst.engine.sim;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One direction of the path between two IP addresses in a {@link SimNetwork}: a
 * {@link LinkProfile}, the state of its stages (queue, burst-loss state, partition), its own
 * random stream, and its counts.
 *
 * <pre>
 *   from ---[ partition | MTU | bottleneck | loss | burst | corrupt | dup | delay | reorder ]--&gt; to
 * </pre>
 *
 * <p>The random stream is derived from the network seed and the two addresses only, so adding
 * a link, or traffic on another link, never changes this link's draws. Setting a profile resets
 * the stages' state (an empty queue, burst loss in the good state) but not the random stream
 * nor a partition in progress. Use on the simulation's thread only.
 */
public final class SimLink {

    private final InetAddress from;
    private final InetAddress to;
    private final SplittableRandom random;
    private final Partition partition = new Partition();
    private final SimCounters counters = new SimCounters();
    private final SimPacket packet = new SimPacket();
    private LinkProfile profile;
    private List<ImpairmentStage> stages;

    SimLink(InetAddress from, InetAddress to, long networkSeed, LinkProfile profile) {
        this.from = from;
        this.to = to;
        this.random = new SplittableRandom(networkSeed ^ streamId(from, to));
        setProfile(profile);
    }

    /** The source address of this direction. */
    public InetAddress from() {
        return from;
    }

    /** The destination address of this direction. */
    public InetAddress to() {
        return to;
    }

    public LinkProfile profile() {
        return profile;
    }

    /** Replaces the profile for datagrams sent from now on; datagrams in flight keep their fate. */
    public void setProfile(LinkProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.stages = profile.newStages();
    }

    /** The counts of datagrams sent on this direction, by fate. */
    public SimStats stats() {
        return counters.snapshot();
    }

    @Override
    public String toString() {
        return "SimLink{" + from.getHostAddress() + " -> " + to.getHostAddress() + ", " + profile + '}';
    }

    void cut(long untilNanos) {
        partition.cut(untilNanos);
    }

    void count(SimFate fate) {
        counters.add(fate);
    }

    /**
     * Runs one datagram through the stages. Returns the link's reused packet: either
     * {@code dropped} is set, or it says when the datagram (and maybe a duplicate) arrives.
     * {@code data} becomes the packet's; stages may change it.
     */
    SimPacket transmit(long nowNanos, byte[] data, int length) {
        packet.reset(nowNanos, data, length);
        if (!partition.apply(packet, random)) {
            return packet;
        }
        for (int i = 0; i < stages.size(); i++) {
            if (!stages.get(i).apply(packet, random)) {
                return packet;
            }
        }
        return packet;
    }

    /** A stable 64-bit mix of the two addresses, direction-sensitive. */
    private static long streamId(InetAddress from, InetAddress to) {
        long h = 0x9E3779B97F4A7C15L;
        for (byte b : from.getAddress()) {
            h = mix(h ^ (b & 0xff));
        }
        h = mix(h ^ 0x2545F4914F6CDD1DL);
        for (byte b : to.getAddress()) {
            h = mix(h ^ (b & 0xff));
        }
        return h;
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
