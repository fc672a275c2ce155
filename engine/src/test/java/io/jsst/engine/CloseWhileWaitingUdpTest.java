package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blocking calls over real UDP must not hang once the stream or host is closed. */
class CloseWhileWaitingUdpTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private static Host host() throws IOException {
        return Host.bind(HostConfig.builder().bindAddress(LOOPBACK).connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Runs {@code body} on a daemon thread; the future fails if it throws. */
    private static CompletableFuture<Object> onDaemon(java.util.concurrent.Callable<Object> body) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(body.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "review-daemon");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Connects, then closes the server from its loop thread (a callback) once the client's message arrives. */
    private static Stream connectAndCloseServerOnItsLoop(Host server, Host client) throws Exception {
        CompletableFuture<Stream> accepted = server.acceptAsync();
        Stream s = client.connect(server.localAddress());
        Stream atServer = accepted.get(5, TimeUnit.SECONDS);
        CompletableFuture<Void> closedOnLoop = atServer.readMessageAsync().thenAccept(m -> server.close());
        s.writeMessage(new byte[] {1});
        closedOnLoop.get(5, TimeUnit.SECONDS);
        assertThat(server.isClosed()).isTrue();
        return s;
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHostClosedFromItsOwnLoopThreadStillAnswersQueriesInsteadOfHanging() throws Exception {
        Host server = host();
        try (Host client = host()) {
            Stream s = connectAndCloseServerOnItsLoop(server, client);
            // Any thread may call any Host method: it must return or throw, not block forever.
            CompletableFuture<Object> stats = onDaemon(server::channelStats);
            try {
                stats.get(3, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                // throwing (e.g. "closed") is fine
            } catch (TimeoutException e) {
                throw new AssertionError("Host.channelStats() hangs after the host was closed from its loop thread"
                        + " (loop thread still alive: " + loopAlive(server) + ")");
            }
            s.abort();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aHostClosedFromItsOwnLoopThreadSendsCloseToItsPeers() throws Exception {
        Host server = host();
        try (Host client = host()) {
            Stream s = connectAndCloseServerOnItsLoop(server, client);
            try {
                s.read(ByteBuffer.allocate(10), Duration.ofSeconds(3));
                throw new AssertionError("read returned");
            } catch (ChannelClosedException expected) {
                // the peer said CLOSE
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the peer was never told: no CLOSE within 3 s of Host.close()", e);
            }
        }
    }

    private static boolean loopAlive(Host h) {
        String suffix = "host-" + h.localAddress().getPort();
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().endsWith(suffix) && t.isAlive());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void closingAStreamWakesItsBlockedReaderEvenWhileTheReaderPollsTheLoop() throws Exception {
        try (Host server = host(); Host client = host()) {
            CompletableFuture<Stream> accepted = server.acceptAsync();
            Stream s = client.connect(server.localAddress());
            accepted.get(5, TimeUnit.SECONDS); // the server stays silent
            Thread[] readerThread = new Thread[1];
            CompletableFuture<Object> read = onDaemon(() -> {
                readerThread[0] = Thread.currentThread();
                return s.read(ByteBuffer.allocate(100));
            });
            // Wait (bounded) until the reader runs the loop's turns itself (EventLoop.pollAsGuest).
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < until && !inGuestPoll(readerThread[0])) {
                Thread.onSpinWait();
            }
            assertThat(inGuestPoll(readerThread[0])).as("reader polls as a guest").isTrue();
            s.closeAsync();
            try {
                read.get(3, TimeUnit.SECONDS);
                throw new AssertionError("read returned instead of failing");
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ClosedChannelException.class);
            } catch (TimeoutException e) {
                throw new AssertionError("read() still blocked 3 s after close(): "
                        + Arrays.toString(readerThread[0].getStackTrace()));
            }
        }
    }

    private static boolean inGuestPoll(Thread t) {
        return t != null && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("pollAsGuest"));
    }
}
