package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpServerChannel;
import io.jsst.sctp.SctpStandardSocketOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A non-blocking sender that found too little room, as Netty's NIO transport does it: a send that
 * takes nothing, OP_WRITE, the same message again when the selector says so. The selector must
 * not report the channel writable again before acknowledgements made room, or the sender spins.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SctpChannelBackPressureTest {

    private static final int MESSAGES = 100;
    private static final int MESSAGE_BYTES = 3_000;
    private static final int SEND_BUFFER = 4_096;

    @Test
    void aRefusedSendIsNotSelectedWritableAgainBeforeAnAcknowledgementMadeRoom() throws Exception {
        try (SctpServerChannel server = SctpServerChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SctpChannel client = SctpChannel.open()) {
            client.setOption(SctpStandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
            client.connect(server.getAllLocalAddresses().iterator().next());
            SctpChannel accepted = server.accept();
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> receiveAll(accepted));

            client.configureBlocking(false);
            int refusals = 0;
            int messagesRefused = 0;
            try (Selector selector = client.provider().openSelector()) {
                client.register(selector, SelectionKey.OP_WRITE);
                for (int i = 0; i < MESSAGES; i++) {
                    ByteBuffer message = ByteBuffer.allocate(MESSAGE_BYTES);
                    boolean refused = false;
                    for (int attempt = 0; client.send(message, MessageInfo.createOutgoing(null, 0)) == 0; attempt++) {
                        assertThat(attempt).as("attempts at message %d", i).isLessThan(100_000);
                        refusals++;
                        refused = true;
                        selector.selectedKeys().clear();
                        assertThat(selector.select(5_000)).as("writable within 5 s").isPositive();
                    }
                    messagesRefused += refused ? 1 : 0;
                }
            }
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(MESSAGES);
            assertThat(messagesRefused).as("messages that met back-pressure").isPositive();
            // Each refused message is refused once, and again only if an acknowledgement made too little room.
            assertThat(refusals).as("refused sends for %d refused messages", messagesRefused)
                    .isLessThan(2 * messagesRefused);
            accepted.close();
        }
    }

    private static int receiveAll(SctpChannel ch) {
        ByteBuffer dst = ByteBuffer.allocate(MESSAGE_BYTES);
        int messages = 0;
        try {
            for (int calls = 0; messages < MESSAGES && calls < 10 * MESSAGES; calls++) {
                dst.clear();
                MessageInfo info = ch.receive(dst, null, null);
                if (info != null && info.isComplete() && info.bytes() > 0) {
                    messages++;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return messages;
    }
}
