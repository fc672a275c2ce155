package io.jsst.compat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.SctpChannel;
import io.jsst.socket.NetworkDatagram;
import io.jsst.socket.SctpServer;
import io.jsst.socket.SctpSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Both faces share the association layer: a JDK-style SctpChannel talks to a Qt-style SctpServer. */
class InteropWithSctpChannelTest {

    @Test
    void anSctpChannelAndAnSctpSocketExchangeMessagesOnTheSameStream() throws Exception {
        SctpServer server = new SctpServer();
        server.setMaximumChannelCount(4);
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        try (SctpChannel channel = SctpChannel.open(new InetSocketAddress(Pair.LOOPBACK, server.serverPort()), 4, 4)) {
            assertThat(server.waitForNewConnection(Pair.WAIT)).isTrue();
            SctpSocket accepted = server.nextPendingDatagramConnection();
            assertThat(accepted.readChannelCount()).isEqualTo(4);

            channel.send(ByteBuffer.wrap("from SctpChannel".getBytes(StandardCharsets.UTF_8)),
                    MessageInfo.createOutgoing(null, 2));
            accepted.setCurrentReadChannel(2);
            assertThat(accepted.waitForReadyRead(Pair.WAIT)).isTrue();
            NetworkDatagram d = accepted.readDatagram();
            assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("from SctpChannel");

            accepted.setCurrentWriteChannel(3);
            assertThat(accepted.writeDatagram(d.makeReply("from SctpSocket".getBytes(StandardCharsets.UTF_8)))).isTrue();
            ByteBuffer buf = ByteBuffer.allocate(100);
            MessageInfo info;
            do {
                info = channel.receive(buf, null, null);
            } while (info != null && info.bytes() == 0);
            assertThat(info).isNotNull();
            assertThat(info.streamNumber()).isEqualTo(3);
            assertThat(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8)).isEqualTo("from SctpSocket");
            accepted.abort();
        } finally {
            server.close();
        }
    }
}
