package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.engine.testing.UdpBulkTransfer;
import io.jsst.engine.channel.ChannelStats;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine over real UDP sockets on 127.0.0.1, with blocking calls from application threads. */
class RealUdpTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private static Host host() throws IOException {
        return Host.bind(HostConfig.builder().bindAddress(LOOPBACK).connectTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoHostsMoveTwoHundredFiftySixMebibytesByteExact() throws Exception {
        long total = 256L << 20;
        try (Host server = host(); Host client = host()) {
            long start = System.nanoTime();
            ChannelStats stats = UdpBulkTransfer.sendAndVerify(client, server, total, Duration.ofSeconds(100));
            System.out.printf("256 MiB over loopback UDP in %.2f s; client %s%n", (System.nanoTime() - start) / 1e9, stats);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aCompletedHandshakeLeavesNoReachabilityProbeSocketOpen() throws Exception {
        java.nio.file.Path fds = java.nio.file.Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds), "needs /proc");
        try (Host server = host(); Host client = host()) {
            server.acceptAsync();
            client.connect(server.localAddress()).abort();
            long before = openSockets(fds);
            for (int i = 0; i < 30; i++) {
                server.acceptAsync();
                client.connect(server.localAddress()).abort();
            }
            // Each connect's probe had a side socket that lived 5 s; now it closes with the handshake.
            assertThat(openSockets(fds) - before).isLessThanOrEqualTo(3);
        }
    }

    private static long openSockets(java.nio.file.Path fds) throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.list(fds)) {
            return all.filter(p -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            }).count();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void connectingToAPortWhereNothingListensFailsFastAsUnreachable() throws Exception {
        InetSocketAddress nobody;
        try (DatagramChannel probe = DatagramChannel.open().bind(LOOPBACK)) {
            nobody = (InetSocketAddress) probe.getLocalAddress();
        }
        try (Host client = host()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.connect(nobody))
                    .isInstanceOf(PortUnreachableException.class)
                    .hasMessageContaining(String.valueOf(nobody.getPort()));
            assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theInitiateLeavesBeforeTheReachabilityProbe() throws Exception {
        try (java.net.DatagramSocket peer = new java.net.DatagramSocket(LOOPBACK); Host client = host()) {
            peer.setSoTimeout(5_000);
            CompletableFuture<Stream> connect = client.connectAsync(
                    (InetSocketAddress) peer.getLocalSocketAddress(), null);
            java.net.DatagramPacket first = new java.net.DatagramPacket(new byte[2048], 2048);
            peer.receive(first);
            // A handshake packet: 0x00 "SST", version, then the type (1 INITIATE, 5 reachability probe).
            assertThat(first.getData()[0]).isZero();
            assertThat(first.getData()[5]).isEqualTo((byte) io.jsst.engine.wire.HandshakePacket.TYPE_INITIATE);
            connect.cancel(false);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void connectingToASilentPortFailsAfterTheConnectTimeout() throws Exception {
        try (DatagramChannel silent = DatagramChannel.open().bind(LOOPBACK);
             Host client = Host.bind(HostConfig.builder().bindAddress(LOOPBACK)
                     .connectTimeout(Duration.ofMillis(700)).build())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.connect((InetSocketAddress) silent.getLocalAddress()))
                    .isInstanceOf(SocketTimeoutException.class);
            long elapsed = System.nanoTime() - start;
            assertThat(elapsed).isBetween(700_000_000L, 3_000_000_000L);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void messagesKeepTheirBoundariesAndTheEchoComesBack() throws Exception {
        try (Host server = host(); Host client = host()) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (Stream s = server.accept(Duration.ofSeconds(5))) {
                    byte[] m;
                    while ((m = s.readMessage(Duration.ofSeconds(5))) != null) {
                        s.writeMessage(m);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (Stream s = client.connect(server.localAddress(), server.eid())) {
                for (int size : new int[] {1, 64, 1199, 1500, 70_000, 3_000_000}) {
                    byte[] m = new byte[size];
                    java.util.Arrays.fill(m, (byte) size);
                    s.writeMessage(m);
                    assertThat(s.readMessage(Duration.ofSeconds(5))).isEqualTo(m);
                }
                s.shutdownOutput();
                assertThat(s.readMessage(Duration.ofSeconds(5))).isNull();
            }
            echo.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void readsThatWaitWithSmallBuffersGetEveryByteInOrderAndNeverCrossAMessageEnd() throws Exception {
        int[] sizes = {1, 700, 999, 1000, 1001, 5_000, 70_000, 200_000, 3};
        try (Host server = host(); Host client = host()) {
            CompletableFuture<Stream> accepted = server.acceptAsync();
            try (Stream s = client.connect(server.localAddress(), server.eid())) {
                s.writeMessage(new byte[] {0}); // the server learns of the stream
                Stream r = accepted.get(5, TimeUnit.SECONDS);
                assertThat(r.readMessage(Duration.ofSeconds(5))).containsExactly(0);
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        long offset = 0;
                        for (int size : sizes) {
                            byte[] m = new byte[size];
                            for (int i = 0; i < size; i++) {
                                m[i] = (byte) (offset + i);
                            }
                            offset += size;
                            s.writeMessage(m);
                        }
                        s.shutdownOutput();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                java.util.TreeSet<Long> ends = new java.util.TreeSet<>();
                long end = 0;
                for (int size : sizes) {
                    end += size;
                    ends.add(end);
                }
                ByteBuffer dst = ByteBuffer.allocate(1000);
                long read = 0;
                for (int reads = 0; reads < 10_000; reads++) {
                    dst.clear();
                    int n = r.read(dst, Duration.ofSeconds(5));
                    if (n < 0) {
                        break;
                    }
                    assertThat(n).isPositive().isEqualTo(dst.position());
                    for (int i = 0; i < n; i++) {
                        assertThat(dst.get(i)).as("byte %d", read + i).isEqualTo((byte) (read + i));
                    }
                    Long crossed = ends.higher(read);
                    assertThat(crossed).as("a message end inside a read").isGreaterThanOrEqualTo(read + n);
                    read += n;
                }
                assertThat(read).isEqualTo(end);
                writer.get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aWriteThatFlowControlHoldsBackTimesOutAndSaysHowMuchWasTaken() throws Exception {
        HostConfig small = HostConfig.builder().bindAddress(LOOPBACK).streamReceiveWindow(64 * 1024)
                .sendBufferSize(64 * 1024).build();
        try (Host server = Host.bind(small); Host client = Host.bind(HostConfig.builder().bindAddress(LOOPBACK)
                .sendBufferSize(64 * 1024).build())) {
            CompletableFuture<Stream> accepted = server.acceptAsync();
            Stream s = client.connect(server.localAddress());
            accepted.get(5, TimeUnit.SECONDS); // the server never reads
            ByteBuffer big = ByteBuffer.allocate(8 << 20);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.write(big, Duration.ofMillis(300))).isInstanceOf(SocketTimeoutException.class);
            assertThat(System.nanoTime() - start).isBetween(300_000_000L, 3_000_000_000L);
            assertThat(big.position()).isPositive().isLessThan(big.capacity());
            assertThatThrownBy(() -> s.close(Duration.ofMillis(200))).isInstanceOf(SocketTimeoutException.class);
        }
    }
}
