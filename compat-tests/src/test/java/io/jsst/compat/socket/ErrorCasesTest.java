package io.jsst.compat.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.socket.JsstServerSocket;
import io.jsst.socket.JsstSocket;
import io.jsst.socket.NetworkDatagram;
import io.jsst.socket.SctpSocket;
import io.jsst.socket.SctpSocketListener;
import io.jsst.socket.SocketError;
import io.jsst.socket.SocketState;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The errors a Qt or java.net user expects: refused connections, a peer that aborts, writes after close. */
class ErrorCasesTest {

    /** A UDP port on 127.0.0.1 where nothing listens (bound, then released). */
    private static int deadPort() throws Exception {
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(Pair.LOOPBACK, 0))) {
            return d.getLocalPort();
        }
    }

    @Test
    void connectingWhereNoServerListensGivesConnectionRefused() throws Exception {
        SctpSocket socket = new SctpSocket();
        CountDownLatch errorSeen = new CountDownLatch(1);
        socket.addListener(new SctpSocketListener() {
            @Override
            public void errorOccurred(SocketError error) {
                if (error == SocketError.CONNECTION_REFUSED) {
                    errorSeen.countDown();
                }
            }
        });
        socket.connectToHost("127.0.0.1", deadPort());

        assertThat(socket.waitForConnected(Pair.WAIT)).isFalse();
        assertThat(socket.state()).isEqualTo(SocketState.UNCONNECTED);
        assertThat(socket.error()).isEqualTo(SocketError.CONNECTION_REFUSED);
        assertThat(socket.errorString()).isEqualTo("Connection refused");
        assertThat(errorSeen.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aJsstSocketToAPortWithNoServerThrowsConnectExceptionAsJavaNetDoes() throws Exception {
        int port = deadPort();
        assertThatThrownBy(() -> new JsstSocket(Pair.LOOPBACK, port))
                .isInstanceOf(ConnectException.class).hasMessage("Connection refused");
        int tcpPort;
        try (ServerSocket s = new ServerSocket(0, 1, Pair.LOOPBACK)) {
            tcpPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> new Socket(Pair.LOOPBACK, tcpPort))
                .isInstanceOf(ConnectException.class).hasMessageStartingWith("Connection refused");
    }

    @Test
    void aPeerThatAbortsMidTransferGivesRemoteHostClosed() throws Exception {
        try (Pair p = Pair.connect(4, 4)) {
            CountDownLatch disconnected = new CountDownLatch(1);
            p.client.addListener(new SctpSocketListener() {
                @Override
                public void disconnected() {
                    disconnected.countDown();
                }
            });
            byte[] payload = new byte[1000];
            for (int i = 0; i < 200; i++) {
                assertThat(p.client.writeDatagram(new NetworkDatagram(payload))).isTrue();
            }
            assertThat(p.accepted.waitForReadyRead(Pair.WAIT)).isTrue();
            p.accepted.abort();

            // false at once if it is unconnected already (as Qt's): then the state says so
            assertThat(p.client.waitForDisconnected(Pair.WAIT) || p.client.state() == SocketState.UNCONNECTED).isTrue();
            assertThat(p.client.state()).isEqualTo(SocketState.UNCONNECTED);
            assertThat(p.client.error()).isEqualTo(SocketError.REMOTE_HOST_CLOSED);
            assertThat(p.client.errorString()).isEqualTo("The remote host closed the connection");
            assertThat(disconnected.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(p.client.writeDatagram(new NetworkDatagram(payload))).isFalse();
        }
    }

    @Test
    void aJsstSocketWhosePeerResetsReadsConnectionResetAsJavaNetDoes() throws Exception {
        try (JsstServerSocket server = new JsstServerSocket(0, 50, Pair.LOOPBACK)) {
            assertThat(readAfterPeerReset(server, new JsstSocket(Pair.LOOPBACK, server.getLocalPort())))
                    .isEqualTo("Connection reset");
        }
        try (ServerSocket server = new ServerSocket(0, 50, Pair.LOOPBACK)) {
            assertThat(readAfterPeerReset(server, new Socket(Pair.LOOPBACK, server.getLocalPort())))
                    .isEqualTo("Connection reset");
        }
    }

    /** The peer writes, then closes with SO_LINGER 0 (a reset); the message of the read's exception. */
    private static String readAfterPeerReset(ServerSocket server, Socket client) throws Exception {
        try (client; Socket accepted = server.accept()) {
            accepted.getOutputStream().write(new byte[100]);
            InputStream in = client.getInputStream();
            client.setSoTimeout(10_000);
            in.readNBytes(100);
            accepted.setSoLinger(true, 0);
            accepted.close();
            try {
                while (in.read() >= 0) {
                    // a reset may first show as the end of the input on some systems; keep reading
                }
                return "end of input";
            } catch (SocketException e) {
                return e.getMessage();
            }
        }
    }

    @Test
    void writingAfterCloseFailsWithoutAnException() {
        try (Pair p = Pair.connect(0, 0)) {
            p.client.close();
            assertThat(p.client.writeDatagram(new NetworkDatagram(new byte[] {1}))).isFalse();
            assertThat(p.client.write(new byte[] {1})).isEqualTo(-1);
            assertThat(p.client.error()).isEqualTo(SocketError.OPERATION);
        }
    }

    @Test
    void writingToAClosedJsstSocketThrowsAsJavaNetDoes() throws Exception {
        try (JsstServerSocket server = new JsstServerSocket(0, 50, Pair.LOOPBACK)) {
            assertThat(writeAfterClose(server, new JsstSocket(Pair.LOOPBACK, server.getLocalPort())))
                    .isEqualTo("Socket closed / Socket is closed");
        }
        try (ServerSocket server = new ServerSocket(0, 50, Pair.LOOPBACK)) {
            assertThat(writeAfterClose(server, new Socket(Pair.LOOPBACK, server.getLocalPort())))
                    .isEqualTo("Socket closed / Socket is closed");
        }
    }

    private static String writeAfterClose(ServerSocket server, Socket client) throws Exception {
        try (Socket accepted = server.accept()) {
            OutputStream out = client.getOutputStream();
            client.close();
            String first;
            try {
                out.write(1);
                first = "no exception";
            } catch (SocketException e) {
                first = e.getMessage();
            }
            String second;
            try {
                client.getOutputStream();
                second = "no exception";
            } catch (SocketException e) {
                second = e.getMessage();
            }
            return first + " / " + second;
        }
    }

    @Test
    void anAcceptTimesOutAsJavaNetDoes() throws Exception {
        try (ServerSocket jsst = new JsstServerSocket(0, 50, Pair.LOOPBACK);
             ServerSocket tcp = new ServerSocket(0, 50, Pair.LOOPBACK)) {
            for (ServerSocket s : new ServerSocket[] {jsst, tcp}) {
                s.setSoTimeout(100);
                assertThatThrownBy(s::accept).isInstanceOf(java.net.SocketTimeoutException.class)
                        .hasMessage("Accept timed out");
            }
        }
    }

    @Test
    void waitingForAConnectionThatCannotComeIsBounded() {
        SctpSocket socket = new SctpSocket();
        long t0 = System.nanoTime();
        assertThat(socket.waitForConnected(Duration.ofMillis(50))).isFalse();
        assertThat(socket.waitForReadyRead(Duration.ofMillis(50))).isFalse();
        assertThat(socket.waitForDisconnected(Duration.ofMillis(50))).isFalse();
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(2));
    }
}
