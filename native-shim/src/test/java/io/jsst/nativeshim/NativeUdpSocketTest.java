package io.jsst.nativeshim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsst.nativeshim.UdpCapabilities.Capability;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NativeUdpSocketTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private DatagramChannel nativeChannel;
    private DatagramChannel jdkChannel;
    private NativeUdpSocket socket;

    @BeforeEach
    void open() throws IOException {
        assumeTrue(NativeUdp.capabilities().hasAll(Capability.SENDMMSG, Capability.RECVMMSG),
                () -> "native UDP unavailable: " + NativeUdp.capabilities());
        nativeChannel = DatagramChannel.open(StandardProtocolFamily.INET).bind(LOOPBACK);
        nativeChannel.configureBlocking(false);
        jdkChannel = DatagramChannel.open(StandardProtocolFamily.INET).bind(LOOPBACK);
        socket = NativeUdp.wrap(nativeChannel, 16);
    }

    @AfterEach
    void close() throws IOException {
        if (socket != null) {
            nativeChannel.close();
            socket.close();
            jdkChannel.close();
        }
    }

    @Test
    void aBatchSentNativelyArrivesAsSeparateDatagramsAtAJdkChannel() throws IOException {
        ByteBuffer[] out = buffers(5, 2048);
        InetSocketAddress[] to = new InetSocketAddress[5];
        for (int i = 0; i < 5; i++) {
            fill(out[i], i == 2 ? 700 : 1200, i);
            to[i] = (InetSocketAddress) jdkChannel.getLocalAddress();
        }
        socket.enableSegmentationOffload();

        assertThat(socket.send(out, to, 0, 5)).isEqualTo(5);

        assertThat(out[4].hasRemaining()).isFalse();
        ByteBuffer in = ByteBuffer.allocate(4096);
        for (int i = 0; i < 5; i++) {
            in.clear();
            assertThat(jdkChannel.receive(in)).isEqualTo(nativeChannel.getLocalAddress());
            in.flip();
            assertThat(in.remaining()).isEqualTo(i == 2 ? 700 : 1200);
            assertThat(in.get(0)).isEqualTo((byte) i);
        }
    }

    @Test
    void aBatchReceivedNativelyReportsEachDatagramAndItsSender() throws IOException {
        InetSocketAddress self = (InetSocketAddress) nativeChannel.getLocalAddress();
        for (int i = 0; i < 3; i++) {
            ByteBuffer b = ByteBuffer.allocate(100 + i);
            b.put(0, (byte) i);
            jdkChannel.send(b, self);
        }
        ByteBuffer[] in = buffers(16, 2048);
        InetSocketAddress[] from = new InetSocketAddress[16];
        int[] segments = new int[16];
        int[] tclass = new int[16];

        int n = receiveAtLeast(in, from, segments, tclass, 1);

        int datagrams = 0;
        for (int i = 0; i < n; i++) {
            assertThat(from[i]).isEqualTo(jdkChannel.getLocalAddress());
            assertThat(in[i].position()).isEqualTo(100 + datagrams);
            assertThat(segments[i]).isZero();
            datagrams++;
        }
        assertThat(datagrams).isEqualTo(3);
    }

    @Test
    void segmentedSendAndReceiveOffloadDeliverEverySegmentInOrder() throws IOException {
        assumeTrue(NativeUdp.capabilities().hasAll(Capability.GSO, Capability.GRO));
        DatagramChannel rxChannel = DatagramChannel.open(StandardProtocolFamily.INET).bind(LOOPBACK);
        rxChannel.configureBlocking(false);
        try (NativeUdpSocket rx = NativeUdp.wrap(rxChannel, 16)) {
            assertThat(rx.enableReceiveOffload()).isTrue();
            assertThat(socket.enableSegmentationOffload()).isTrue();
            ByteBuffer[] out = buffers(10, 2048);
            InetSocketAddress[] to = new InetSocketAddress[10];
            for (int i = 0; i < 10; i++) {
                fill(out[i], 1200, i);
                to[i] = (InetSocketAddress) rxChannel.getLocalAddress();
            }
            assertThat(socket.send(out, to, 0, 10)).isEqualTo(10);

            ByteBuffer[] in = buffers(16, 65_536);
            InetSocketAddress[] from = new InetSocketAddress[16];
            int[] segments = new int[16];
            int[] tclass = new int[16];
            int seen = 0;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen < 10 && System.nanoTime() < deadline) {
                int n = rx.receive(in, 16, from, segments, tclass);
                for (int i = 0; i < n; i++) {
                    int length = in[i].position();
                    int segment = segments[i] == 0 ? length : segments[i];
                    for (int at = 0; at < length; at += segment) {
                        assertThat(in[i].get(at)).isEqualTo((byte) seen);
                        seen++;
                    }
                    in[i].clear();
                }
            }
            assertThat(seen).isEqualTo(10);
        } finally {
            rxChannel.close();
        }
    }

    @Test
    void probingModeSendsLoopbackSizedDatagramsWithTheDontFragmentBit() throws IOException {
        assumeTrue(NativeUdp.capabilities().has(Capability.DONT_FRAGMENT));
        socket.setDontFragment(NativeUdpSocket.DontFragment.PROBE);
        ByteBuffer[] out = buffers(1, 65_536);
        fill(out[0], 65_000, 7);
        InetSocketAddress[] to = {(InetSocketAddress) jdkChannel.getLocalAddress()};

        assertThat(socket.send(out, to, 0, 1)).isEqualTo(1);

        ByteBuffer in = ByteBuffer.allocate(65_536);
        jdkChannel.receive(in);
        assertThat(in.position()).isEqualTo(65_000);
        assertThat(socket.droppedDatagrams()).isZero();
    }

    @Test
    void receivedTrafficClassCarriesTheEcnMarkSet() throws IOException {
        assumeTrue(NativeUdp.capabilities().has(Capability.ECN));
        socket.enableReceiveTrafficClass();
        jdkChannel.setOption(java.net.StandardSocketOptions.IP_TOS, 0x02);
        jdkChannel.send(ByteBuffer.allocate(10), nativeChannel.getLocalAddress());
        ByteBuffer[] in = buffers(16, 2048);
        int[] tclass = new int[16];

        receiveAtLeast(in, new InetSocketAddress[16], new int[16], tclass, 1);

        assertThat(tclass[0] & 0x03).isEqualTo(0x02);
    }

    @Test
    void nothingWaitingReceivesZero() throws IOException {
        assertThat(socket.receive(buffers(16, 64), 16, new InetSocketAddress[16], new int[16], new int[16])).isZero();
    }

    @Test
    void aClosedChannelMakesTheSocketThrowClosedChannelException() throws IOException {
        nativeChannel.close();

        assertThatThrownBy(() -> socket.receive(buffers(1, 64), 1, new InetSocketAddress[1], new int[1], new int[1]))
                .isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void aSendAfterAReceiveFromAnotherPeerStillGoesToItsOwnTarget() throws IOException {
        try (DatagramChannel other = DatagramChannel.open(StandardProtocolFamily.INET).bind(LOOPBACK)) {
            other.configureBlocking(false);
            InetSocketAddress target = (InetSocketAddress) jdkChannel.getLocalAddress();
            ByteBuffer[] out = buffers(1, 64);
            InetSocketAddress[] to = {target};
            fill(out[0], 10, 1);
            assertThat(socket.send(out, to, 0, 1)).isEqualTo(1);
            // Another peer's datagram comes in between: its address must not become the target.
            other.send(ByteBuffer.allocate(6), nativeChannel.getLocalAddress());
            assertThat(receiveAtLeast(buffers(16, 2048), new InetSocketAddress[16], new int[16], new int[16], 1))
                    .isEqualTo(1);

            fill(out[0], 20, 2);
            assertThat(socket.send(out, to, 0, 1)).isEqualTo(1);

            ByteBuffer in = ByteBuffer.allocate(100);
            for (int expected : new int[] {10, 20}) {
                in.clear();
                assertThat(receiveWithin(jdkChannel, in)).isEqualTo(nativeChannel.getLocalAddress());
                assertThat(in.position()).isEqualTo(expected);
            }
            assertThat(other.receive(ByteBuffer.allocate(100))).as("nothing sent to the other peer").isNull();
        }
    }

    @Test
    void aHeapBufferIsRefused() {
        ByteBuffer[] heap = {ByteBuffer.allocate(10)};

        assertThatThrownBy(() -> socket.send(heap, new InetSocketAddress[] {LOOPBACK}, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private int receiveAtLeast(ByteBuffer[] in, InetSocketAddress[] from, int[] segments, int[] tclass, int atLeast)
            throws IOException {
        try (Selector selector = Selector.open()) {
            nativeChannel.register(selector, SelectionKey.OP_READ);
            int total = 0;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (total < atLeast && System.nanoTime() < deadline) {
                selector.select(100);
                selector.selectedKeys().clear();
                ByteBuffer[] slots = java.util.Arrays.copyOfRange(in, total, in.length);
                InetSocketAddress[] senders = new InetSocketAddress[slots.length];
                int[] segs = new int[slots.length];
                int[] classes = new int[slots.length];
                int n = socket.receive(slots, slots.length, senders, segs, classes);
                System.arraycopy(senders, 0, from, total, n);
                System.arraycopy(segs, 0, segments, total, n);
                System.arraycopy(classes, 0, tclass, total, n);
                total += n;
            }
            return total;
        }
    }

    /** A datagram from {@code channel}, waiting at most 5 s; null if none came. */
    private static java.net.SocketAddress receiveWithin(DatagramChannel channel, ByteBuffer in) throws IOException {
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            selector.select(5_000);
            return channel.receive(in);
        }
    }

    private static ByteBuffer[] buffers(int n, int size) {
        ByteBuffer[] b = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            b[i] = ByteBuffer.allocateDirect(size);
        }
        return b;
    }

    private static void fill(ByteBuffer b, int length, int mark) {
        b.clear().limit(length);
        b.put(0, (byte) mark);
    }
}
