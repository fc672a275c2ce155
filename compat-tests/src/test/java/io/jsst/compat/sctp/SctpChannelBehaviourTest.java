package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.sctp.AbstractNotificationHandler;
import io.jsst.sctp.Association;
import io.jsst.sctp.AssociationChangeNotification;
import io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent;
import io.jsst.sctp.HandlerResult;
import io.jsst.sctp.IllegalReceiveException;
import io.jsst.sctp.InvalidStreamException;
import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.Notification;
import io.jsst.sctp.NotificationHandler;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpServerChannel;
import io.jsst.sctp.SctpStandardSocketOptions;
import io.jsst.sctp.SendFailedNotification;
import io.jsst.sctp.ShutdownNotification;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SctpChannel and SctpServerChannel as their javadoc, and the JDK's behaviour, promise; over real UDP on 127.0.0.1. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SctpChannelBehaviourTest extends SctpServerChannelFixture {

    /** Receives, skipping notifications (recorded), until a message arrives. */
    private static MessageInfo receiveMessage(SctpChannel ch, ByteBuffer dst, List<Notification> seen) throws IOException {
        for (int i = 0; i < 100; i++) {
            MessageInfo info = ch.receive(dst, seen, new NotificationRecorder());
            if (info != null) {
                return info;
            }
        }
        throw new AssertionError("no message");
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b, MessageInfo info) {
        return new String(b.array(), 0, info.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aNewChannelIsOpenUnboundAndUnconnected() throws IOException {
        SctpChannel ch = track(SctpChannel.open());
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.getAllLocalAddresses()).isEmpty();
        assertThat(ch.getRemoteAddresses()).isEmpty();
        assertThat(ch.association()).isNull();
        assertThat(ch.isConnectionPending()).isFalse();
        assertThat(ch.isBlocking()).isTrue();
        assertThat(ch.validOps()).isEqualTo(SelectionKey.OP_READ | SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
    }

    @Test
    void connectLearnsTheStreamCountsBeforeReturningAndTheFirstReceiveDeliversCommUp() throws IOException {
        server.setOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS,
                SctpStandardSocketOptions.InitMaxStreams.create(4, 6));
        SctpChannel client = track(SctpChannel.open(serverAddress(), 3, 9));
        Association a = client.association();
        assertThat(a).isNotNull();
        assertThat(a.maxOutboundStreams()).isEqualTo(3);
        assertThat(a.maxInboundStreams()).isEqualTo(6);
        assertThatThrownBy(() -> client.send(text("x"), MessageInfo.createOutgoing(null, 3)))
                .isInstanceOf(InvalidStreamException.class);
        SctpChannel accepted = track(server.accept());
        assertThat(accepted.association().maxOutboundStreams()).isEqualTo(6);
        assertThat(accepted.association().maxInboundStreams()).isEqualTo(3);

        client.send(text("hello"), MessageInfo.createOutgoing(null, 2));
        List<Notification> seen = new ArrayList<>();
        ByteBuffer dst = ByteBuffer.allocate(64);
        MessageInfo info = receiveMessage(accepted, dst, seen);
        assertThat(seen).hasSize(1);
        assertThat(((AssociationChangeNotification) seen.get(0)).event()).isEqualTo(AssocChangeEvent.COMM_UP);
        assertThat(seen.get(0).association()).isSameAs(accepted.association());
        assertThat(info.streamNumber()).isEqualTo(2);
        assertThat(info.isComplete()).isTrue();
        assertThat(info.association()).isSameAs(accepted.association());
        assertThat(text(dst, info)).isEqualTo("hello");
    }

    @Test
    void acceptedChannelsAreBlockingAndConnected() throws IOException {
        server.configureBlocking(false);
        assertThat(server.accept()).isNull();
        SctpChannel client = track(SctpChannel.open(serverAddress(), 0, 0));
        SctpChannel accepted = null;
        for (int i = 0; i < 2000 && accepted == null; i++) {
            accepted = server.accept();
            if (accepted == null) {
                Thread.onSpinWait();
            }
        }
        assertThat(accepted).isNotNull();
        track(accepted);
        assertThat(accepted.isBlocking()).isTrue();
        assertThat(accepted.association()).isNotNull();
        assertThat(accepted.isConnectionPending()).isFalse();
        assertThatThrownBy(() -> accepted_bind(client)).isInstanceOf(AlreadyConnectedException.class);
    }

    private static void accepted_bind(SctpChannel c) throws IOException {
        c.bind(null);
    }

    @Test
    void messagesKeepOrderPerStreamTheirProtocolIdentifierAndUnorderedFlag() throws IOException {
        SctpChannel[] p = connectedPair();
        for (int i = 0; i < 30; i++) {
            MessageInfo out = MessageInfo.createOutgoing(null, i % 3).payloadProtocolID(1000 + i).unordered(i == 29);
            assertThat(p[0].send(text("m" + i), out)).isEqualTo(("m" + i).length());
        }
        List<List<Integer>> perStream = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<Notification> seen = new ArrayList<>();
        boolean sawUnordered = false;
        for (int i = 0; i < 30; i++) {
            ByteBuffer dst = ByteBuffer.allocate(64);
            MessageInfo info = receiveMessage(p[1], dst, seen);
            int n = Integer.parseInt(text(dst, info).substring(1));
            assertThat(info.payloadProtocolID()).isEqualTo(1000 + n);
            if (info.isUnordered()) {
                sawUnordered = true;
                assertThat(n).isEqualTo(29);
            } else {
                perStream.get(info.streamNumber()).add(n);
            }
        }
        assertThat(sawUnordered).isTrue();
        for (List<Integer> s : perStream) {
            assertThat(s).isSorted();
        }
    }

    @Test
    void aMessageLargerThanTheBufferArrivesInPartsCompleteOnlyOnTheLast() throws IOException {
        SctpChannel[] p = connectedPair();
        byte[] big = new byte[10_000];
        new java.util.Random(7).nextBytes(big);
        p[0].send(ByteBuffer.wrap(big), MessageInfo.createOutgoing(null, 0));
        ByteBuffer all = ByteBuffer.allocate(big.length);
        List<Boolean> complete = new ArrayList<>();
        List<Notification> seen = new ArrayList<>();
        while (all.hasRemaining() && complete.size() < 100) {
            ByteBuffer part = ByteBuffer.allocate(3000);
            MessageInfo info = receiveMessage(p[1], part, seen);
            assertThat(info.bytes()).isEqualTo(part.position());
            all.put(part.flip());
            complete.add(info.isComplete());
        }
        assertThat(all.array()).isEqualTo(big);
        assertThat(complete).containsExactly(false, false, false, true);
    }

    @Test
    void shutdownIsSeenByThePeerThenEndOfStream() throws IOException {
        SctpChannel[] p = connectedPair();
        p[0].send(text("bye"), MessageInfo.createOutgoing(null, 0));
        p[0].shutdown();
        assertThat(p[0].getRemoteAddresses()).isEmpty();
        assertThatThrownBy(() -> p[0].send(text("more"), MessageInfo.createOutgoing(null, 0)))
                .isInstanceOf(ClosedChannelException.class);
        List<Notification> seen = new ArrayList<>();
        ByteBuffer dst = ByteBuffer.allocate(64);
        assertThat(text(dst, receiveMessage(p[1], dst, seen))).isEqualTo("bye");
        MessageInfo eof = receiveMessage(p[1], ByteBuffer.allocate(64), seen);
        assertThat(eof.bytes()).isEqualTo(-1);
        assertThat(seen).anyMatch(n -> n instanceof ShutdownNotification);
        assertThat(seen).anyMatch(n -> n instanceof AssociationChangeNotification a && a.event() == AssocChangeEvent.SHUTDOWN);
    }

    @Test
    void handlerReturnEndsTheReceiveWithNull() throws IOException {
        SctpChannel[] p = connectedPair();
        MessageInfo info = p[1].receive(ByteBuffer.allocate(16), null, new AbstractNotificationHandler<Object>() {
            @Override
            public HandlerResult handleNotification(AssociationChangeNotification n, Object attachment) {
                return HandlerResult.RETURN;
            }
        });
        assertThat(info).isNull();
    }

    @Test
    void receivingFromInsideTheHandlerIsIllegal() throws IOException {
        SctpChannel[] p = connectedPair();
        Throwable[] thrown = new Throwable[1];
        p[1].receive(ByteBuffer.allocate(16), null, new NotificationHandler<Object>() {
            @Override
            public HandlerResult handleNotification(Notification n, Object attachment) {
                try {
                    p[1].receive(ByteBuffer.allocate(16), null, null);
                } catch (Throwable t) {
                    thrown[0] = t;
                }
                return HandlerResult.RETURN;
            }
        });
        assertThat(thrown[0]).isInstanceOf(IllegalReceiveException.class);
    }

    @Test
    void nullOrReadOnlyBuffersAreIllegalArguments() throws IOException {
        SctpChannel[] p = connectedPair();
        assertThatThrownBy(() -> p[1].receive(null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p[1].receive(ByteBuffer.allocate(4).asReadOnlyBuffer(), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p[0].send(null, MessageInfo.createOutgoing(null, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unconnectedChannelsRefuseSendAndReceive() throws IOException {
        SctpChannel ch = track(SctpChannel.open());
        assertThatThrownBy(() -> ch.send(text("x"), MessageInfo.createOutgoing(null, 0)))
                .isInstanceOf(NotYetConnectedException.class);
        assertThatThrownBy(() -> ch.receive(ByteBuffer.allocate(4), null, null))
                .isInstanceOf(NotYetConnectedException.class);
        assertThatThrownBy(ch::finishConnect).isInstanceOf(NoConnectionPendingException.class);
        assertThatThrownBy(ch::shutdown).isInstanceOf(NotYetConnectedException.class);
    }

    @Test
    void bindingTwiceOrToAForeignAddressTypeFails() throws IOException {
        SctpChannel ch = track(SctpChannel.open());
        assertThatThrownBy(() -> ch.bind(new SocketAddress() { })).isInstanceOf(UnsupportedAddressTypeException.class);
        ch.bind(new InetSocketAddress(LOOPBACK, 0));
        assertThat(ch.getAllLocalAddresses()).hasSize(1);
        assertThatThrownBy(() -> ch.bind(new InetSocketAddress(LOOPBACK, 0))).isInstanceOf(AlreadyBoundException.class);
    }

    @Test
    void connectingWhereNothingListensFailsAtOnceAndClosesTheChannel() throws IOException {
        int port;
        try (DatagramSocket unused = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            port = unused.getLocalPort();
        }
        SctpChannel ch = track(SctpChannel.open());
        long start = System.nanoTime();
        assertThatThrownBy(() -> ch.connect(new InetSocketAddress(LOOPBACK, port))).isInstanceOf(IOException.class);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void nonBlockingConnectFinishesAfterOpConnect() throws IOException {
        SctpChannel ch = track(SctpChannel.open());
        ch.configureBlocking(false);
        boolean now = ch.connect(serverAddress());
        if (!now) {
            assertThat(ch.isConnectionPending()).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ch.finishConnect()) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.onSpinWait();
            }
        }
        assertThat(ch.isConnectionPending()).isFalse();
        assertThat(ch.association()).isNotNull();
        track(server.accept());
    }

    @Test
    void soLingerDefaultsToMinusOneAndOptionsAreChecked() throws IOException {
        SctpChannel ch = track(SctpChannel.open());
        assertThat(ch.getOption(SctpStandardSocketOptions.SO_LINGER)).isEqualTo(-1);
        assertThat(ch.supportedOptions()).hasSize(10);
        assertThatThrownBy(() -> ch.getOption(null)).isInstanceOf(NullPointerException.class);
        ch.close();
        assertThatThrownBy(() -> ch.getOption(SctpStandardSocketOptions.SO_LINGER))
                .isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void closingWakesABlockedReceiverWithAsynchronousCloseException() throws Exception {
        SctpChannel[] p = connectedPair();
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch handled = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try {
                // The COMM_UP goes to the handler (CONTINUE), then the receive waits for data.
                p[1].receive(ByteBuffer.allocate(16), null, new AbstractNotificationHandler<Object>() {
                    @Override
                    public HandlerResult handleNotification(AssociationChangeNotification n, Object a) {
                        handled.countDown();
                        return HandlerResult.CONTINUE;
                    }
                });
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        reader.start();
        assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
        p[1].close();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(java.nio.channels.AsynchronousCloseException.class);
    }

    @Test
    void closingFromAHandlerEndsThatReceiveWithAsynchronousCloseException() throws Exception {
        // The close lands between a handler's CONTINUE and the receive's next wait.
        SctpChannel[] p = connectedPair();
        assertThatThrownBy(() -> p[1].receive(ByteBuffer.allocate(16), null, new AbstractNotificationHandler<Object>() {
            @Override
            public HandlerResult handleNotification(AssociationChangeNotification n, Object a) {
                try {
                    p[1].close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return HandlerResult.CONTINUE;
            }
        })).isInstanceOf(java.nio.channels.AsynchronousCloseException.class);
    }

    @Test
    void aMessageWhoseTimeToLiveEndsUnsentIsReportedBySendFailed() throws IOException {
        SctpChannel[] p = connectedPair();
        p[0].configureBlocking(false);
        // The peer does not read: its window fills and what follows stays unsent.
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        int sends = 0;
        while (sends < 1000 && p[0].send(chunk.clear(), MessageInfo.createOutgoing(null, 0)) > 0) {
            sends++;
        }
        assertThat(sends).isLessThan(1000);
        int taken = p[0].send(text("stale"), MessageInfo.createOutgoing(null, 0).timeToLive(50).payloadProtocolID(9));
        assertThat(taken).isEqualTo(5);
        p[0].configureBlocking(true);
        List<Notification> seen = new ArrayList<>();
        MessageInfo none = p[0].receive(ByteBuffer.allocate(16), seen, new AbstractNotificationHandler<List<Notification>>() {
            @Override
            public HandlerResult handleNotification(AssociationChangeNotification n, List<Notification> list) {
                return HandlerResult.CONTINUE;
            }

            @Override
            public HandlerResult handleNotification(SendFailedNotification n, List<Notification> list) {
                list.add(n);
                return HandlerResult.RETURN;
            }
        });
        assertThat(none).isNull();
        SendFailedNotification failed = (SendFailedNotification) seen.get(0);
        assertThat(failed.association()).isSameAs(p[0].association());
        assertThat(failed.streamNumber()).isZero();
        assertThat(StandardCharsets.UTF_8.decode(failed.buffer()).toString()).isEqualTo("stale");
    }

    @Test
    void explicitCompleteLetsOneMessageSpanSeveralSends() throws IOException {
        SctpChannel[] p = connectedPair();
        p[0].setOption(SctpStandardSocketOptions.SCTP_EXPLICIT_COMPLETE, true);
        p[0].send(text("one "), MessageInfo.createOutgoing(null, 1).complete(false));
        p[0].send(text("two "), MessageInfo.createOutgoing(null, 1).complete(false));
        p[0].send(text("three"), MessageInfo.createOutgoing(null, 1).complete(true));
        p[0].send(text("next"), MessageInfo.createOutgoing(null, 1));
        List<Notification> seen = new ArrayList<>();
        ByteBuffer dst = ByteBuffer.allocate(64);
        MessageInfo info = receiveMessage(p[1], dst, seen);
        StringBuilder message = new StringBuilder(text(dst, info));
        while (!info.isComplete()) {
            ByteBuffer more = ByteBuffer.allocate(64);
            info = receiveMessage(p[1], more, seen);
            message.append(text(more, info));
        }
        assertThat(message.toString()).isEqualTo("one two three");
        ByteBuffer next = ByteBuffer.allocate(64);
        assertThat(text(next, receiveMessage(p[1], next, seen))).isEqualTo("next");
    }

    @Test
    void anAbortiveCloseIsCommLostForThePeer() throws IOException {
        SctpChannel[] p = connectedPair();
        p[0].setOption(SctpStandardSocketOptions.SO_LINGER, 0);
        p[0].close();
        List<Notification> seen = new ArrayList<>();
        MessageInfo eof = receiveMessage(p[1], ByteBuffer.allocate(16), seen);
        assertThat(eof.bytes()).isEqualTo(-1);
        assertThat(seen).anyMatch(n -> n instanceof AssociationChangeNotification a && a.event() == AssocChangeEvent.COMM_LOST);
    }

    @Test
    void streamCountsDefaultToTenEachWay() throws IOException {
        SctpChannel[] p = connectedPair();
        assertThat(p[0].association().maxOutboundStreams()).isEqualTo(10);
        assertThat(p[0].association().maxInboundStreams()).isEqualTo(10);
        assertThat(p[1].association().maxOutboundStreams()).isEqualTo(10);
    }

    @Test
    void sendingToAnotherAssociationIsAnIllegalArgument() throws IOException {
        SctpChannel[] p = connectedPair();
        assertThatThrownBy(() -> p[0].send(text("x"), MessageInfo.createOutgoing(p[1].association(), null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Cannot send to another association");
    }

    @Test
    void aMultihomedServerShowsAllItsAddressesAndThePrimaryPathCanMove() throws IOException {
        InetAddress second = InetAddress.getByName("127.0.0.2");
        SctpServerChannel multihomed = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        try {
            multihomed.bindAddress(second);
            int port = ((InetSocketAddress) multihomed.getAllLocalAddresses().iterator().next()).getPort();
            assertThat(multihomed.getAllLocalAddresses()).containsExactlyInAnyOrder(
                    new InetSocketAddress(LOOPBACK, port), new InetSocketAddress(second, port));
            SctpChannel client = track(SctpChannel.open(new InetSocketAddress(LOOPBACK, port), 0, 0));
            SctpChannel accepted = track(multihomed.accept());
            assertThat(client.getRemoteAddresses()).containsExactlyInAnyOrder(
                    new InetSocketAddress(LOOPBACK, port), new InetSocketAddress(second, port));
            assertThat(client.getOption(SctpStandardSocketOptions.SCTP_PRIMARY_ADDR))
                    .isEqualTo(new InetSocketAddress(LOOPBACK, port));

            client.setOption(SctpStandardSocketOptions.SCTP_PRIMARY_ADDR, new InetSocketAddress(second, port));
            assertThat(client.getOption(SctpStandardSocketOptions.SCTP_PRIMARY_ADDR))
                    .isEqualTo(new InetSocketAddress(second, port));
            client.send(text("via the second address"), MessageInfo.createOutgoing(null, 0));
            List<Notification> seen = new ArrayList<>();
            ByteBuffer dst = ByteBuffer.allocate(64);
            assertThat(text(dst, receiveMessage(accepted, dst, seen))).isEqualTo("via the second address");
            accepted.send(text("answer"), MessageInfo.createOutgoing(null, 0));
            List<Notification> clientSeen = new ArrayList<>();
            ByteBuffer back = ByteBuffer.allocate(64);
            assertThat(text(back, receiveMessage(client, back, clientSeen))).isEqualTo("answer");
            assertThat(clientSeen).anyMatch(n -> n instanceof io.jsst.sctp.PeerAddressChangeNotification p
                    && p.event() == io.jsst.sctp.PeerAddressChangeNotification.AddressChangeEvent.ADDR_MADE_PRIMARY
                    && p.address().equals(new InetSocketAddress(second, port)));
            assertThatThrownBy(() -> client.setOption(SctpStandardSocketOptions.SCTP_PRIMARY_ADDR,
                    new InetSocketAddress(LOOPBACK, port + 1))).isInstanceOf(IOException.class);
        } finally {
            multihomed.close();
        }
    }

    @Test
    void withoutTheExportTheJdksOwnSelectorRefusesJsstChannels() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.jsst.nio.JdkSelectorSupport.isAvailable(),
                "this JVM exports sun.nio.ch: the JDK's selectors take jsst's channels");
        SctpChannel ch = track(SctpChannel.open());
        ch.configureBlocking(false);
        try (java.nio.channels.Selector jdk = java.nio.channels.Selector.open()) {
            assertThatThrownBy(() -> ch.register(jdk, SelectionKey.OP_CONNECT))
                    .isInstanceOf(java.nio.channels.IllegalSelectorException.class);
        }
        try (java.nio.channels.Selector jsst = ch.provider().openSelector()) {
            assertThat(ch.register(jsst, SelectionKey.OP_CONNECT).channel()).isSameAs(ch);
        }
    }

    @Test
    void aNewlyConnectedChannelIsReadableBecauseCommUpIsPending() throws IOException {
        SctpChannel[] p = connectedPair();
        for (SctpChannel c : p) {
            c.configureBlocking(false);
            try (java.nio.channels.Selector selector = c.provider().openSelector()) {
                c.register(selector, SelectionKey.OP_READ);
                assertThat(selector.select(5000)).isEqualTo(1);
                assertThat(selector.selectedKeys().iterator().next().isReadable()).isTrue();
            }
        }
    }

    @Test
    void whenThePrimaryAddressGoesSilentTheAssociationFailsOverAndSaysSo() throws IOException {
        InetAddress second = InetAddress.getByName("127.0.0.2");
        SctpServerChannel multihomed = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        try {
            multihomed.bindAddress(second);
            int port = ((InetSocketAddress) multihomed.getAllLocalAddresses().iterator().next()).getPort();
            InetSocketAddress viaSecond = new InetSocketAddress(second, port);
            InetSocketAddress viaFirst = new InetSocketAddress(LOOPBACK, port);
            SctpChannel client = track(SctpChannel.open(viaSecond, 0, 0));
            SctpChannel accepted = track(multihomed.accept());
            List<Notification> serverSeen = new ArrayList<>();
            client.send(text("before"), MessageInfo.createOutgoing(null, 0));
            ByteBuffer dst = ByteBuffer.allocate(64);
            assertThat(text(dst, receiveMessage(accepted, dst, serverSeen))).isEqualTo("before");

            // The address the association uses stops answering.
            multihomed.unbindAddress(second);
            assertThat(multihomed.getAllLocalAddresses()).containsExactly(viaFirst);
            client.send(text("after"), MessageInfo.createOutgoing(null, 0));
            ByteBuffer after = ByteBuffer.allocate(64);
            assertThat(text(after, receiveMessage(accepted, after, serverSeen))).isEqualTo("after");
            accepted.send(text("reply"), MessageInfo.createOutgoing(null, 0));
            List<Notification> clientSeen = new ArrayList<>();
            ByteBuffer reply = ByteBuffer.allocate(64);
            assertThat(text(reply, receiveMessage(client, reply, clientSeen))).isEqualTo("reply");

            assertThat(clientSeen).anyMatch(n -> n instanceof io.jsst.sctp.PeerAddressChangeNotification p
                    && p.event() == io.jsst.sctp.PeerAddressChangeNotification.AddressChangeEvent.ADDR_UNREACHABLE
                    && p.address().equals(viaSecond));
            assertThat(clientSeen).anyMatch(n -> n instanceof io.jsst.sctp.PeerAddressChangeNotification p
                    && p.event() == io.jsst.sctp.PeerAddressChangeNotification.AddressChangeEvent.ADDR_MADE_PRIMARY
                    && p.address().equals(viaFirst));
            assertThat(client.getOption(SctpStandardSocketOptions.SCTP_PRIMARY_ADDR)).isEqualTo(viaFirst);
        } finally {
            multihomed.close();
        }
    }
}
