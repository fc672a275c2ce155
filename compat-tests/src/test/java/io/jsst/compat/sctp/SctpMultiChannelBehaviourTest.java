package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.sctp.Association;
import io.jsst.sctp.AssociationChangeNotification;
import io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent;
import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.Notification;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpMultiChannel;
import io.jsst.sctp.SendFailedNotification;
import io.jsst.sctp.ShutdownNotification;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.NotYetBoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SctpMultiChannel (one-to-many) as its javadoc and the JDK promise; over real UDP on 127.0.0.1. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SctpMultiChannelBehaviourTest extends SctpMultiChannelFixture {

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void receiveOnAnUnboundChannelIsNotYetBound() throws IOException {
        SctpMultiChannel ch = SctpMultiChannel.open();
        toClose.add(ch);
        assertThatThrownBy(() -> ch.receive(ByteBuffer.allocate(8), null, null)).isInstanceOf(NotYetBoundException.class);
    }

    @Test
    void fiftyAssociationsMadeByTheirFirstSendAreServedByOneReceive() throws IOException {
        int n = 50;
        List<SctpMultiChannel> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SctpMultiChannel c = SctpMultiChannel.open();
            toClose.add(c);
            clients.add(c);
            // Unbound: the send binds implicitly and sets the association up.
            MessageInfo out = MessageInfo.createOutgoing(serverAddress(), i % 5).payloadProtocolID(i);
            assertThat(c.send(text("client " + i), out)).isEqualTo(("client " + i).length());
        }
        List<Notification> seen = new ArrayList<>();
        Map<Association, String> byAssociation = new HashMap<>();
        Set<Integer> ppids = new HashSet<>();
        for (int i = 0; i < 10 * n && byAssociation.size() < n; i++) {
            ByteBuffer dst = ByteBuffer.allocate(64);
            MessageInfo info = server.receive(dst, seen, new NotificationRecorder());
            if (info == null) {
                continue;
            }
            assertThat(info.isComplete()).isTrue();
            byAssociation.put(info.association(), new String(dst.array(), 0, info.bytes(), StandardCharsets.UTF_8));
            ppids.add(info.payloadProtocolID());
            assertThat(server.getRemoteAddresses(info.association())).contains(info.address());
        }
        assertThat(byAssociation).hasSize(n);
        assertThat(ppids).hasSize(n);
        assertThat(seen).filteredOn(x -> x instanceof AssociationChangeNotification a && a.event() == AssocChangeEvent.COMM_UP)
                .hasSize(n);
        assertThat(server.associations()).hasSize(n);

        // Answer every client on its association.
        for (Association a : byAssociation.keySet()) {
            server.send(text("reply " + byAssociation.get(a)), MessageInfo.createOutgoing(a, null, 0));
        }
        for (int i = 0; i < n; i++) {
            ByteBuffer dst = ByteBuffer.allocate(64);
            MessageInfo info = null;
            for (int tries = 0; tries < 10 && info == null; tries++) {
                info = clients.get(i).receive(dst, new ArrayList<>(), new NotificationRecorder());
            }
            assertThat(info).isNotNull();
            assertThat(new String(dst.array(), 0, info.bytes(), StandardCharsets.UTF_8)).isEqualTo("reply client " + i);
        }
    }

    @Test
    void branchHandsOneAssociationToItsOwnChannelWithTheDataAlreadyQueued() throws IOException {
        SctpChannel client = SctpChannel.open(serverAddress(), 0, 0);
        toClose.add(client);
        client.send(text("first"), MessageInfo.createOutgoing(null, 0));
        client.send(text("second"), MessageInfo.createOutgoing(null, 0));
        List<Notification> seen = new ArrayList<>();
        ByteBuffer dst = ByteBuffer.allocate(64);
        MessageInfo info = server.receive(dst, seen, new NotificationRecorder());
        assertThat(new String(dst.array(), 0, info.bytes(), StandardCharsets.UTF_8)).isEqualTo("first");
        Association a = info.association();

        SctpChannel branched = server.branch(a);
        toClose.add(branched);
        assertThat(server.associations()).doesNotContain(a);
        assertThat(branched.association().associationID()).isEqualTo(a.associationID());
        ByteBuffer rest = ByteBuffer.allocate(64);
        MessageInfo second = branched.receive(rest, null, null);
        assertThat(new String(rest.array(), 0, second.bytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        branched.send(text("from the branch"), MessageInfo.createOutgoing(null, 0));
        ByteBuffer back = ByteBuffer.allocate(64);
        MessageInfo reply = null;
        for (int i = 0; i < 5 && reply == null; i++) {
            reply = client.receive(back, null, null);
        }
        assertThat(new String(back.array(), 0, reply.bytes(), StandardCharsets.UTF_8)).isEqualTo("from the branch");
    }

    @Test
    void aSendWhereNothingListensGivesCantStartThenTheUnsentBytes() throws IOException {
        int port;
        try (DatagramSocket unused = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            port = unused.getLocalPort();
        }
        SctpMultiChannel c = SctpMultiChannel.open();
        toClose.add(c);
        c.send(text("lost"), MessageInfo.createOutgoing(new InetSocketAddress(LOOPBACK, port), 2));
        List<Notification> seen = new ArrayList<>();
        c.configureBlocking(false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 2 && System.nanoTime() < deadline) {
            c.receive(ByteBuffer.allocate(8), seen, new NotificationRecorder());
            Thread.onSpinWait();
        }
        assertThat(seen).hasSize(2);
        AssociationChangeNotification cant = (AssociationChangeNotification) seen.get(0);
        assertThat(cant.event()).isEqualTo(AssocChangeEvent.CANT_START);
        assertThat(cant.association()).isNull();
        SendFailedNotification failed = (SendFailedNotification) seen.get(1);
        assertThat(failed.association()).isNull();
        assertThat(failed.streamNumber()).isEqualTo(2);
        assertThat(StandardCharsets.UTF_8.decode(failed.buffer()).toString()).isEqualTo("lost");
    }

    @Test
    void shutdownOfOneAssociationLeavesTheChannelOpen() throws IOException {
        SctpChannel client = SctpChannel.open(serverAddress(), 0, 0);
        toClose.add(client);
        client.send(text("hi"), MessageInfo.createOutgoing(null, 0));
        List<Notification> seen = new ArrayList<>();
        MessageInfo info = server.receive(ByteBuffer.allocate(64), seen, new NotificationRecorder());
        server.shutdown(info.association());
        assertThat(server.getRemoteAddresses(info.association())).isEmpty();
        assertThat(server.isOpen()).isTrue();
        List<Notification> clientSeen = new ArrayList<>();
        MessageInfo eof = null;
        for (int i = 0; i < 10 && eof == null; i++) {
            eof = client.receive(ByteBuffer.allocate(64), clientSeen, new NotificationRecorder());
        }
        assertThat(eof.bytes()).isEqualTo(-1);
        assertThat(clientSeen).anyMatch(n -> n instanceof ShutdownNotification);
    }
}
