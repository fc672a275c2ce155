package io.jsst.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SctpSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aDatagramGoesEachWayOnTheChosenChannel() throws Exception {
        SctpServer server = new SctpServer();
        server.setMaximumChannelCount(4);
        assertThat(server.listen(LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        try {
            client.connectToHost(LOOPBACK, server.serverPort());
            assertThat(client.waitForConnected(WAIT)).isTrue();
            assertThat(server.waitForNewConnection(WAIT)).isTrue();
            SctpSocket accepted = server.nextPendingDatagramConnection();
            assertThat(client.writeChannelCount()).isEqualTo(4);
            assertThat(accepted.readChannelCount()).isEqualTo(4);

            client.setCurrentWriteChannel(2);
            assertThat(client.writeDatagram(new NetworkDatagram("hello".getBytes(StandardCharsets.UTF_8)))).isTrue();
            accepted.setCurrentReadChannel(2);
            assertThat(accepted.waitForReadyRead(WAIT)).isTrue();
            NetworkDatagram d = accepted.readDatagram();
            assertThat(d.isValid()).isTrue();
            assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(d.senderPort()).isEqualTo(client.localPort());

            accepted.setCurrentWriteChannel(3);
            assertThat(accepted.writeDatagram(d.makeReply("back".getBytes(StandardCharsets.UTF_8)))).isTrue();
            client.setCurrentReadChannel(3);
            assertThat(client.waitForReadyRead(WAIT)).isTrue();
            assertThat(client.readDatagram().data()).isEqualTo("back".getBytes(StandardCharsets.UTF_8));
            accepted.close();
        } finally {
            client.abort();
            server.close();
        }
    }

    @Test
    void aByteStreamCarriesLinesAndEndsWithTheEndOfInput() throws Exception {
        try (JsstServerSocket server = new JsstServerSocket(0, 50, LOOPBACK);
             JsstSocket client = new JsstSocket(LOOPBACK, server.getLocalPort())) {
            server.setSoTimeout(10_000);
            try (JsstSocket accepted = server.accept()) {
                client.getOutputStream().write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
                client.shutdownOutput();
                byte[] all = accepted.getInputStream().readAllBytes();
                assertThat(new String(all, StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
                accepted.getOutputStream().write("back".getBytes(StandardCharsets.UTF_8));
                accepted.close();
                assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("back");
            }
        }
    }
}
