package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpServerChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A one-thread non-blocking echo server on a selector from jsst's provider, serving 200 clients at once. */
class SelectorEchoServerTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void oneSelectorThreadServesTwoHundredClients() throws Exception {
        try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             Selector selector = SctpChannel.open().provider().openSelector()) {
            SelectorEchoServer echo = new SelectorEchoServer(selector, server, null);
            Thread t = new Thread(echo, "echo-server");
            t.start();
            try {
                SelectorEchoClients.run(server.getAllLocalAddresses().iterator().next(), 200, 5);
            } finally {
                echo.stop();
                t.join(10_000);
            }
            assertThat(echo.failure).isNull();
            assertThat(echo.accepted.get()).isEqualTo(200);
            assertThat(echo.commUps.get()).isEqualTo(200);
            assertThat(echo.readableOnAccept.get()).isEqualTo(200);
        }
    }
}
