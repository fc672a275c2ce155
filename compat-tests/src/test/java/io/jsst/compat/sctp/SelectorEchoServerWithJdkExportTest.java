package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jsst.nio.JdkSelectorSupport;
import io.jsst.sctp.SctpServerChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same echo server with the JDK's own selector ({@code Selector.open()}), which serves jsst's
 * channels when the JVM runs with {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (this
 * class runs in the surefire execution that passes it), beside a plain TCP listener.
 */
class SelectorEchoServerWithJdkExportTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theJdksSelectorServesTwoHundredSctpClientsAndATcpClient() throws Exception {
        // Skipped only when picked by -Dtest into the default execution, which has no export.
        assumeTrue(JdkSelectorSupport.isAvailable(), "needs --add-exports java.base/sun.nio.ch=ALL-UNNAMED");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress(loopback, 0));
             ServerSocketChannel tcp = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
             Selector selector = Selector.open()) {
            SelectorEchoServer echo = new SelectorEchoServer(selector, server, tcp);
            Thread t = new Thread(echo, "echo-server");
            t.start();
            try (SocketChannel tcpClient = SocketChannel.open(tcp.getLocalAddress())) {
                SelectorEchoClients.run(server.getAllLocalAddresses().iterator().next(), 200, 5);
                byte[] hello = "plain TCP on the same selector".getBytes(StandardCharsets.UTF_8);
                tcpClient.write(ByteBuffer.wrap(hello));
                ByteBuffer back = ByteBuffer.allocate(hello.length);
                for (int i = 0; i < 1000 && back.hasRemaining(); i++) {
                    if (tcpClient.read(back) < 0) {
                        break;
                    }
                }
                assertThat(back.array()).isEqualTo(hello);
            } finally {
                echo.stop();
                t.join(10_000);
            }
            assertThat(echo.failure).isNull();
            assertThat(echo.accepted.get()).isEqualTo(200);
            assertThat(echo.commUps.get()).isEqualTo(200);
        }
    }
}
