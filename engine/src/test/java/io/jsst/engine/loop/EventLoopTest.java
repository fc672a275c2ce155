package io.jsst.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.engine.io.DatagramIo;
import io.jsst.engine.io.NioDatagramIo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventLoopTest {

    private static final InetSocketAddress ANY_LOOPBACK =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final List<EventLoop> loops = new ArrayList<>();

    @AfterEach
    void shutdownLoops() {
        loops.forEach(EventLoop::shutdown);
    }

    private EventLoop newLoop(String name) {
        EventLoop loop = EventLoop.start(name);
        loops.add(loop);
        return loop;
    }

    /** A loopback port that was bound a moment ago and is free now. */
    private static InetSocketAddress portWithNothingBound() throws IOException {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(loopback4());
            return (InetSocketAddress) ch.getLocalAddress();
        }
    }

    private static InetSocketAddress loopback4() throws IOException {
        return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
    }

    @Test
    void twoEndpointsOnTwoLoopsExchangeTenThousandDatagrams() throws Exception {
        EventLoop loopA = newLoop("a");
        EventLoop loopB = newLoop("b");
        NioDatagramIo ioB = NioDatagramIo.bind(loopback4());
        EchoEndpoint echo = new EchoEndpoint();
        loopB.attach(ioB, echo);
        NumberedSender sender = new NumberedSender(ioB.localAddress(), 10_000, 256);
        HostDriver driverA = loopA.attach(NioDatagramIo.bind(loopback4()), sender);

        driverA.execute(sender::start);

        assertThat(sender.allAnswered.get(20, TimeUnit.SECONDS)).isEqualTo(10_000);
        assertThat(echo.received.get()).isGreaterThanOrEqualTo(10_000);
    }

    @Test
    void heldBackDatagramIsSentWhenTheSocketBecomesWritable() throws Exception {
        EventLoop loop = newLoop("flaky");
        NioDatagramIo ioB = NioDatagramIo.bind(loopback4());
        EchoEndpoint echo = new EchoEndpoint();
        loop.attach(ioB, echo);
        NumberedSender sender = new NumberedSender(ioB.localAddress(), 500, 500);
        FullEveryOtherSendIo flaky = new FullEveryOtherSendIo(NioDatagramIo.bind(loopback4()));
        HostDriver driver = loop.attach(flaky, sender);

        driver.execute(sender::start);

        assertThat(sender.allAnswered.get(10, TimeUnit.SECONDS)).isEqualTo(500);
        assertThat(flaky.refusals).isGreaterThan(0);
    }

    @Test
    void timerFiresNotEarlyAndSoonAfterItsDeadline() throws Exception {
        EventLoop loop = newLoop("timer");
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        HostDriver driver = loop.attach(NioDatagramIo.bind(loopback4()), endpoint);
        long[] deadline = new long[1];

        driver.execute(() -> {
            deadline[0] = driver.nowNanos() + TimeUnit.MILLISECONDS.toNanos(20);
            endpoint.setDeadline(deadline[0]);
        });

        long firedAt = endpoint.timedOutAt.get(5, TimeUnit.SECONDS);
        long lateness = firedAt - deadline[0];
        assertThat(lateness).isGreaterThanOrEqualTo(0).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(System.nanoTime()).isGreaterThanOrEqualTo(deadline[0]);
    }

    @Test
    void subMillisecondTimerFiresNotEarly() throws Exception {
        EventLoop loop = newLoop("fine-timer");
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        HostDriver driver = loop.attach(NioDatagramIo.bind(loopback4()), endpoint);
        long[] deadline = new long[1];

        driver.execute(() -> {
            deadline[0] = driver.nowNanos() + TimeUnit.MICROSECONDS.toNanos(300);
            endpoint.setDeadline(deadline[0]);
        });

        long firedAt = endpoint.timedOutAt.get(5, TimeUnit.SECONDS);
        assertThat(firedAt - deadline[0]).isGreaterThanOrEqualTo(0).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
    }

    @Test
    void tasksFromFourThreadsEachRunExactlyOnceOnTheLoopThread() throws Exception {
        EventLoop loop = newLoop("tasks");
        HostDriver driver = loop.attach(NioDatagramIo.bind(loopback4()), new EchoEndpoint());
        int perThread = 25_000;
        int threads = 4;
        AtomicIntegerArray runs = new AtomicIntegerArray(perThread * threads);
        AtomicBoolean offThread = new AtomicBoolean();
        CountDownLatch allRan = new CountDownLatch(perThread * threads);
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread producer = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int index = base + i;
                    driver.execute(() -> {
                        if (!driver.inDriverThread()) {
                            offThread.set(true);
                        }
                        runs.incrementAndGet(index);
                        allRan.countDown();
                    });
                }
            });
            producers.add(producer);
            producer.start();
        }
        for (Thread producer : producers) {
            producer.join(10_000);
        }

        assertThat(allRan.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < runs.length(); i++) {
            assertThat(runs.get(i)).as("task %d", i).isEqualTo(1);
        }
        assertThat(offThread).isFalse();
        assertThat(driver.inDriverThread()).isFalse();
    }

    @Test
    void taskThatThrowsDoesNotStopTheLoop() throws Exception {
        EventLoop loop = newLoop("throws");
        HostDriver driver = loop.attach(NioDatagramIo.bind(loopback4()), new EchoEndpoint());
        CountDownLatch after = new CountDownLatch(1);

        driver.execute(() -> {
            throw new IllegalStateException("expected by the test");
        });
        driver.execute(after::countDown);

        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void probeOfAPortWithNothingBoundReportsUnreachableWithinASecond() throws Exception {
        InetSocketAddress target = portWithNothingBound();
        EventLoop loop = newLoop("probe");
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        HostDriver driver = loop.attach(NioDatagramIo.bind(loopback4()), endpoint);

        driver.probeReachability(target, new byte[] {1, 2, 3});

        assertThat(endpoint.unreachable.get(1, TimeUnit.SECONDS)).isEqualTo(target);
    }

    @Test
    void probeOfAnAnsweringPortDoesNotReportUnreachable() throws Exception {
        EventLoop loop = newLoop("probe-ok");
        NioDatagramIo echoIo = NioDatagramIo.bind(loopback4());
        loop.attach(echoIo, new EchoEndpoint());
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        HostDriver driver = loop.attach(NioDatagramIo.bind(loopback4()), endpoint);

        driver.probeReachability(echoIo.localAddress(), new byte[] {1});
        // Three probes go out 100 ms apart; let them all be answered.
        endpoint.setDeadlineFromAnyThreadForTest(driver, TimeUnit.MILLISECONDS.toNanos(400));

        endpoint.timedOutAt.get(5, TimeUnit.SECONDS);
        assertThat(endpoint.unreachable).isNotDone();
    }

    @Test
    void closeDetachesAndClosesTheSocketIdempotently() throws Exception {
        EventLoop loop = newLoop("close");
        NioDatagramIo io = NioDatagramIo.bind(loopback4());
        HostDriver driver = loop.attach(io, new EchoEndpoint());
        HostDriver other = loop.attach(NioDatagramIo.bind(loopback4()), new EchoEndpoint());

        driver.close();
        driver.close();
        CompletableFuture<Boolean> openAfterClose = new CompletableFuture<>();
        other.execute(() -> openAfterClose.complete(io.selectableChannel().isOpen()));

        assertThat(openAfterClose.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void shutdownClosesSocketsAndRejectsNewTasks() throws Exception {
        EventLoop loop = EventLoop.start("stop");
        NioDatagramIo io = NioDatagramIo.bind(loopback4());
        HostDriver driver = loop.attach(io, new EchoEndpoint());
        CountDownLatch attached = new CountDownLatch(1);
        driver.execute(attached::countDown);
        assertThat(attached.await(5, TimeUnit.SECONDS)).isTrue();

        loop.shutdown();

        assertThat(io.selectableChannel().isOpen()).isFalse();
        assertThatThrownBy(() -> driver.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        driver.close();
    }

    @Test
    void inLoopThreadIsTrueOnlyOnTheLoopThread() throws Exception {
        EventLoop loop = newLoop("which");
        HostDriver driver = loop.attach(NioDatagramIo.bind(ANY_LOOPBACK), new EchoEndpoint());
        CompletableFuture<String> name = new CompletableFuture<>();

        loop.attach(NioDatagramIo.bind(ANY_LOOPBACK), new io.jsst.engine.host.DatagramEndpoint() {
            @Override
            public void handleDatagram(java.nio.ByteBuffer d, java.net.InetSocketAddress from, long nowNanos) {
            }

            @Override
            public void handleUnreachable(java.net.InetSocketAddress destination, long nowNanos) {
            }

            @Override
            public java.net.InetSocketAddress pollTransmit(java.nio.ByteBuffer out, long nowNanos) {
                return null;
            }

            @Override
            public void handleTimeout(long nowNanos) {
                name.complete(loop.inLoopThread() ? Thread.currentThread().getName() : "no");
            }

            @Override
            public long nextTimeoutNanos() {
                return name.isDone() ? Long.MAX_VALUE : 0;
            }
        });

        assertThat(name.get(5, TimeUnit.SECONDS)).startsWith("jsst-loop-").endsWith("-which");
        assertThat(loop.inLoopThread()).isFalse();
        assertThat(driver.inDriverThread()).isFalse();
    }

    @Test
    void aTaskRunsOwningTheLoopWhetherOnItsThreadOrInlineOnTheCaller() throws Exception {
        EventLoop loop = newLoop("owner");
        HostDriver driver = loop.attach(NioDatagramIo.bind(ANY_LOOPBACK), new EchoEndpoint());
        for (int i = 0; i < 100; i++) {
            CompletableFuture<Boolean> owned = new CompletableFuture<>();
            driver.execute(() -> owned.complete(driver.inDriverThread()));
            assertThat(owned.get(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(driver.inDriverThread()).isFalse();
    }

    @Test
    void aWaitingThreadRunsTheLoopItselfAndReceivesTheDatagramWithoutAHandOff() throws Exception {
        EventLoop loop = newLoop("guest");
        EchoEndpoint echo = new EchoEndpoint();
        NioDatagramIo io = NioDatagramIo.bind(ANY_LOOPBACK);
        HostDriver driver = loop.attach(io, echo);
        CompletableFuture<Void> attached = new CompletableFuture<>();
        driver.execute(() -> attached.complete(null));
        attached.get(5, TimeUnit.SECONDS);
        try (java.nio.channels.DatagramChannel peer = java.nio.channels.DatagramChannel.open().bind(ANY_LOOPBACK)) {
            CompletableFuture.runAsync(() -> {
                try {
                    peer.send(java.nio.ByteBuffer.wrap(new byte[] {7}), io.localAddress());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));

            boolean polled = driver.pollUntil(() -> echo.received.get() == 1, driver.nowNanos() + 5_000_000_000L);

            assertThat(polled).isTrue();
            assertThat(echo.received.get()).isEqualTo(1);
            // The echo went back from this thread's turn: the peer gets it.
            java.nio.ByteBuffer back = java.nio.ByteBuffer.allocate(16);
            peer.configureBlocking(true);
            peer.socket().setSoTimeout(5000);
            assertThat(peer.receive(back)).isEqualTo(io.localAddress());
        }
        assertThat(driver.inDriverThread()).isFalse();
    }

    @Test
    void theLoopThreadTakesTheLoopBackWhenTheGuestLeaves() throws Exception {
        EventLoop loop = newLoop("back");
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        HostDriver driver = loop.attach(NioDatagramIo.bind(ANY_LOOPBACK), endpoint);
        assertThat(driver.pollUntil(() -> false, driver.nowNanos() + 20_000_000L)).isTrue();
        endpoint.setDeadlineFromAnyThreadForTest(driver, 30_000_000L);
        long firedAt = endpoint.timedOutAt.get(5, TimeUnit.SECONDS);
        assertThat(firedAt).isPositive();
        assertThat(loop.inLoopThread()).isFalse();
    }

    @Test
    void aStoppedProbeReportsNothing() throws Exception {
        InetSocketAddress target = portWithNothingBound();
        EventLoop loop = newLoop("probe-stopped");
        ScriptedEndpoint endpoint = new ScriptedEndpoint();
        HostDriver driver = loop.attach(NioDatagramIo.bind(loopback4()), endpoint);

        // Started and stopped in one task, so no turn can read the ICMP error in between.
        driver.execute(() -> driver.probeReachability(target, new byte[] {1}).run());
        endpoint.setDeadlineFromAnyThreadForTest(driver, TimeUnit.MILLISECONDS.toNanos(300));

        endpoint.timedOutAt.get(5, TimeUnit.SECONDS);
        assertThat(endpoint.unreachable).isNotDone();
    }

    @Test
    void aSecondThreadIsTurnedAwayWhileAGuestHasTheLoop() throws Exception {
        EventLoop loop = newLoop("one-guest");
        HostDriver driver = loop.attach(NioDatagramIo.bind(ANY_LOOPBACK), new ScriptedEndpoint());
        CountDownLatch guestIn = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        CompletableFuture<Boolean> guest = CompletableFuture.supplyAsync(() -> driver.pollUntil(() -> {
            guestIn.countDown();
            return release.get();
        }, driver.nowNanos() + 10_000_000_000L));
        assertThat(guestIn.await(5, TimeUnit.SECONDS)).isTrue();

        boolean second = driver.pollUntil(() -> false, driver.nowNanos() + 5_000_000_000L);

        assertThat(second).as("turned away at once, to wait on its own condition").isFalse();
        release.set(true);
        assertThat(guest.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void afterAThreadWasTurnedAwayTheLoopThreadServesEveryoneForAWhile() throws Exception {
        assertThat(guestAfterARefusal(60_000_000_000L)).as("within the window: no guest").isFalse();
        assertThat(guestAfterARefusal(0)).as("without the window: a guest again").isTrue();
    }

    /** One guest, a thread turned away, the guest leaves: whether the next thread may be a guest. */
    private boolean guestAfterARefusal(long contendedNanos) throws Exception {
        EventLoop loop = newLoop("contended");
        loop.contendedNanos = contendedNanos;
        HostDriver driver = loop.attach(NioDatagramIo.bind(ANY_LOOPBACK), new ScriptedEndpoint());
        CountDownLatch guestIn = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        CompletableFuture<Boolean> guest = CompletableFuture.supplyAsync(() -> driver.pollUntil(() -> {
            guestIn.countDown();
            return release.get();
        }, driver.nowNanos() + 10_000_000_000L));
        assertThat(guestIn.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(driver.pollUntil(() -> false, driver.nowNanos() + 1_000_000_000L)).isFalse();
        release.set(true);
        assertThat(guest.get(5, TimeUnit.SECONDS)).isTrue();

        // A few tries: a single one may find the loop thread busy past the guest's nap on a loaded machine.
        for (int attempt = 0; attempt < 20; attempt++) {
            if (driver.pollUntil(() -> true, driver.nowNanos() + 1_000_000_000L)) {
                return true;
            }
        }
        return false;
    }

    /** Wraps a socket so that every other send reports a full socket buffer. */
    private static final class FullEveryOtherSendIo extends ForwardingDatagramIo {
        private boolean refuseNext = true;
        int refusals;

        FullEveryOtherSendIo(DatagramIo delegate) {
            super(delegate);
        }

        @Override
        public boolean send(ByteBuffer datagram, InetSocketAddress to) throws IOException {
            refuseNext = !refuseNext;
            if (!refuseNext) {
                refusals++;
                return false;
            }
            return delegate.send(datagram, to);
        }
    }
}
