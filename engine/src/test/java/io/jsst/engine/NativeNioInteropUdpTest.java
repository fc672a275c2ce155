package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsst.engine.testing.UdpBulkTransfer;
import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.io.IoBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A host on the native datagram path and one on the pure-Java path talk over real UDP on
 * 127.0.0.1, each way round: byte-exact bulk (GSO, GRO and batches on one side, one datagram per
 * call on the other) and messages of every size class, including ones past 1200 bytes that only
 * path-MTU probing allows in one datagram.
 */
class NativeNioInteropUdpTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final long BULK_BYTES = 32L << 20;

    @BeforeEach
    void requireNative() {
        assumeTrue(IoBackend.nativeUnavailableReason() == null, IoBackend::nativeUnavailableReason);
    }

    private static Host host(IoBackend backend) throws IOException {
        String saved = System.getProperty(IoBackend.PROPERTY);
        System.setProperty(IoBackend.PROPERTY, backend.name());
        try {
            return Host.bind(HostConfig.builder().bindAddress(LOOPBACK).connectTimeout(Duration.ofSeconds(5)).build());
        } finally {
            if (saved == null) {
                System.clearProperty(IoBackend.PROPERTY);
            } else {
                System.setProperty(IoBackend.PROPERTY, saved);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aNativeClientSendsByteExactBulkToAPureJavaServer() throws Exception {
        try (Host server = host(IoBackend.NIO); Host client = host(IoBackend.NATIVE)) {
            transfer(client, server);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aPureJavaClientSendsByteExactBulkToANativeServer() throws Exception {
        try (Host server = host(IoBackend.NATIVE); Host client = host(IoBackend.NIO)) {
            transfer(client, server);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void messagesEchoBetweenTheTwoPathsWithTheirBoundaries() throws Exception {
        try (Host server = host(IoBackend.NATIVE); Host client = host(IoBackend.NIO)) {
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
                for (int size : new int[] {1, 64, 1199, 1500, 9000, 70_000, 2_000_000}) {
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

    private static void transfer(Host client, Host server) throws Exception {
        ChannelStats stats = UdpBulkTransfer.sendAndVerify(client, server, BULK_BYTES, Duration.ofSeconds(50));
        assertThat(stats.maxDatagramSize()).as("path-MTU probing on loopback").isGreaterThan(8952);
    }
}
