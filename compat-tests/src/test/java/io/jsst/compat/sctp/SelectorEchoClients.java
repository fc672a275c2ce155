package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.SctpChannel;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Many blocking SCTP clients at once against an echo server: every message comes back on its stream, in order. */
final class SelectorEchoClients {

    private SelectorEchoClients() {
    }

    static void run(SocketAddress server, int clients, int messagesEach) throws IOException {
        List<SctpChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                channels.add(SctpChannel.open(server, 4, 4));
            }
            for (int m = 0; m < messagesEach; m++) {
                for (int i = 0; i < clients; i++) {
                    String text = "client " + i + " message " + m;
                    MessageInfo info = MessageInfo.createOutgoing(null, m % 4).payloadProtocolID(i);
                    channels.get(i).send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), info);
                }
            }
            for (int i = 0; i < clients; i++) {
                int[] next = new int[4];
                for (int got = 0, tries = 0; got < messagesEach && tries < 10 * messagesEach + 10; tries++) {
                    ByteBuffer buf = ByteBuffer.allocate(256);
                    MessageInfo info = channels.get(i).receive(buf, null, null);
                    if (info == null) {
                        continue;
                    }
                    int stream = info.streamNumber();
                    int m = next[stream] * 4 + stream;
                    next[stream]++;
                    assertThat(new String(buf.array(), 0, info.bytes(), StandardCharsets.UTF_8))
                            .isEqualTo("client " + i + " message " + m);
                    assertThat(info.payloadProtocolID()).isEqualTo(i);
                    got++;
                }
                assertThat(next[0] + next[1] + next[2] + next[3]).as("echoes to client %d", i).isEqualTo(messagesEach);
            }
        } finally {
            for (SctpChannel c : channels) {
                c.close();
            }
        }
    }
}
