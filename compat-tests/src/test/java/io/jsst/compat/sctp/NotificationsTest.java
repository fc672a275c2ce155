package io.jsst.compat.sctp;

import static io.jsst.compat.sctp.AssociationTest.objectIdentity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent;
import io.jsst.sctp.PeerAddressChangeNotification.AddressChangeEvent;
import io.jsst.sctp.impl.AssociationChangeNotificationImpl;
import io.jsst.sctp.impl.AssociationImpl;
import io.jsst.sctp.impl.PeerAddressChangeNotificationImpl;
import io.jsst.sctp.impl.SendFailedNotificationImpl;
import io.jsst.sctp.impl.ShutdownNotificationImpl;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * jsst's notifications report what they were made with, and print themselves as the JDK's implementation
 * classes (sun.nio.ch.sctp.*) do on JDK 17.0.15; those classes cannot be made without a kernel, so their
 * forms are written out here.
 */
class NotificationsTest {
    private static final SocketAddress PEER = new InetSocketAddress("127.0.0.1", 5);
    private static final io.jsst.sctp.Association ASSOCIATION = new AssociationImpl(3, 4, 5);

    @Test
    void anAssociationChangeHasItsAssociationAndEvent() {
        AssociationChangeNotificationImpl up = new AssociationChangeNotificationImpl(ASSOCIATION, AssocChangeEvent.COMM_UP);
        AssociationChangeNotificationImpl cantStart = new AssociationChangeNotificationImpl(null,
                AssocChangeEvent.CANT_START);

        assertThat(up.association()).isSameAs(ASSOCIATION);
        assertThat(up.event()).isEqualTo(AssocChangeEvent.COMM_UP);
        assertThat(cantStart.toString()).isEqualTo(objectIdentity(cantStart) + " [Association:null, Event: CANT_START]");
        assertThatThrownBy(() -> new AssociationChangeNotificationImpl(ASSOCIATION, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aPeerAddressChangeHasItsAssociationAddressAndEvent() {
        PeerAddressChangeNotificationImpl change = new PeerAddressChangeNotificationImpl(null, PEER,
                AddressChangeEvent.ADDR_MADE_PRIMARY);

        assertThat(change.address()).isSameAs(PEER);
        assertThat(change.association()).isNull();
        assertThat(change.event()).isEqualTo(AddressChangeEvent.ADDR_MADE_PRIMARY);
        assertThat(change.toString()).isEqualTo(objectIdentity(change)
                + " [Address: /127.0.0.1:5, Association:null, Event: ADDR_MADE_PRIMARY]");
    }

    @Test
    void aSendFailureHandsBackTheUnsentBufferItself() {
        ByteBuffer unsent = ByteBuffer.allocate(3);
        SendFailedNotificationImpl failed = new SendFailedNotificationImpl(null, PEER, unsent, 4, 5);

        assertThat(failed.buffer()).isSameAs(unsent);
        assertThat(failed.errorCode()).isEqualTo(4);
        assertThat(failed.streamNumber()).isEqualTo(5);
        assertThat(failed.toString()).isEqualTo(objectIdentity(failed) + " [Association:null, Address: /127.0.0.1:5,"
                + " buffer: java.nio.HeapByteBuffer[pos=0 lim=3 cap=3], errorCode: 4, streamNumber: 5]");
    }

    @Test
    void aShutdownHasItsAssociation() {
        ShutdownNotificationImpl shutdown = new ShutdownNotificationImpl(ASSOCIATION);

        assertThat(shutdown.association()).isSameAs(ASSOCIATION);
        assertThat(shutdown.toString()).isEqualTo(objectIdentity(shutdown) + " [Association:" + ASSOCIATION + "]");
    }
}
