package io.jsst.compat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.socket.NetworkDatagram;
import io.jsst.socket.SctpSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The channel-count rule, cell by cell: server -1/0/5 against client -1/0/3. A TCP-emulation end
 * counts as one channel; 0 takes the peer's value; 0 against 0 gives 10 each way.
 */
class ChannelCountMatrixTest {

    @ParameterizedTest(name = "server {0}, client {1}: {2} channels each way")
    @CsvSource({
            "-1, -1, 1",
            "-1,  0, 1",
            "-1,  3, 1",
            " 0, -1, 1",
            " 0,  0, 10",
            " 0,  3, 3",
            " 5, -1, 1",
            " 5,  0, 5",
            " 5,  3, 3"})
    void bothEndsAgreeOnTheCountsAndDataFlowsBothWays(int serverCount, int clientCount, int channels) throws Exception {
        try (Pair p = Pair.connect(serverCount, clientCount)) {
            for (SctpSocket end : new SctpSocket[] {p.client, p.accepted}) {
                assertThat(end.readChannelCount()).as("read channels").isEqualTo(channels);
                assertThat(end.writeChannelCount()).as("write channels").isEqualTo(channels);
            }
            assertThat(p.client.isInDatagramMode()).isEqualTo(clientCount >= 0);
            assertThat(p.accepted.isInDatagramMode()).isEqualTo(serverCount >= 0);
            assertThat(p.client.maximumChannelCount()).isEqualTo(clientCount);
            assertThat(p.accepted.maximumChannelCount()).isEqualTo(serverCount);

            send(p.client, channels - 1, "from the client");
            assertThat(receive(p.accepted, channels - 1, "from the client".length())).isEqualTo("from the client");
            send(p.accepted, channels - 1, "from the server");
            assertThat(receive(p.client, channels - 1, "from the server".length())).isEqualTo("from the server");
        }
    }

    /** A datagram on the last channel, or a write on the byte stream. */
    private static void send(SctpSocket s, int channel, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (s.isInDatagramMode()) {
            s.setCurrentWriteChannel(channel);
            assertThat(s.writeDatagram(new NetworkDatagram(bytes))).isTrue();
        } else {
            assertThat(s.write(bytes)).isEqualTo(bytes.length);
        }
    }

    private static String receive(SctpSocket s, int channel, int length) throws Exception {
        if (s.isInDatagramMode()) {
            s.setCurrentReadChannel(channel);
            assertThat(s.waitForReadyRead(Pair.WAIT)).isTrue();
            NetworkDatagram d = s.readDatagram();
            assertThat(d.isValid()).isTrue();
            return new String(d.data(), StandardCharsets.UTF_8);
        }
        return new String(s.getInputStream().readNBytes(length), StandardCharsets.UTF_8);
    }
}
