package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.sctp.AbstractNotificationHandler;
import io.jsst.sctp.Association;
import io.jsst.sctp.AssociationChangeNotification;
import io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent;
import io.jsst.sctp.HandlerResult;
import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.Notification;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpMultiChannel;
import io.jsst.sctp.SctpStandardSocketOptions;
import io.jsst.sctp.ShutdownNotification;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Review of SctpMultiChannel against the JDK's javadoc and implementation, over UDP on 127.0.0.1. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SctpReviewMultiChannelTest extends SctpMultiChannelFixture {

    private static final class Recorder extends AbstractNotificationHandler<List<Notification>> {
        @Override
        public HandlerResult handleNotification(Notification n, List<Notification> list) {
            list.add(n);
            return HandlerResult.CONTINUE;
        }

        @Override
        public HandlerResult handleNotification(AssociationChangeNotification n, List<Notification> list) {
            list.add(n);
            return HandlerResult.RETURN;
        }

        @Override
        public HandlerResult handleNotification(ShutdownNotification n, List<Notification> list) {
            list.add(n);
            return HandlerResult.RETURN;
        }
    }

    /** Receives on the server until {@code event} was seen, recording what came. */
    private void receiveUntil(AssocChangeEvent event, List<Notification> seen, List<MessageInfo> messages)
            throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(256);
        for (int i = 0; i < 200; i++) {
            dst.clear();
            MessageInfo m = server.receive(dst, seen, new Recorder());
            if (m != null) {
                messages.add(m);
            }
            if (seen.stream().anyMatch(n -> n instanceof AssociationChangeNotification a && a.event() == event)) {
                return;
            }
        }
        throw new AssertionError("no " + event);
    }

    @Test
    void associationsOfAnUnboundChannelIsNotYetBound() throws IOException {
        SctpMultiChannel unbound = track(SctpMultiChannel.open());
        assertThatThrownBy(unbound::associations).isInstanceOf(NotYetBoundException.class);
        unbound.close();
        assertThatThrownBy(unbound::associations).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void anAssociationIsListedOnceItsCommUpWasReceivedAndGoneAfterItsShutdown() throws IOException {
        SctpChannel client = track(SctpChannel.open(serverAddress(), 0, 0));
        List<Notification> seen = new ArrayList<>();
        List<MessageInfo> messages = new ArrayList<>();
        receiveUntil(AssocChangeEvent.COMM_UP, seen, messages);
        Association a = seen.get(0).association();
        assertThat(server.associations()).containsExactly(a);
        assertThat(server.getRemoteAddresses(a)).containsExactlyElementsOf(client.getAllLocalAddresses().stream()
                .map(x -> (SocketAddress) new InetSocketAddress(LOOPBACK, ((InetSocketAddress) x).getPort())).toList());

        client.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), MessageInfo.createOutgoing(null, 1).payloadProtocolID(9));
        client.shutdown();
        receiveUntil(AssocChangeEvent.SHUTDOWN, seen, messages);
        assertThat(messages).hasSize(1);
        MessageInfo m = messages.get(0);
        assertThat(m.association()).isSameAs(a);
        assertThat(m.bytes()).isEqualTo(3);
        assertThat(m.streamNumber()).isEqualTo(1);
        assertThat(m.payloadProtocolID()).isEqualTo(9);
        assertThat(((InetSocketAddress) m.address()).getPort())
                .isEqualTo(((InetSocketAddress) client.getAllLocalAddresses().iterator().next()).getPort());
        assertThat(seen).anyMatch(n -> n instanceof ShutdownNotification);
        assertThat(server.associations()).isEmpty();
        assertThat(server.getRemoteAddresses(a)).isEmpty();
    }

    @Test
    void shutdownOfAnAssociationTwiceDoesNotFailAndAForeignAssociationIsAnIllegalArgument() throws IOException {
        SctpChannel client = track(SctpChannel.open(serverAddress(), 0, 0));
        List<Notification> seen = new ArrayList<>();
        receiveUntil(AssocChangeEvent.COMM_UP, seen, new ArrayList<>());
        Association a = seen.get(0).association();
        Association foreign = client.association();
        assertThatThrownBy(() -> server.branch(foreign)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.shutdown(foreign)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.send(ByteBuffer.wrap(new byte[1]),
                MessageInfo.createOutgoing(a, new InetSocketAddress(LOOPBACK, 9), 0)))
                .isInstanceOf(IllegalArgumentException.class);
        server.shutdown(a);
        server.shutdown(a);
        assertThat(server.getRemoteAddresses(a)).isEmpty();
    }

    @Test
    void oneReceiveServesManyAssociationsEachInItsOrder() throws IOException {
        int clients = 4;
        int each = 20;
        List<SctpChannel> cs = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            cs.add(track(SctpChannel.open(serverAddress(), 0, 0)));
        }
        for (SctpChannel c : cs) {
            for (int j = 0; j < each; j++) {
                c.send(ByteBuffer.wrap(new byte[] {(byte) j}), MessageInfo.createOutgoing(null, 0));
            }
        }
        java.util.Map<Association, Integer> next = new java.util.HashMap<>();
        int got = 0;
        ByteBuffer dst = ByteBuffer.allocate(16);
        for (int i = 0; i < 500 && got < clients * each; i++) {
            dst.clear();
            MessageInfo m = server.receive(dst, null, null);
            if (m != null) {
                got++;
                int expected = next.getOrDefault(m.association(), 0);
                assertThat(dst.get(0)).isEqualTo((byte) expected);
                next.put(m.association(), expected + 1);
            }
        }
        assertThat(next).hasSize(clients).allSatisfy((a, n) -> assertThat(n).isEqualTo(each));
        assertThat(server.associations()).containsExactlyInAnyOrderElementsOf(next.keySet());
    }

    @Test
    void optionsOfAMultiChannelKeepWhatIsSet() throws IOException {
        assertThat(server.getOption(SctpStandardSocketOptions.SO_LINGER, null)).isNegative();
        server.setOption(SctpStandardSocketOptions.SCTP_NODELAY, true, null);
        assertThat(server.getOption(SctpStandardSocketOptions.SCTP_NODELAY, null)).isTrue();
        server.setOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS,
                SctpStandardSocketOptions.InitMaxStreams.create(2, 3), null);
        assertThat(server.getOption(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS, null))
                .isEqualTo(SctpStandardSocketOptions.InitMaxStreams.create(2, 3));
        assertThat(server.supportedOptions()).hasSize(10);
    }
}
