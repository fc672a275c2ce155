package io.jsst.compat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.socket.JsstServerSocket;
import io.jsst.socket.JsstSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TCP emulation: the same java.net program run on kernel TCP and on jsst (JsstServerSocket and
 * JsstSocket), which must behave alike: bytes, timeouts, half-close.
 */
class TcpEmulationTest {

    /** The two ways to make the sockets; the programs below use only java.net types. */
    enum Sockets {
        KERNEL_TCP, JSST;

        ServerSocket server() throws IOException {
            return this == JSST ? new JsstServerSocket(0, 50, Pair.LOOPBACK) : new ServerSocket(0, 50, Pair.LOOPBACK);
        }

        Socket client(int port) throws IOException {
            return this == JSST ? new JsstSocket(Pair.LOOPBACK, port) : new Socket(Pair.LOOPBACK, port);
        }
    }

    private static final int MIB_64 = 64 * 1024 * 1024;
    private static final int LINE = 1024;

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void aLineEchoClientMoves64MibByteExactBothWays(Sockets sockets) throws Exception {
        try (ServerSocket server = sockets.server()) {
            LineEcho.Result r = LineEcho.run(server, sockets.client(server.getLocalPort()), MIB_64 / LINE, LINE, 60);
            assertThat(r.bytesSent()).isEqualTo(MIB_64);
            assertThat(r.bytesEchoed()).isEqualTo(MIB_64);
            assertThat(r.echoedCrc()).isEqualTo(r.sentCrc());
            assertThat(r.serverLines()).isEqualTo(MIB_64 / LINE);
        }
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void soTimeoutEndsAReadWithSocketTimeoutExceptionAndTheSocketStaysUsable(Sockets sockets) throws Exception {
        try (ServerSocket server = sockets.server();
             Socket client = sockets.client(server.getLocalPort());
             Socket accepted = server.accept()) {
            accepted.setSoTimeout(150);
            assertThat(accepted.getSoTimeout()).isEqualTo(150);
            InputStream in = accepted.getInputStream();
            long t0 = System.nanoTime();
            try {
                in.read();
                throw new AssertionError("read returned without data");
            } catch (SocketTimeoutException e) {
                assertThat(e).hasMessage("Read timed out");
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(100L, 5_000L);
            assertThat(accepted.isClosed()).isFalse();
            client.getOutputStream().write("after the timeout\n".getBytes(StandardCharsets.US_ASCII));
            accepted.setSoTimeout(10_000);
            assertThat(new String(in.readNBytes(18), StandardCharsets.US_ASCII)).isEqualTo("after the timeout\n");
        }
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void halfCloseEndsThePeersInputWhileItCanStillAnswer(Sockets sockets) throws Exception {
        try (ServerSocket server = sockets.server();
             Socket client = sockets.client(server.getLocalPort());
             Socket accepted = server.accept()) {
            accepted.setSoTimeout(10_000);
            client.setSoTimeout(10_000);
            client.getOutputStream().write("request".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertThat(client.isOutputShutdown()).isTrue();
            assertThat(client.isClosed()).isFalse();

            InputStream serverIn = accepted.getInputStream();
            assertThat(new String(serverIn.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("request");
            assertThat(serverIn.read()).isEqualTo(-1);
            accepted.getOutputStream().write("answer after the half-close".getBytes(StandardCharsets.US_ASCII));
            accepted.close();

            assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("answer after the half-close");
            List<String> failures = new ArrayList<>();
            try {
                client.getOutputStream();
            } catch (SocketException e) {
                failures.add(e.getMessage());
            }
            assertThat(failures).containsExactly("Socket output is shutdown");
        }
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void shutdownInputMakesReadsFindTheEnd(Sockets sockets) throws Exception {
        try (ServerSocket server = sockets.server();
             Socket client = sockets.client(server.getLocalPort());
             Socket accepted = server.accept()) {
            InputStream in = accepted.getInputStream();
            accepted.shutdownInput();
            assertThat(accepted.isInputShutdown()).isTrue();
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.read(new byte[0])).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Sockets.class)
    void theSocketsReportTheirAddresses(Sockets sockets) throws Exception {
        try (ServerSocket server = sockets.server();
             Socket client = sockets.client(server.getLocalPort());
             Socket accepted = server.accept()) {
            assertThat(server.getInetAddress()).isEqualTo(Pair.LOOPBACK);
            assertThat(client.isConnected()).isTrue();
            assertThat(client.getInetAddress()).isEqualTo(Pair.LOOPBACK);
            assertThat(client.getPort()).isEqualTo(server.getLocalPort());
            assertThat(client.getLocalAddress()).isEqualTo(Pair.LOOPBACK);
            assertThat(accepted.getPort()).isEqualTo(client.getLocalPort());
            assertThat(accepted.getLocalPort()).isEqualTo(server.getLocalPort());
            assertThat(accepted.getInetAddress()).isEqualTo(Pair.LOOPBACK);
        }
    }
}
