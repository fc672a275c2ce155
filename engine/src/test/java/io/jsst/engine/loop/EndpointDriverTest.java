package io.jsst.engine.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.host.DatagramEndpoint;
import io.jsst.engine.io.DatagramIo;
import io.jsst.engine.io.NioDatagramIo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EndpointDriverTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final long FIVE_SECONDS = 5_000_000_000L;

    private final List<EventLoop> loops = new ArrayList<>();

    @AfterEach
    void shutdownLoops() {
        loops.forEach(EventLoop::shutdown);
    }

    @Test
    void aSatisfiedGuestReadsTheDatagramsQueuedBehindItsOwnInTheSameTurn() throws Exception {
        CountingIo io = new CountingIo(NioDatagramIo.bind(LOOPBACK));
        CountingEndpoint endpoint = new CountingEndpoint();
        HostDriver driver = attach(io, endpoint);
        try (DatagramChannel peer = DatagramChannel.open().bind(LOOPBACK)) {
            assertThat(pollSending(driver, endpoint, peer, io.localAddress(), 20)).isTrue();
        }

        assertThat(endpoint.handledBy).hasSize(20).containsOnly(Thread.currentThread());
    }

    @Test
    void aGuestWhoseLookPastItsDatagramFoundNothingLooksAgainOnlyEveryEighthTime() throws Exception {
        CountingIo io = new CountingIo(NioDatagramIo.bind(LOOPBACK));
        CountingEndpoint endpoint = new CountingEndpoint();
        HostDriver driver = attach(io, endpoint);
        try (DatagramChannel peer = DatagramChannel.open().bind(LOOPBACK)) {
            assertThat(pollSending(driver, endpoint, peer, io.localAddress(), 1)).isTrue();
            assertThat(io.emptyReceives.get()).as("the first look, past a lone datagram").isEqualTo(1);

            for (int i = 1; i < EndpointDriver.GUEST_LOOKS_EVERY; i++) {
                assertThat(pollSending(driver, endpoint, peer, io.localAddress(), 1)).isTrue();
            }
            assertThat(io.emptyReceives.get()).as("round trips stop at their own datagram").isEqualTo(1);

            assertThat(pollSending(driver, endpoint, peer, io.localAddress(), 1)).isTrue();
            assertThat(io.emptyReceives.get()).as("and look again now and then").isEqualTo(2);
        }
        assertThat(endpoint.handledBy).hasSize(EndpointDriver.GUEST_LOOKS_EVERY + 1)
                .containsOnly(Thread.currentThread());
    }

    @Test
    void aLongFlushReadsWhatArrivedAndTheClockBetweenDatagrams() throws Exception {
        try (DatagramChannel sink = DatagramChannel.open().bind(LOOPBACK);
             DatagramChannel peer = DatagramChannel.open().bind(LOOPBACK)) {
            NioDatagramIo io = NioDatagramIo.bind(LOOPBACK);
            int total = 4 * EndpointDriver.READ_EVERY_SENDS;
            FloodingEndpoint endpoint = new FloodingEndpoint((InetSocketAddress) sink.getLocalAddress(), total);
            HostDriver driver = attach(io, endpoint);

            // One task: the datagram is waiting before the flush that follows the task begins.
            java.util.concurrent.CompletableFuture<Void> ran = new java.util.concurrent.CompletableFuture<>();
            driver.execute(() -> {
                try {
                    peer.send(ByteBuffer.wrap(new byte[] {1}), io.localAddress());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                endpoint.sending = true;
                ran.complete(null);
            });
            ran.get(5, TimeUnit.SECONDS);

            assertThat(endpoint.sentWhenReceived.get(5, TimeUnit.SECONDS))
                    .as("read after the first READ_EVERY_SENDS datagrams (one send each), not after all %d", total)
                    .isEqualTo(EndpointDriver.READ_EVERY_SENDS);
            assertThat(endpoint.lastNowNanos).as("the clock read again").isGreaterThan(endpoint.firstNowNanos);
        }
    }

    @Test
    void aFlushThatEveryReadGivesMoreToSendStillEndsAndTheLoopRunsItsTasks() throws Exception {
        FloodIo io = new FloodIo(NioDatagramIo.bind(LOOPBACK));
        AnsweringEndpoint endpoint = new AnsweringEndpoint(io.localAddress());
        HostDriver driver = attach(io, endpoint);

        java.util.concurrent.CompletableFuture<Integer> next = new java.util.concurrent.CompletableFuture<>();
        // From another thread: a task may run inline on the caller, which a flush that never ends would keep.
        java.util.concurrent.CompletableFuture.runAsync(() -> {
            driver.execute(() -> {
                io.flooding = true;
                endpoint.toSend = EndpointDriver.READ_EVERY_SENDS; // enough to reach the first read
            });
            driver.execute(() -> {
                io.flooding = false;
                next.complete(endpoint.answered);
            });
        });

        assertThat(next.get(5, TimeUnit.SECONDS)).as("datagrams read within flushes").isPositive();
    }

    private HostDriver attach(DatagramIo io, DatagramEndpoint endpoint) throws Exception {
        EventLoop loop = EventLoop.start("driver-test");
        loops.add(loop);
        HostDriver driver = loop.attach(io, endpoint);
        java.util.concurrent.CompletableFuture<Void> attached = new java.util.concurrent.CompletableFuture<>();
        driver.execute(() -> attached.complete(null));
        attached.get(5, TimeUnit.SECONDS);
        return driver;
    }

    /**
     * Polls as the loop's guest until {@code count} more datagrams were handled; they are sent when the
     * guest already owns the loop (on its first look at its condition), so the loop thread cannot read them.
     */
    private static boolean pollSending(HostDriver driver, CountingEndpoint endpoint, DatagramChannel peer,
                                       InetSocketAddress to, int count) {
        int target = endpoint.handledBy.size() + count;
        boolean[] sent = {false};
        return driver.pollUntil(() -> {
            if (!sent[0]) {
                sent[0] = true;
                try {
                    for (int i = 0; i < count; i++) {
                        peer.send(ByteBuffer.wrap(new byte[] {(byte) i}), to);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return false;
            }
            return endpoint.handledBy.size() >= target;
        }, driver.nowNanos() + FIVE_SECONDS);
    }

    /** Records the thread that handled each datagram. */
    private static final class CountingEndpoint extends QuietEndpoint {
        final List<Thread> handledBy = new CopyOnWriteArrayList<>();

        @Override
        public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
            handledBy.add(Thread.currentThread());
        }
    }

    /** Sends {@code total} datagrams to {@code to} as fast as it may once {@link #sending}; notes what it had sent when a datagram arrived. */
    private static final class FloodingEndpoint extends QuietEndpoint {
        private final InetSocketAddress to;
        private final int total;
        final java.util.concurrent.CompletableFuture<Integer> sentWhenReceived = new java.util.concurrent.CompletableFuture<>();
        volatile boolean sending;
        private int sent;
        volatile long firstNowNanos;
        volatile long lastNowNanos;

        FloodingEndpoint(InetSocketAddress to, int total) {
            this.to = to;
            this.total = total;
        }

        @Override
        public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
            sentWhenReceived.complete(sent);
        }

        @Override
        public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos) {
            if (!sending || sent == total) {
                return null;
            }
            if (sent == 0) {
                firstNowNanos = nowNanos;
            }
            lastNowNanos = nowNanos;
            sent++;
            out.putInt(sent).flip();
            return to;
        }
    }

    /** Answers every datagram with one of its own. */
    private static final class AnsweringEndpoint extends QuietEndpoint {
        private final InetSocketAddress to;
        int toSend;
        int answered;

        AnsweringEndpoint(InetSocketAddress to) {
            this.to = to;
        }

        @Override
        public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
            answered++;
            toSend++;
        }

        @Override
        public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos) {
            if (toSend == 0) {
                return null;
            }
            toSend--;
            out.put((byte) 1).flip();
            return to;
        }
    }

    /** A socket that, while {@link #flooding}, always has another datagram waiting; what it sends goes nowhere. */
    private static final class FloodIo extends ForwardingDatagramIo {
        volatile boolean flooding;

        FloodIo(DatagramIo delegate) {
            super(delegate);
        }

        @Override
        public boolean send(ByteBuffer datagram, InetSocketAddress to) {
            datagram.position(datagram.limit());
            return true;
        }

        @Override
        public InetSocketAddress receive(ByteBuffer into) throws IOException {
            if (!flooding) {
                return delegate.receive(into);
            }
            into.put((byte) 2);
            return delegate.localAddress();
        }
    }

    /** Counts the receive calls that found nothing waiting. */
    private static final class CountingIo extends ForwardingDatagramIo {
        final AtomicInteger emptyReceives = new AtomicInteger();

        CountingIo(DatagramIo delegate) {
            super(delegate);
        }

        @Override
        public InetSocketAddress receive(ByteBuffer into) throws IOException {
            InetSocketAddress from = delegate.receive(into);
            if (from == null) {
                emptyReceives.incrementAndGet();
            }
            return from;
        }
    }
}
