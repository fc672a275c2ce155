package io.jsst.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class NetworkDatagramTest {

    @Test
    void aDatagramIsValidWhenItHasAnAddressAsQtSays() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertThat(new NetworkDatagram().isValid()).isFalse();
        assertThat(new NetworkDatagram().isNull()).isTrue();
        assertThat(new NetworkDatagram(new byte[] {1}).isValid()).isFalse();
        assertThat(new NetworkDatagram(new byte[0], a, 7).isValid()).isTrue();
        assertThat(new NetworkDatagram(new byte[] {1}, a, 7).destinationPort()).isEqualTo(7);
        assertThat(new NetworkDatagram(new byte[] {1}).destinationPort()).isEqualTo(-1);
    }

    @Test
    void thePayloadIsCopiedInAndOut() {
        byte[] data = {1, 2, 3};
        NetworkDatagram d = new NetworkDatagram(data);
        data[0] = 9;
        d.data()[1] = 9;
        assertThat(d.data()).containsExactly(1, 2, 3);
        assertThat(d.size()).isEqualTo(3);
    }

    @Test
    void aReplyGoesToTheSenderAndKeepsAnIpv4DestinationOutOfItsSender() throws Exception {
        InetAddress peer = InetAddress.getByName("192.0.2.1");
        InetAddress me = InetAddress.getByName("192.0.2.2");
        NetworkDatagram received = NetworkDatagram.received(new byte[] {1}, peer, 1000, me, 2000);
        NetworkDatagram reply = received.makeReply(new byte[] {2});
        assertThat(reply.destinationAddress()).isEqualTo(peer);
        assertThat(reply.destinationPort()).isEqualTo(1000);
        assertThat(reply.senderAddress()).isNull();
        assertThat(reply.data()).containsExactly(2);

        InetAddress global6 = InetAddress.getByName("2001:db8::2");
        NetworkDatagram over6 = NetworkDatagram.received(new byte[] {1}, InetAddress.getByName("2001:db8::1"), 1000,
                global6, 2000).makeReply(new byte[0]);
        assertThat(over6.senderAddress()).isEqualTo(global6);
        assertThat(over6.senderPort()).isEqualTo(2000);
    }

    @Test
    void nullDataIsRefused() {
        assertThatThrownBy(() -> new NetworkDatagram(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new NetworkDatagram(new byte[0]).makeReply(null))
                .isInstanceOf(NullPointerException.class);
    }
}
