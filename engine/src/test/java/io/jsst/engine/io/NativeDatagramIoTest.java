package io.jsst.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The native backend beside the pure-Java one, over real UDP on 127.0.0.1. */
class NativeDatagramIoTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @BeforeEach
    void requireNative() {
        assumeTrue(IoBackend.nativeUnavailableReason() == null, IoBackend::nativeUnavailableReason);
    }

    @Test
    void aBatchSentNativelyArrivesWholeAndInOrderAtThePureJavaBackend() throws Exception {
        try (NativeDatagramIo a = NativeDatagramIo.bind(LOOPBACK); NioDatagramIo b = NioDatagramIo.bind(LOOPBACK)) {
            DatagramBatch out = new DatagramBatch(a.batchCapacity());
            int n = 20;
            for (int i = 0; i < n; i++) {
                ByteBuffer buf = out.buffer(i).clear();
                buf.limit(i == n - 1 ? 300 : 1200).put(0, (byte) i);
                out.set(i, b.localAddress(), 0);
            }
            out.setSize(n);

            assertThat(a.send(out, 0)).isEqualTo(n);

            ByteBuffer in = ByteBuffer.allocate(2000);
            for (int i = 0; i < n; i++) {
                in.clear();
                assertThat(receive(b, in)).isEqualTo(a.localAddress());
                assertThat(in.position()).isEqualTo(i == n - 1 ? 300 : 1200);
                assertThat(in.get(0)).isEqualTo((byte) i);
            }
        }
    }

    @Test
    void datagramsFromThePureJavaBackendArriveInOneNativeBatchCall() throws Exception {
        try (NativeDatagramIo a = NativeDatagramIo.bind(LOOPBACK); NioDatagramIo b = NioDatagramIo.bind(LOOPBACK)) {
            for (int i = 0; i < 5; i++) {
                ByteBuffer d = ByteBuffer.allocate(100 + i);
                d.put(0, (byte) i);
                assertThat(b.send(d, a.localAddress())).isTrue();
            }
            DatagramBatch in = new DatagramBatch(a.batchCapacity());
            int got = 0;
            for (int round = 0; round < 20 && got < 5; round++) {
                int n = a.receive(in);
                if (n == 0) {
                    awaitReadable(a);
                }
                for (int i = 0; i < n; i++) {
                    assertThat(in.address(i)).isEqualTo(b.localAddress());
                    assertThat(in.buffer(i).remaining()).isEqualTo(100 + got);
                    assertThat(in.buffer(i).get(0)).isEqualTo((byte) got);
                    got++;
                }
            }
            assertThat(got).isEqualTo(5);
        }
    }

    @Test
    void segmentsCoalescedByGroAreHandedOutOneByOneBySingleReceives() throws Exception {
        try (NativeDatagramIo a = NativeDatagramIo.bind(LOOPBACK); NativeDatagramIo b = NativeDatagramIo.bind(LOOPBACK)) {
            DatagramBatch out = new DatagramBatch(a.batchCapacity());
            for (int i = 0; i < 8; i++) {
                out.buffer(i).clear().limit(1000).put(0, (byte) i);
                out.set(i, b.localAddress(), 0);
            }
            out.setSize(8);
            assertThat(a.send(out, 0)).isEqualTo(8);

            ByteBuffer in = ByteBuffer.allocate(65_536);
            for (int i = 0; i < 8; i++) {
                in.clear();
                assertThat(receive(b, in)).isEqualTo(a.localAddress());
                assertThat(in.position()).isEqualTo(1000);
                assertThat(in.get(0)).isEqualTo((byte) i);
            }
        }
    }

    @Test
    void aDatagramLargerThanTheInterfaceMtuIsDroppedNotFailed() throws Exception {
        try (NativeDatagramIo a = NativeDatagramIo.bind(LOOPBACK); NioDatagramIo b = NioDatagramIo.bind(LOOPBACK)) {
            DatagramBatch out = new DatagramBatch(1);
            out.buffer(0).clear().limit(65_535 - 27); // one byte past the largest IPv4 UDP payload
            out.set(0, b.localAddress(), 0);
            out.setSize(1);

            assertThat(a.send(out, 0)).isEqualTo(1);
        }
    }

    @Test
    void nothingWaitingReceivesNothing() throws Exception {
        try (NativeDatagramIo a = NativeDatagramIo.bind(LOOPBACK)) {
            assertThat(a.receive(new DatagramBatch(4))).isZero();
            assertThat(a.receive(ByteBuffer.allocate(10))).isNull();
            assertThat(a.selectableChannel().isBlocking()).isFalse();
        }
    }

    /** One datagram, waiting (bounded) for the socket only when nothing is at hand. */
    private static InetSocketAddress receive(DatagramIo io, ByteBuffer into) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            InetSocketAddress from = io.receive(into);
            if (from != null) {
                return from;
            }
            awaitReadable(io);
        }
        return null;
    }

    private static void awaitReadable(DatagramIo io) throws IOException {
        try (Selector selector = Selector.open()) {
            io.selectableChannel().register(selector, SelectionKey.OP_READ);
            selector.select(2_000);
        }
    }
}
