package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.sctp.AssociationChangeNotification;
import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.Notification;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpServerChannel;
import io.jsst.sctp.SctpStandardSocketOptions;
import io.jsst.sctp.SctpStandardSocketOptions.InitMaxStreams;
import io.jsst.sctp.ShutdownNotification;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Review of SctpChannel and SctpServerChannel against the JDK's javadoc and implementation, over UDP on 127.0.0.1. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SctpReviewChannelTest extends SctpServerChannelFixture {

    @Test
    void connectWithStreamCountsChecksTheChannelStateBeforeTheCounts() throws IOException {
        SctpChannel closed = SctpChannel.open();
        closed.close();
        assertThatThrownBy(() -> closed.connect(serverAddress(), -1, 5)).isInstanceOf(ClosedChannelException.class);

        SctpChannel client = connectedPair()[0];
        assertThatThrownBy(() -> client.connect(serverAddress(), -1, 5)).isInstanceOf(AlreadyConnectedException.class);
    }

    @Test
    void connectWithStreamCountsOnAConnectedChannelLeavesTheOptionAlone() throws IOException {
        SctpChannel client = connectedPair()[0];
        InitMaxStreams before = client.getOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS);
        assertThatThrownBy(() -> client.connect(serverAddress(), 7, 9)).isInstanceOf(AlreadyConnectedException.class);
        assertThat(client.getOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS)).isEqualTo(before);
    }

    @Test
    void connectToNullIsANullPointerAsInTheJdk() throws IOException {
        SctpChannel c = track(SctpChannel.open());
        assertThatThrownBy(() -> c.connect(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aMessageSentFromTheMiddleOfADirectBufferArrivesAtTheReceiversPositionWithItsInfo() throws IOException {
        SctpChannel[] pair = connectedPair();
        ByteBuffer src = ByteBuffer.allocateDirect(32);
        src.put("xxxhello".getBytes(StandardCharsets.US_ASCII)).flip().position(3);
        MessageInfo out = MessageInfo.createOutgoing(null, 3).payloadProtocolID(77).unordered(true);
        assertThat(pair[0].send(src, out)).isEqualTo(5);
        assertThat(src.position()).isEqualTo(8);

        ByteBuffer dst = ByteBuffer.allocateDirect(64);
        dst.position(10).limit(40);
        List<Notification> seen = new ArrayList<>();
        MessageInfo in = null;
        for (int i = 0; i < 10 && in == null; i++) {
            in = pair[1].receive(dst, seen, new NotificationRecorder());
        }
        assertThat(in).isNotNull();
        assertThat(in.bytes()).isEqualTo(5);
        assertThat(in.streamNumber()).isEqualTo(3);
        assertThat(in.payloadProtocolID()).isEqualTo(77);
        assertThat(in.isUnordered()).isTrue();
        assertThat(in.isComplete()).isTrue();
        assertThat(in.association()).isSameAs(pair[1].association());
        assertThat(pair[1].getRemoteAddresses()).contains(in.address());
        assertThat(dst.position()).isEqualTo(15);
        assertThat(dst.limit()).isEqualTo(40);
        byte[] got = new byte[5];
        dst.position(10);
        dst.get(got);
        assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void shutdownTwiceIsANoOpAndSendAfterItIsClosedChannel() throws IOException {
        SctpChannel client = connectedPair()[0];
        client.shutdown();
        client.shutdown();
        assertThat(client.getRemoteAddresses()).isEmpty();
        assertThatThrownBy(() -> client.send(ByteBuffer.wrap(new byte[1]), MessageInfo.createOutgoing(null, 0)))
                .isInstanceOf(ClosedChannelException.class);
        assertThat(client.association()).isNotNull();
    }

    @Test
    void shutdownOfAnUnconnectedOrClosedChannelThrowsTheJdksExceptions() throws IOException {
        SctpChannel c = track(SctpChannel.open());
        assertThatThrownBy(c::shutdown).isInstanceOf(NotYetConnectedException.class);
        c.close();
        assertThatThrownBy(c::shutdown).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void afterEndOfStreamEveryReceiveReturnsMinusOneAndLeavesTheBuffer() throws IOException {
        SctpChannel[] pair = connectedPair();
        pair[0].shutdown();
        ByteBuffer dst = ByteBuffer.allocate(16).position(4);
        List<Notification> seen = new ArrayList<>();
        MessageInfo in = null;
        for (int i = 0; i < 10 && in == null; i++) {
            in = pair[1].receive(dst, seen, new NotificationRecorder());
        }
        assertThat(in).isNotNull();
        assertThat(in.bytes()).isEqualTo(-1);
        assertThat(seen).anyMatch(n -> n instanceof ShutdownNotification);
        MessageInfo again = pair[1].receive(dst, seen, new NotificationRecorder());
        assertThat(again.bytes()).isEqualTo(-1);
        assertThat(dst.position()).isEqualTo(4);
        assertThat(pair[1].association()).isNotNull();
    }

    @Test
    void optionsHaveTheirDefaultsAndKeepWhatIsSetOnEveryChannelKind() throws IOException {
        SctpChannel c = track(SctpChannel.open());
        assertThat(c.getOption(SctpStandardSocketOptions.SO_LINGER)).isNegative();
        assertThat(c.getOption(SctpStandardSocketOptions.SCTP_EXPLICIT_COMPLETE)).isFalse();
        assertThat(c.getOption(SctpStandardSocketOptions.SCTP_FRAGMENT_INTERLEAVE)).isBetween(0, 2);
        c.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true);
        assertThat(c.getOption(SctpStandardSocketOptions.SCTP_NODELAY)).isTrue();
        c.setOption(SctpStandardSocketOptions.SCTP_FRAGMENT_INTERLEAVE, 2);
        assertThat(c.getOption(SctpStandardSocketOptions.SCTP_FRAGMENT_INTERLEAVE)).isEqualTo(2);
        c.setOption(SctpStandardSocketOptions.SO_LINGER, 3);
        assertThat(c.getOption(SctpStandardSocketOptions.SO_LINGER)).isEqualTo(3);
        c.setOption(SctpStandardSocketOptions.SO_SNDBUF, 12345);
        assertThat(c.getOption(SctpStandardSocketOptions.SO_SNDBUF)).isGreaterThanOrEqualTo(4096);
        c.setOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS, InitMaxStreams.create(3, 4));
        assertThat(c.getOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS)).isEqualTo(InitMaxStreams.create(3, 4));
        assertThatThrownBy(() -> c.setOption(SctpStandardSocketOptions.SO_RCVBUF, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.getOption(null)).isInstanceOf(NullPointerException.class);

        assertThat(server.getOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS)).isNotNull();
        server.setOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS, InitMaxStreams.create(5, 6));
        assertThat(server.getOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS)).isEqualTo(InitMaxStreams.create(5, 6));
        assertThatThrownBy(() -> server.getOption(SctpStandardSocketOptions.SO_SNDBUF))
                .isInstanceOf(UnsupportedOperationException.class);
        c.close();
        assertThat(c.supportedOptions()).hasSize(10);
        assertThatThrownBy(() -> c.getOption(SctpStandardSocketOptions.SO_LINGER))
                .isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void aServersStreamCountsGoverneTheAcceptedAssociation() throws IOException {
        server.setOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS, InitMaxStreams.create(3, 4));
        SctpChannel client = track(SctpChannel.open(serverAddress(), 20, 20));
        SctpChannel accepted = track(server.accept());
        assertThat(accepted.association().maxOutboundStreams()).isEqualTo(4);
        assertThat(accepted.association().maxInboundStreams()).isEqualTo(3);
        assertThat(client.association().maxOutboundStreams()).isEqualTo(3);
        assertThat(client.association().maxInboundStreams()).isEqualTo(4);
    }

    @Test
    void nonBlockingAcceptReturnsNullUntilAnAssociationArrivesThenABlockingConnectedChannel() throws Exception {
        server.configureBlocking(false);
        assertThat(server.accept()).isNull();
        assertThat(server.accept()).isNull();
        SctpChannel client = track(SctpChannel.open(serverAddress(), 0, 0));
        SctpChannel accepted = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try (java.nio.channels.Selector sel = server.provider().openSelector()) {
            server.register(sel, java.nio.channels.SelectionKey.OP_ACCEPT);
            while (accepted == null && System.nanoTime() < deadline) {
                sel.select(200);
                accepted = server.accept();
            }
        }
        assertThat(accepted).isNotNull();
        track(accepted);
        assertThat(accepted.isBlocking()).isTrue();
        assertThat(accepted.association()).isNotNull();
        assertThat(accepted.isConnectionPending()).isFalse();
        assertThat(server.accept()).isNull();
        assertThat(client.association().associationID()).isNotNegative();
    }

    @Test
    void anUnboundServerHasNoAddressesAndAClosedServersPortCanBeBoundAgain() throws IOException {
        try (SctpServerChannel s = SctpServerChannel.open()) {
            assertThat(s.getAllLocalAddresses()).isEmpty();
        }
        SocketAddress address = serverAddress();
        server.close();
        server = SctpServerChannel.open().bind(address);
        assertThat(server.getAllLocalAddresses()).containsExactly(address);
    }

    @Test
    void closingAServerWithAnUnacceptedAssociationEndsItForTheClient() throws IOException {
        SctpChannel client = track(SctpChannel.open(serverAddress(), 0, 0));
        server.close();
        List<Notification> seen = new ArrayList<>();
        ByteBuffer dst = ByteBuffer.allocate(16);
        MessageInfo in = null;
        for (int i = 0; i < 10 && in == null; i++) {
            in = client.receive(dst, seen, new NotificationRecorder());
        }
        assertThat(seen).anyMatch(n -> n instanceof AssociationChangeNotification a
                && (a.event() == AssociationChangeNotification.AssocChangeEvent.COMM_LOST
                        || a.event() == AssociationChangeNotification.AssocChangeEvent.SHUTDOWN));
    }

    @Test
    void oneThreadSendsWhileAnotherReceivesOnTheSameChannel() throws Exception {
        SctpChannel[] pair = connectedPair();
        int count = 200;
        Thread echo = new Thread(() -> {
            try {
                ByteBuffer b = ByteBuffer.allocate(64);
                for (int i = 0; i < count; i++) {
                    b.clear();
                    MessageInfo m = pair[1].receive(b, null, null);
                    b.flip();
                    pair[1].send(b, MessageInfo.createOutgoing(null, m.streamNumber()));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        echo.start();
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                ByteBuffer b = ByteBuffer.allocate(64);
                for (int i = 0; i < count; i++) {
                    b.clear();
                    MessageInfo m = pair[0].receive(b, null, null);
                    if (m.bytes() == 4) {
                        received.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reader.start();
        for (int i = 0; i < count; i++) {
            pair[0].send(ByteBuffer.allocate(4).putInt(0, i), MessageInfo.createOutgoing(null, i % 5));
        }
        reader.join(10_000);
        echo.join(10_000);
        assertThat(received.get()).isEqualTo(count);
    }
}
