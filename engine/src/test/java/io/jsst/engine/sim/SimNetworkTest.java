package io.jsst.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jsst.engine.loop.HostDriver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SimNetworkTest {

    private static final long MS = 1_000_000L;
    private static final InetSocketAddress A = address("10.0.0.1", 1000);
    private static final InetSocketAddress B = address("10.0.0.2", 2000);

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> traceOf(SimNetwork net) {
        List<String> trace = new ArrayList<>();
        net.addTraceListener((t, from, to, length, fate) -> trace.add(t + " " + from + " " + to + " " + length + " " + fate));
        return trace;
    }

    /** A paces numbered datagrams to B, which echoes them, over an impaired link; returns the trace. */
    private static List<String> lossyEchoRun(long seed) {
        SimNetwork net = new SimNetwork(seed);
        net.setDefaultProfile(LinkProfile.builder()
                .delay(Duration.ofMillis(10)).jitter(Duration.ofMillis(3))
                .loss(0.05).burstLoss(0.01, 0.3, 0.8)
                .duplicate(0.02).corrupt(0.02).reorder(0.05, Duration.ofMillis(7))
                .bandwidth(10_000_000, 30_000)
                .build());
        List<String> trace = traceOf(net);
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        b.echo = true;
        HostDriver da = net.attach(A, a);
        net.attach(B, b);
        da.execute(() -> a.pace(B, 2000, 1200, MS / 2, net.nowNanos()));
        net.runFor(Duration.ofSeconds(2));
        return trace;
    }

    @Test
    void sameSeedGivesTheSameTraceBitForBit() {
        List<String> first = lossyEchoRun(42);
        List<String> second = lossyEchoRun(42);

        assertThat(first).hasSizeGreaterThan(4000);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void differentSeedGivesDifferentDrops() {
        List<String> first = lossyEchoRun(42);
        List<String> other = lossyEchoRun(43);

        assertThat(other.stream().filter(l -> l.contains("DROPPED")).toList())
                .isNotEqualTo(first.stream().filter(l -> l.contains("DROPPED")).toList());
    }

    @Test
    void trafficOnAnotherLinkDoesNotChangeThisLinksDraws() {
        InetSocketAddress c = address("10.0.0.3", 3000);
        InetSocketAddress d = address("10.0.0.4", 4000);
        List<List<Long>> received = new ArrayList<>();
        for (boolean withOtherTraffic : new boolean[] {false, true}) {
            SimNetwork net = new SimNetwork(7);
            net.setDefaultProfile(LinkProfile.builder().loss(0.3).build());
            TestPeer a = new TestPeer();
            TestPeer b = new TestPeer();
            net.attach(A, a);
            net.attach(B, b);
            if (withOtherTraffic) {
                TestPeer pc = new TestPeer();
                HostDriver dc = net.attach(c, pc);
                net.attach(d, new TestPeer());
                dc.execute(() -> pc.burst(d, 500, 100, 0));
            }
            a.burst(B, 500, 100, 0);
            net.runFor(Duration.ofSeconds(1));
            received.add(b.arrivals.stream().map(TestPeer.Arrival::seq).toList());
        }

        assertThat(received.get(1)).isEqualTo(received.get(0));
    }

    @Test
    void lossRateIsCloseToConfiguredOverOneHundredThousandDatagrams() {
        SimNetwork net = new SimNetwork(1);
        net.setDefaultProfile(LinkProfile.builder().loss(0.1).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        net.attach(A, a);
        net.attach(B, b);
        a.burst(B, 100_000, 32, 0);

        net.runFor(Duration.ofSeconds(1));

        SimStats stats = net.stats();
        assertThat(stats.sent()).isEqualTo(100_000);
        assertThat(stats.droppedLoss() / 100_000.0).isCloseTo(0.1, within(0.005));
        assertThat(stats.delivered() + stats.droppedLoss()).isEqualTo(100_000);
        assertThat(b.arrivals).hasSize((int) stats.delivered());
        assertThat(net.link(A.getAddress(), B.getAddress()).stats()).isEqualTo(stats);
    }

    @Test
    void burstLossLosesRunsAtTheGilbertElliottAverage() {
        SimNetwork net = new SimNetwork(3);
        net.setDefaultProfile(LinkProfile.builder().burstLoss(0.01, 0.2, 1.0).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        net.attach(A, a);
        net.attach(B, b);
        a.burst(B, 100_000, 32, 0);

        net.runFor(Duration.ofSeconds(1));

        long lost = net.stats().droppedLoss();
        // stationary P(bad) = pGB / (pGB + pBG) = 0.01 / 0.21
        assertThat(lost / 100_000.0).isCloseTo(0.01 / 0.21, within(0.01));
        int runs = 0;
        long expected = 0;
        for (TestPeer.Arrival arrival : b.arrivals) {
            if (arrival.seq() != expected) {
                runs++;
            }
            expected = arrival.seq() + 1;
        }
        double meanRun = (double) lost / runs;
        assertThat(meanRun).isCloseTo(1 / 0.2, within(0.5));
    }

    @Test
    void bottleneckDeliversAtItsRateAndDropsWhenTheQueueOverflows() {
        SimNetwork net = new SimNetwork(5);
        long rate = 8_000_000; // 1 MB/s: 1 ms per 1000-byte datagram
        net.setDefaultProfile(LinkProfile.builder()
                .delay(Duration.ofMillis(10)).bandwidth(rate, 20_000).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        HostDriver da = net.attach(A, a);
        net.attach(B, b);
        // 2 MB/s offered for one second, twice the rate
        da.execute(() -> a.pace(B, 2000, 1000, MS / 2, net.nowNanos()));

        net.runFor(Duration.ofSeconds(3));

        SimStats stats = net.stats();
        assertThat(stats.droppedQueue()).isGreaterThan(800);
        assertThat(stats.delivered() + stats.droppedQueue()).isEqualTo(2000);
        List<TestPeer.Arrival> in = b.arrivals;
        long spanNanos = in.get(in.size() - 1).atNanos() - in.get(0).atNanos();
        double bitsPerSecond = (in.size() - 1) * 1000 * 8 / (spanNanos / 1e9);
        assertThat(bitsPerSecond).isCloseTo(rate, within(rate * 0.01));
    }

    @Test
    void bottleneckSpacesABurstBySerializationTime() {
        SimNetwork net = new SimNetwork(5);
        net.setDefaultProfile(LinkProfile.builder()
                .delay(Duration.ofMillis(10)).bandwidth(8_000_000, 100_000).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        net.attach(A, a);
        net.attach(B, b);
        a.burst(B, 10, 1000, 0);

        net.runFor(Duration.ofSeconds(1));

        assertThat(b.arrivals).extracting(TestPeer.Arrival::atNanos)
                .containsExactly(11 * MS, 12 * MS, 13 * MS, 14 * MS, 15 * MS, 16 * MS, 17 * MS, 18 * MS, 19 * MS, 20 * MS);
    }

    @Test
    void delayAndJitterStayWithinTheirBounds() {
        SimNetwork net = new SimNetwork(9);
        net.setDefaultProfile(LinkProfile.builder()
                .delay(Duration.ofMillis(20)).jitter(Duration.ofMillis(5)).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        HostDriver da = net.attach(A, a);
        net.attach(B, b);
        da.execute(() -> a.pace(B, 1000, 100, MS, net.nowNanos()));

        net.runFor(Duration.ofSeconds(2));

        assertThat(b.arrivals).hasSize(1000);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (TestPeer.Arrival arrival : b.arrivals) {
            long oneWay = arrival.atNanos() - arrival.sentNanos();
            min = Math.min(min, oneWay);
            max = Math.max(max, oneWay);
        }
        assertThat(min).isGreaterThanOrEqualTo(20 * MS).isLessThan(21 * MS);
        assertThat(max).isLessThanOrEqualTo(25 * MS).isGreaterThan(24 * MS);
    }

    @Test
    void reorderingLetsLaterDatagramsOvertake() {
        SimNetwork net = new SimNetwork(11);
        net.setDefaultProfile(LinkProfile.builder()
                .delay(Duration.ofMillis(10)).reorder(0.1, Duration.ofMillis(5)).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        HostDriver da = net.attach(A, a);
        net.attach(B, b);
        da.execute(() -> a.pace(B, 1000, 100, MS, net.nowNanos()));

        net.runFor(Duration.ofSeconds(2));

        assertThat(b.arrivals).hasSize(1000);
        int overtaken = 0;
        long highest = -1;
        for (TestPeer.Arrival arrival : b.arrivals) {
            if (arrival.seq() < highest) {
                overtaken++;
            }
            highest = Math.max(highest, arrival.seq());
        }
        assertThat(overtaken).isBetween(60, 140);
    }

    @Test
    void duplicatesAreDeliveredTwiceAndCounted() {
        SimNetwork net = new SimNetwork(13);
        net.setDefaultProfile(LinkProfile.builder().duplicate(0.05).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        net.attach(A, a);
        net.attach(B, b);
        a.burst(B, 10_000, 64, 0);

        net.runFor(Duration.ofSeconds(1));

        SimStats stats = net.stats();
        assertThat(stats.duplicated()).isBetween(400L, 600L);
        assertThat(stats.delivered()).isEqualTo(stats.sent() + stats.duplicated());
        Map<Long, Integer> copies = new HashMap<>();
        b.arrivals.forEach(x -> copies.merge(x.seq(), 1, Integer::sum));
        assertThat(copies.values().stream().filter(n -> n == 2).count()).isEqualTo(stats.duplicated());
        assertThat(copies).hasSize(10_000);
    }

    @Test
    void corruptedDatagramsAreCountedAndActuallyChanged() {
        SimNetwork net = new SimNetwork(17);
        net.setDefaultProfile(LinkProfile.builder().corrupt(0.05).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        net.attach(A, a);
        net.attach(B, b);
        a.burst(B, 10_000, 64, 0);

        net.runFor(Duration.ofSeconds(1));

        long damaged = b.arrivals.stream().filter(x -> !x.intact()).count();
        assertThat(net.stats().corrupted()).isBetween(400L, 600L).isEqualTo(damaged);
        assertThat(b.arrivals).hasSize(10_000);
    }

    @Test
    void partitionDropsExactlyWhatIsSentDuringIt() {
        SimNetwork net = new SimNetwork(19);
        net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(5)).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        HostDriver da = net.attach(A, a);
        net.attach(B, b);
        net.schedule(30 * MS, () -> net.partition(A.getAddress(), B.getAddress(), Duration.ofMillis(20)));
        da.execute(() -> a.pace(B, 100, 100, MS, net.nowNanos()));

        net.runFor(Duration.ofSeconds(1));

        List<Long> received = b.arrivals.stream().map(TestPeer.Arrival::seq).toList();
        assertThat(received).hasSize(80).contains(29L, 50L).doesNotContain(30L, 49L);
        assertThat(net.stats().droppedPartition()).isEqualTo(20);
    }

    @Test
    void partitionCutsBothDirections() {
        SimNetwork net = new SimNetwork(19);
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        net.attach(A, a);
        net.attach(B, b);
        net.partition(A.getAddress(), B.getAddress(), Duration.ofMillis(20));
        a.burst(B, 3, 100, 0);
        b.burst(A, 3, 100, 0);

        net.runFor(Duration.ofMillis(10));

        assertThat(net.stats().droppedPartition()).isEqualTo(6);
    }

    @Test
    void rebindRoutesRepliesToTheNewAddressAndDropsThoseToTheOld() {
        SimNetwork net = new SimNetwork(23);
        net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(5)).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        b.echo = true;
        HostDriver da = net.attach(A, a);
        HostDriver db = net.attach(B, b);
        da.execute(() -> a.burst(B, 1, 100, net.nowNanos()));
        net.runFor(Duration.ofMillis(50));
        assertThat(a.arrivals).hasSize(1);

        InetSocketAddress newPublic = address("198.51.100.7", 40_001);
        InetSocketAddress old = net.rebind(A, newPublic);
        da.execute(() -> a.burst(B, 1, 100, net.nowNanos()));
        db.execute(() -> b.burst(A, 1, 100, net.nowNanos()));
        net.runFor(Duration.ofMillis(50));

        assertThat(old).isEqualTo(A);
        assertThat(b.arrivals).extracting(TestPeer.Arrival::from).containsExactly(A, newPublic);
        assertThat(a.arrivals).hasSize(2);
        assertThat(da.localAddress()).isEqualTo(A);
        assertThat(net.stats().droppedUnbound()).isEqualTo(1);
        assertThat(b.unreachable).isEmpty();
    }

    @Test
    void unboundDestinationReportsUnreachableAfterTheDelayAtMostEveryHundredMillis() {
        SimNetwork net = new SimNetwork(29);
        net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofMillis(10)).build());
        InetSocketAddress nobody = address("10.0.0.9", 9);
        TestPeer a = new TestPeer();
        HostDriver da = net.attach(A, a);
        da.execute(() -> a.pace(nobody, 30, 100, 10 * MS, net.nowNanos()));

        net.runFor(Duration.ofMillis(400));

        assertThat(a.unreachable).extracting(x -> x[0]).containsExactly(10 * MS, 110 * MS, 210 * MS);
        assertThat(a.unreachableDestinations).containsOnly(nobody);
        assertThat(net.stats().droppedUnbound()).isEqualTo(30);
    }

    @Test
    void closedEndpointsAddressBecomesUnbound() {
        SimNetwork net = new SimNetwork(31);
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        net.attach(A, a);
        HostDriver db = net.attach(B, b);
        db.close();
        db.close();
        a.burst(B, 1, 100, 0);

        net.runFor(Duration.ofMillis(10));

        assertThat(b.arrivals).isEmpty();
        assertThat(a.unreachableDestinations).containsExactly(B);
        net.attach(B, new TestPeer());
    }

    @Test
    void attachingATakenAddressThrows() {
        SimNetwork net = new SimNetwork(1);
        net.attach(A, new TestPeer());

        assertThatThrownBy(() -> net.attach(A, new TestPeer())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void datagramLargerThanTheMtuIsDropped() {
        SimNetwork net = new SimNetwork(37);
        net.setDefaultProfile(LinkProfile.builder().build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        net.attach(A, a);
        net.attach(B, b);
        a.burst(B, 1, 1472, 0);
        a.burst(B, 1, 1473, 0);

        net.runFor(Duration.ofMillis(10));

        assertThat(b.arrivals).extracting(TestPeer.Arrival::length).containsExactly(1472);
        assertThat(net.stats().droppedMtu()).isEqualTo(1);
    }

    @Test
    void runUntilStopsAtMaxVirtual() {
        SimNetwork net = new SimNetwork(41);
        TestPeer a = new TestPeer();
        a.setTimer(10 * MS, 10 * MS);
        net.attach(A, a);

        boolean done = net.runUntil(() -> false, Duration.ofSeconds(1));

        assertThat(done).isFalse();
        assertThat(net.nowNanos()).isEqualTo(1_000 * MS);
        assertThat(a.timeouts).hasSize(100);
    }

    @Test
    void runUntilStopsRightAfterTheEventThatMadeItDone() {
        SimNetwork net = new SimNetwork(41);
        TestPeer a = new TestPeer();
        a.setTimer(10 * MS, 10 * MS);
        net.attach(A, a);

        boolean done = net.runUntil(() -> a.timeouts.size() == 5, Duration.ofSeconds(1));

        assertThat(done).isTrue();
        assertThat(net.nowNanos()).isEqualTo(50 * MS);
    }

    @Test
    void runUntilReturnsWhenNoEventsRemain() {
        SimNetwork net = new SimNetwork(41);
        net.attach(A, new TestPeer());

        assertThat(net.runUntil(() -> false, Duration.ofDays(1))).isFalse();
        assertThat(net.nowNanos()).isZero();
    }

    @Test
    void timerRescheduledEarlierFiresAtTheEarlierTimeOnly() {
        SimNetwork net = new SimNetwork(43);
        TestPeer a = new TestPeer();
        a.setTimer(100 * MS, 0);
        HostDriver da = net.attach(A, a);
        net.schedule(10 * MS, () -> da.execute(() -> a.setTimer(50 * MS, 0)));

        net.runFor(Duration.ofMillis(200));

        assertThat(a.timeouts).containsExactly(50 * MS);
    }

    @Test
    void timerRescheduledLaterDoesNotFireEarly() {
        SimNetwork net = new SimNetwork(43);
        TestPeer a = new TestPeer();
        a.setTimer(50 * MS, 0);
        HostDriver da = net.attach(A, a);
        net.schedule(10 * MS, () -> da.execute(() -> a.setTimer(120 * MS, 0)));

        net.runFor(Duration.ofMillis(200));

        assertThat(a.timeouts).containsExactly(120 * MS);
    }

    @Test
    void eventsAtTheSameTimeRunInTheOrderScheduled() {
        SimNetwork net = new SimNetwork(1);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            net.schedule(5 * MS, () -> order.add(n));
        }

        net.runFor(Duration.ofMillis(10));

        assertThat(order).hasSize(100).isSorted();
    }

    @Test
    void executeFromAnotherThreadRunsInsideTheSimulation() throws Exception {
        SimNetwork net = new SimNetwork(47);
        HostDriver da = net.attach(A, new TestPeer());
        AtomicBoolean inDriverThread = new AtomicBoolean();
        Thread other = new Thread(() -> da.execute(() -> inDriverThread.set(da.inDriverThread())));
        other.start();
        other.join(5_000);

        assertThat(net.runUntil(inDriverThread::get, Duration.ofSeconds(1))).isTrue();
        assertThat(da.inDriverThread()).isFalse();
    }

    @Test
    void endpointExceptionPropagatesOutOfRunUntil() {
        SimNetwork net = new SimNetwork(53);
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        b.throwOnDatagram = new IllegalStateException("bug in the endpoint");
        net.attach(A, a);
        net.attach(B, b);
        a.burst(B, 1, 100, 0);

        assertThatThrownBy(() -> net.runFor(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessage("bug in the endpoint");
    }

    @Test
    void aMillionEchoedDatagramsAllArriveWithinTheirVirtualTime() {
        SimNetwork net = new SimNetwork(59);
        net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofNanos(1_000)).build());
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        a.echo = true;
        b.echo = true;
        net.attach(A, a);
        net.attach(B, b);
        a.burst(B, 10, 64, 0);

        // Speed is the benchmarks' business; this checks that a long run loses nothing and stays on time.
        boolean done = net.runUntil(() -> a.arrivals.size() + b.arrivals.size() >= 1_000_000, Duration.ofSeconds(10));

        assertThat(done).isTrue();
        assertThat(net.nowNanos()).isLessThan(Duration.ofSeconds(2).toNanos());
    }

    @Test
    void thirtyVirtualSecondsOfLossyTrafficLoseAboutTheirShareAndEndOnTime() {
        SimNetwork net = new SimNetwork(61);
        net.setDefaultProfile(LinkProfile.lossyWan(40, 0.02));
        TestPeer a = new TestPeer();
        TestPeer b = new TestPeer();
        b.echo = true;
        HostDriver da = net.attach(A, a);
        net.attach(B, b);
        da.execute(() -> a.pace(B, 30_000, 1200, MS, net.nowNanos()));

        net.runFor(Duration.ofSeconds(31));

        assertThat(net.nowNanos()).isEqualTo(31_000 * MS);
        assertThat(a.arrivals.size()).isBetween(28_000, 29_500);
    }
}
