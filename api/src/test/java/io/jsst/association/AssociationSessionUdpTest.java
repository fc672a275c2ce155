package io.jsst.association;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AssociationSessionUdpTest {

    private static final long WAIT = TimeUnit.SECONDS.toNanos(10);
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private AssociationHost server;
    private AssociationHost client;
    private final LinkedBlockingQueue<AssociationSession> accepted = new LinkedBlockingQueue<>();

    @BeforeEach
    void bind() throws IOException {
        server = AssociationHost.bind(List.of(LOOPBACK), null);
        client = AssociationHost.bind(List.of(LOOPBACK), null);
        server.listen(new AssociationHost.Acceptor() {
            @Override
            public StreamLimits offer(InetSocketAddress peer) {
                return new StreamLimits(5, 5);
            }

            @Override
            public void accepted(AssociationSession session) {
                accepted.add(session);
            }
        }, AssociationHost.DEFAULT_RECEIVE_BUFFER);
    }

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    private AssociationSession[] connect(StreamLimits limits) throws Exception {
        AssociationSession c = client.connect(server.localAddresses().get(0), limits, 64 * 1024)
                .get(10, TimeUnit.SECONDS);
        AssociationSession s = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        return new AssociationSession[] {c, s};
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String receiveMessage(AssociationSession s, int[] streamAndPpid) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(1 << 20);
        Inbound in = s.receive(dst, WAIT);
        assertThat(in).isInstanceOf(Inbound.Received.class);
        Inbound.Received r = (Inbound.Received) in;
        assertThat(r.complete()).isTrue();
        streamAndPpid[0] = r.streamNumber();
        streamAndPpid[1] = r.payloadProtocolId();
        return new String(dst.array(), 0, r.length(), StandardCharsets.UTF_8);
    }

    @Test
    void bothSidesAgreeOnTheNegotiatedStreamCounts() throws Exception {
        AssociationSession[] a = connect(new StreamLimits(3, 7));
        assertThat(a[0].counts()).isEqualTo(new StreamCounts(3, 5));
        assertThat(a[1].counts()).isEqualTo(new StreamCounts(5, 3));
    }

    @Test
    void messagesKeepTheirStreamIdentifierAndOrderPerStream() throws Exception {
        AssociationSession[] a = connect(StreamLimits.DEFAULT);
        for (int i = 0; i < 20; i++) {
            a[0].send(i % 3, false, 100 + i, 0, true, ByteBuffer.wrap(bytes("m" + i)), -1);
        }
        List<List<String>> perStream = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int[] meta = new int[2];
        for (int i = 0; i < 20; i++) {
            String m = receiveMessage(a[1], meta);
            perStream.get(meta[0]).add(m);
            assertThat(meta[1]).isEqualTo(100 + Integer.parseInt(m.substring(1)));
        }
        assertThat(perStream.get(0)).containsExactly("m0", "m3", "m6", "m9", "m12", "m15", "m18");
        assertThat(perStream.get(2)).containsExactly("m2", "m5", "m8", "m11", "m14", "m17");
    }

    @Test
    void aStreamAtOrAboveTheOutboundCountIsRefused() throws Exception {
        AssociationSession[] a = connect(new StreamLimits(2, 2));
        assertThatThrownBy(() -> a[0].send(2, false, 0, 0, true, ByteBuffer.wrap(bytes("x")), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unorderedMessagesArrive() throws Exception {
        AssociationSession[] a = connect(StreamLimits.DEFAULT);
        a[0].send(1, true, 7, 0, true, ByteBuffer.wrap(bytes("u")), -1);
        ByteBuffer dst = ByteBuffer.allocate(16);
        Inbound.Received r = (Inbound.Received) a[1].receive(dst, WAIT);
        assertThat(r.unordered()).isTrue();
        assertThat(r.streamNumber()).isEqualTo(1);
        assertThat(r.payloadProtocolId()).isEqualTo(7);
    }

    @Test
    void aMessageLargerThanTheBufferComesInPartsUninterrupted() throws Exception {
        AssociationSession[] a = connect(StreamLimits.DEFAULT);
        byte[] big = new byte[100_000];
        new java.util.Random(1).nextBytes(big);
        a[0].send(0, false, 1, 0, true, ByteBuffer.wrap(big), -1);
        a[0].send(1, false, 2, 0, true, ByteBuffer.wrap(bytes("other")), -1);
        ByteBuffer dst = ByteBuffer.allocate(big.length);
        List<Boolean> completes = new ArrayList<>();
        boolean otherSeen = false;
        // Streams are independent: "other" may come before or after the big message, never inside it.
        for (int i = 0; i < 20 && (dst.hasRemaining() || !otherSeen); i++) {
            ByteBuffer part = ByteBuffer.allocate(30_000);
            Inbound.Received r = (Inbound.Received) a[1].receive(part, WAIT);
            if (r.streamNumber() == 1) {
                assertThat(completes.isEmpty() || completes.get(completes.size() - 1))
                        .as("a message between the parts of another").isTrue();
                otherSeen = true;
                continue;
            }
            dst.put(part.flip());
            completes.add(r.complete());
        }
        assertThat(otherSeen).isTrue();
        assertThat(dst.array()).isEqualTo(big);
        assertThat(completes).containsExactly(false, false, false, true);
    }

    @Test
    void shutdownIsSeenByThePeerAfterTheDataAndCompletesOnBothSides() throws Exception {
        AssociationSession[] a = connect(StreamLimits.DEFAULT);
        a[0].send(0, false, 0, 0, true, ByteBuffer.wrap(bytes("last words")), -1);
        a[0].shutdown();
        assertThatThrownBy(() -> a[0].send(0, false, 0, 0, true, ByteBuffer.wrap(bytes("x")), -1))
                .isInstanceOf(ClosedChannelException.class);
        int[] meta = new int[2];
        assertThat(receiveMessage(a[1], meta)).isEqualTo("last words");
        assertThat(a[1].receive(ByteBuffer.allocate(8), WAIT)).isInstanceOf(Inbound.PeerShutdown.class);
        assertThat(a[1].receive(ByteBuffer.allocate(8), WAIT)).isInstanceOf(Inbound.ShutdownComplete.class);
        assertThat(a[1].receive(ByteBuffer.allocate(8), WAIT)).isInstanceOf(Inbound.End.class);
        assertThat(a[0].receive(ByteBuffer.allocate(8), WAIT)).isInstanceOf(Inbound.ShutdownComplete.class);
        assertThat(a[0].receive(ByteBuffer.allocate(8), WAIT)).isInstanceOf(Inbound.End.class);
        assertThat(a[0].hasEnded()).isTrue();
    }

    @Test
    void anAbortIsALossForThePeer() throws Exception {
        AssociationSession[] a = connect(StreamLimits.DEFAULT);
        a[0].abort();
        assertThat(a[1].receive(ByteBuffer.allocate(8), WAIT)).isInstanceOf(Inbound.Lost.class);
        assertThat(a[1].receive(ByteBuffer.allocate(8), WAIT)).isInstanceOf(Inbound.End.class);
    }

    @Test
    void aTimedMessageThatCannotGoInTimeIsReportedUnsent() throws Exception {
        AssociationSession[] a = connect(StreamLimits.DEFAULT);
        // The peer does not read: its queue and then the stream's window fill, and bytes stay unacknowledged.
        byte[] chunk = new byte[64 * 1024];
        int sent = 0;
        for (int i = 0; i < 400; i++) {
            if (a[0].send(0, false, 0, 0, true, ByteBuffer.wrap(chunk), 0) == 0) {
                break;
            }
            sent++;
        }
        assertThat(sent).isLessThan(400);
        int taken = 0;
        for (int i = 0; i < 50 && taken == 0; i++) {
            // The first offer that fits waits behind unacknowledged bytes.
            taken = a[0].send(0, false, 42, 50, true, ByteBuffer.wrap(bytes("too late")), TimeUnit.SECONDS.toNanos(5));
        }
        assertThat(taken).isEqualTo(8);
        Inbound in = a[0].receive(ByteBuffer.allocate(8), WAIT);
        assertThat(in).isInstanceOf(Inbound.SendFailed.class);
        Inbound.SendFailed f = (Inbound.SendFailed) in;
        assertThat(f.payloadProtocolId()).isEqualTo(42);
        assertThat(new String(f.unsent(), StandardCharsets.UTF_8)).isEqualTo("too late");
        assertThat(f.errorCode()).isEqualTo(Inbound.SendFailed.LIFETIME_EXPIRED);
    }

    @Test
    void connectingWhereNothingListensFailsAtOnce() throws Exception {
        int port;
        try (DatagramSocket unused = new DatagramSocket(LOOPBACK)) {
            port = unused.getLocalPort();
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                StreamLimits.DEFAULT, 1024).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(java.net.PortUnreachableException.class);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
    }
}
