package io.jsst.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NioDatagramIoTest {

    private static InetSocketAddress loopback4() throws IOException {
        return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
    }

    /** Waits (bounded) until {@code io} has a datagram, using a selector instead of sleeping. */
    private static void awaitReadable(NioDatagramIo io) throws IOException {
        try (Selector selector = Selector.open()) {
            io.selectableChannel().register(selector, SelectionKey.OP_READ);
            selector.select(2_000);
        }
    }

    @Test
    void bindsANonBlockingSocketOnAnEphemeralPort() throws Exception {
        try (NioDatagramIo io = NioDatagramIo.bind(loopback4())) {
            assertThat(io.localAddress().getPort()).isPositive();
            assertThat(io.selectableChannel().isBlocking()).isFalse();
            assertThat(io.receiveBufferBytes()).isPositive();
        }
    }

    @Test
    void receiveReturnsNullWhenNothingIsWaiting() throws Exception {
        try (NioDatagramIo io = NioDatagramIo.bind(loopback4())) {
            assertThat(io.receive(ByteBuffer.allocate(100))).isNull();
        }
    }

    @Test
    void sentDatagramIsReceivedWithItsSender() throws Exception {
        try (NioDatagramIo a = NioDatagramIo.bind(loopback4());
             NioDatagramIo b = NioDatagramIo.bind(loopback4())) {
            ByteBuffer out = ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII));

            assertThat(a.send(out, b.localAddress())).isTrue();
            assertThat(out.hasRemaining()).isFalse();
            awaitReadable(b);
            ByteBuffer in = ByteBuffer.allocate(100);
            InetSocketAddress from = b.receive(in);

            assertThat(from).isEqualTo(a.localAddress());
            in.flip();
            assertThat(StandardCharsets.US_ASCII.decode(in).toString()).isEqualTo("hello");
        }
    }

    @Test
    void portUnreachableFromAnEarlierSendIsSwallowed() throws Exception {
        InetSocketAddress closedPort;
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.bind(loopback4());
            closedPort = (InetSocketAddress) ch.getLocalAddress();
        }
        try (NioDatagramIo io = NioDatagramIo.bind(loopback4())) {
            for (int i = 0; i < 3; i++) {
                io.send(ByteBuffer.wrap(new byte[] {1}), closedPort);
            }
            assertThat(io.receive(ByteBuffer.allocate(100))).isNull();
            assertThat(io.send(ByteBuffer.wrap(new byte[] {2}), closedPort)).isTrue();
        }
    }

    @Test
    void bindsIpv6WhenGivenAnIpv6Address() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        NioDatagramIo io;
        try {
            io = NioDatagramIo.bind(v6);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        try (io) {
            assertThat(io.localAddress().getAddress().getAddress()).hasSize(16);
        }
    }
}
