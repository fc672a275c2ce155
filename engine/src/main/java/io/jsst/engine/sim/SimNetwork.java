package io.jsst.engine.sim;

import io.jsst.engine.host.DatagramEndpoint;
import io.jsst.engine.loop.HostDriver;
import io.jsst.engine.time.TimeSource;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * A deterministic in-process network on a virtual clock: a single-threaded discrete-event
 * simulation that drives {@link DatagramEndpoint}s through seeded, impaired links (libsst's
 * {@code Simulator}, neqo's test fixture). No real clock and no threads: virtual time jumps from
 * one event to the next, so a 30-second lossy transfer runs in milliseconds, and the same seed
 * gives the same run bit for bit.
 *
 * <pre>
 *   events ordered by (time, seq); runUntil / runFor pops them in order:
 *      task        -&gt; task.run()                    \
 *      timer       -&gt; endpoint.handleTimeout(now)    |- then flush that host: pollTransmit until
 *      delivery    -&gt; endpoint.handleDatagram(...)  /   null, each datagram onto its SimLink,
 *      unreachable -&gt; endpoint.handleUnreachable(...)   then re-arm its timer
 *
 *   host A (bound) -NAT-&gt; public A --SimLink(A.ip -&gt; B.ip)--&gt; public B -NAT-&gt; host B (bound)
 * </pre>
 * </pre>
 *
 * <p>Rules: events at the same virtual time run in the order they were scheduled. A datagram to
 * an address with no endpoint is {@link SimFate#DROPPED_UNBOUND} on arrival, and the sender gets
 * {@code handleUnreachable} then (at most once per destination per 100 ms); a datagram to a public
 * address retired by {@link #rebind} is dropped silently, as a NAT does. Exceptions thrown by an
 * endpoint or a scheduled action propagate out of {@link #runUntil} and {@link #runFor}.
 *
 * <p>Threads: everything runs on the thread that calls {@code runUntil}/{@code runFor}. A
 * driver's {@code execute} may be called from any thread (the task joins the event queue at the
 * virtual time the simulation thread next takes it in); all other methods are for the
 * simulation's own thread, or for set-up while it is not running.
 */
public final class SimNetwork {

    /** Size of each host's reused transmit buffer. */
    static final int BUFFER_BYTES = 65_536;

    /** Events at one virtual instant after which the simulation declares a livelock. */
    static final long MAX_EVENTS_AT_ONE_INSTANT = 10_000_000L;

    private final long seed;
    private final PriorityQueue<SimEvent> events = new PriorityQueue<>();
    private final ConcurrentLinkedQueue<Runnable> incoming = new ConcurrentLinkedQueue<>();
    private final Map<InetAddress, Map<InetAddress, SimLink>> links = new HashMap<>();
    private final Map<InetSocketAddress, SimHost> hosts = new HashMap<>();
    private final NatTable nat = new NatTable();
    private final List<SimTraceListener> listeners = new ArrayList<>();
    private final List<SimTap> taps = new ArrayList<>();
    private final SimCounters counters = new SimCounters();
    private LinkProfile defaultProfile = LinkProfile.PERFECT;
    private long nowNanos;
    private long sequence;
    private volatile Thread runner;

    /** A network with no hosts whose links draw from streams derived from {@code seed}. */
    public SimNetwork(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The virtual clock; starts at 0. */
    public TimeSource clock() {
        return this::nowNanos;
    }

    /** Virtual now, in nanoseconds since the network was created. */
    public long nowNanos() {
        return nowNanos;
    }

    /**
     * Attaches {@code endpoint} at {@code address}; its first turn (a flush) is scheduled now.
     *
     * @throws IllegalStateException if an endpoint is bound at, or reachable through,
     *                               {@code address}
     */
    public HostDriver attach(InetSocketAddress address, DatagramEndpoint endpoint) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(endpoint, "endpoint");
        if (nat.inUse(address)) {
            throw new IllegalStateException("address in use: " + address);
        }
        SimHost host = new SimHost(this, address, endpoint);
        hosts.put(address, host);
        nat.add(address);
        schedule(nowNanos, host::flush);
        return host;
    }

    /** Runs {@code action} at virtual time {@code atNanos} (or now, if that has passed). */
    public void schedule(long atNanos, Runnable action) {
        events.add(new SimEvent(Math.max(atNanos, nowNanos), sequence++, action));
    }

    /**
     * Processes events in order until {@code done} is true (checked before the first event and
     * after every event), or the next event lies beyond {@code maxVirtual} from now (virtual time
     * then advances to that limit), or no events remain.
     *
     * @return {@code done.getAsBoolean()} at the end
     * @throws IllegalStateException if called from inside the simulation, or if more than ten
     *                               million events happen at one virtual instant (a livelock)
     */
    public boolean runUntil(BooleanSupplier done, Duration maxVirtual) {
        if (runner != null) {
            throw new IllegalStateException("the simulation is already running on " + runner.getName());
        }
        long limit = saturatedAdd(nowNanos, maxVirtual.toNanos());
        runner = Thread.currentThread();
        try {
            long eventsThisInstant = 0;
            while (!done.getAsBoolean()) {
                takeIncoming();
                SimEvent next = events.peek();
                if (next == null) {
                    break;
                }
                if (next.atNanos > limit) {
                    nowNanos = limit;
                    break;
                }
                events.poll();
                if (next.atNanos == nowNanos) {
                    if (++eventsThisInstant > MAX_EVENTS_AT_ONE_INSTANT) {
                        throw new IllegalStateException("livelock: " + eventsThisInstant
                                + " events at t=" + nowNanos + "ns (seed " + seed + ")");
                    }
                } else {
                    eventsThisInstant = 0;
                    nowNanos = next.atNanos;
                }
                next.action.run();
            }
            return done.getAsBoolean();
        } finally {
            runner = null;
        }
    }

    /** Runs all events of the next {@code duration} of virtual time; now then advances to its end. */
    public void runFor(Duration duration) {
        long end = saturatedAdd(nowNanos, duration.toNanos());
        runUntil(() -> false, duration);
        nowNanos = Math.max(nowNanos, end);
    }

    /** The directional link from {@code from} to {@code to}, created with the default profile. */
    public SimLink link(InetAddress from, InetAddress to) {
        Map<InetAddress, SimLink> byTo = links.computeIfAbsent(from, k -> new HashMap<>());
        SimLink link = byTo.get(to);
        if (link == null) {
            link = new SimLink(from, to, seed, defaultProfile);
            byTo.put(to, link);
        }
        return link;
    }

    /** The profile of links created from now on (existing links keep theirs). */
    public void setDefaultProfile(LinkProfile profile) {
        this.defaultProfile = Objects.requireNonNull(profile, "profile");
    }

    /** Sets the profile of both directions between {@code a} and {@code b}. */
    public void setProfile(InetAddress a, InetAddress b, LinkProfile profile) {
        link(a, b).setProfile(profile);
        link(b, a).setProfile(profile);
    }

    /** Drops everything sent between {@code a} and {@code b}, both ways, from now for {@code duration}. */
    public void partition(InetAddress a, InetAddress b, Duration duration) {
        long until = saturatedAdd(nowNanos, duration.toNanos());
        link(a, b).cut(until);
        link(b, a).cut(until);
    }

    /**
     * NAT rebinding: from now on datagrams sent by the host bound at {@code hostAddress} come from
     * {@code newPublicAddress}, datagrams to {@code newPublicAddress} reach it, and datagrams to
     * its old public address are dropped.
     *
     * @return the old public address
     * @throws IllegalArgumentException if no host is bound at {@code hostAddress}
     * @throws IllegalStateException    if {@code newPublicAddress} is in use
     */
    public InetSocketAddress rebind(InetSocketAddress hostAddress, InetSocketAddress newPublicAddress) {
        return nat.rebind(hostAddress, newPublicAddress);
    }

    public void addTap(SimTap tap) {
        taps.add(Objects.requireNonNull(tap, "tap"));
    }

    /**
     * Puts a datagram on the link from {@code from}'s address to {@code to} as if {@code from} had
     * sent it, whether or not anything is bound there: forged and replayed packets for attack tests.
     */
    public void inject(InetSocketAddress from, InetSocketAddress to, byte[] data) {
        byte[] copy = data.clone();
        if (runner != null && !inSimThread()) {
            incoming.add(() -> inject(from, to, copy));
            return;
        }
        SimLink link = link(from.getAddress(), to.getAddress());
        record(link, nowNanos, from, to, copy.length, SimFate.SENT);
        SimPacket p = link.transmit(nowNanos, copy, copy.length);
        if (p.dropped != null) {
            record(link, nowNanos, from, to, copy.length, p.dropped);
            return;
        }
        schedule(p.arrivalNanos(), () -> arrive(link, null, from, to, copy, copy.length));
    }

    public void addTraceListener(SimTraceListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Counts of all datagrams so far, by fate. */
    public SimStats stats() {
        return counters.snapshot();
    }

    @Override
    public String toString() {
        return "SimNetwork{seed=" + seed + ", t=" + nowNanos + "ns, hosts=" + hosts.size() + '}';
    }

    // ---- package-private, for SimHost ----

    boolean inSimThread() {
        return runner == Thread.currentThread();
    }

    /** Queues a task at the current virtual time; any thread. */
    void submit(Runnable task) {
        if (inSimThread()) {
            schedule(nowNanos, task);
        } else {
            incoming.add(task);
        }
    }

    void closeHost(SimHost host) {
        if (runner != null && !inSimThread()) {
            incoming.add(() -> closeHost(host));
            return;
        }
        if (host.closed) {
            return;
        }
        host.detach();
        hosts.remove(host.boundAddress);
        nat.remove(host.boundAddress);
    }

    /** Puts one datagram from {@code sender} onto its link. {@code data} becomes the network's. */
    void transmit(SimHost sender, InetSocketAddress to, byte[] data, int length) {
        InetSocketAddress from = nat.publicOf(sender.boundAddress);
        for (int i = 0; i < taps.size(); i++) {
            taps.get(i).onSent(nowNanos, from, to, data, length);
        }
        SimLink link = link(from.getAddress(), to.getAddress());
        record(link, nowNanos, from, to, length, SimFate.SENT);
        SimPacket p = link.transmit(nowNanos, data, length);
        if (p.dropped != null) {
            record(link, nowNanos, from, to, length, p.dropped);
            return;
        }
        if (p.corrupted) {
            record(link, nowNanos, from, to, length, SimFate.CORRUPTED);
        }
        long arrival = p.arrivalNanos();
        schedule(arrival, () -> arrive(link, sender, from, to, data, length));
        if (p.duplicate) {
            record(link, nowNanos, from, to, length, SimFate.DUPLICATED);
            byte[] copy = data.clone();
            schedule(arrival + p.duplicateExtraDelayNanos, () -> arrive(link, sender, from, to, copy, length));
        }
    }

    private void arrive(SimLink link, SimHost sender, InetSocketAddress from, InetSocketAddress to,
                        byte[] data, int length) {
        InetSocketAddress bound = nat.boundBehind(to);
        SimHost receiver = bound == null ? null : hosts.get(bound);
        if (receiver == null) {
            record(link, nowNanos, from, to, length, SimFate.DROPPED_UNBOUND);
            if (sender != null && !nat.isRetired(to)) {
                sender.reportUnreachable(to);
            }
            return;
        }
        record(link, nowNanos, from, to, length, SimFate.DELIVERED);
        receiver.deliver(data, length, from);
    }

    private void record(SimLink link, long timeNanos, InetSocketAddress from, InetSocketAddress to,
                        int length, SimFate fate) {
        counters.add(fate);
        link.count(fate);
        for (int i = 0; i < listeners.size(); i++) {
            listeners.get(i).onPacket(timeNanos, from, to, length, fate);
        }
    }

    private void takeIncoming() {
        Runnable task;
        while ((task = incoming.poll()) != null) {
            schedule(nowNanos, task);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
