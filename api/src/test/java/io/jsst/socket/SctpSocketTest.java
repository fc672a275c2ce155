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

    @Test
    void aDatagramLargerThanTheReadBufferStillArrivesWhole() throws Exception {
        SctpServer server = new SctpServer();
        assertThat(server.listen(LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        try {
            client.connectToHost(LOOPBACK, server.serverPort());
            assertThat(client.waitForConnected(WAIT)).isTrue();
            assertThat(server.waitForNewConnection(WAIT)).isTrue();
            SctpSocket accepted = server.nextPendingDatagramConnection();
            byte[] big = new byte[SctpSocket.READ_BUFFER_LIMIT + 1_000_000];
            new java.util.Random(1).nextBytes(big);
            assertThat(client.writeDatagram(new NetworkDatagram(big))).isTrue();
            assertThat(client.writeDatagram(new NetworkDatagram(new byte[] {7}))).isTrue();
            NetworkDatagram d = accepted.readDatagram();
            for (int i = 0; i < 100 && !d.isValid(); i++) {
                accepted.waitForReadyRead(Duration.ofMillis(200));
                d = accepted.readDatagram();
            }
            assertThat(d.data()).isEqualTo(big);
            assertThat(accepted.waitForReadyRead(WAIT)).isTrue();
            assertThat(accepted.readDatagram().data()).containsExactly(7);
            accepted.abort();
        } finally {
            client.abort();
            server.close();
        }
    }

    @Test
    void listenersRunOnTheExecutorTheyWereRegisteredWith() throws Exception {
        java.util.concurrent.ExecutorService mine = java.util.concurrent.Executors.newSingleThreadExecutor(
                r -> new Thread(r, "chosen-executor"));
        SctpServer server = new SctpServer();
        assertThat(server.listen(LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        try {
            java.util.concurrent.CompletableFuture<String> thread = new java.util.concurrent.CompletableFuture<>();
            client.addListener(new SctpSocketListener() {
                @Override
                public void connected() {
                    thread.complete(Thread.currentThread().getName());
                }
            }, mine);
            client.connectToHost(LOOPBACK, server.serverPort());
            assertThat(thread.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("chosen-executor");
        } finally {
            client.abort();
            server.close();
            mine.shutdown();
        }
    }

    @Test
    void misuseIsRefusedWithTheDocumentedExceptions() {
        SctpSocket socket = new SctpSocket();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connectToHost("localhost", 65536))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.connectToHost((String) null, 1))
                .isInstanceOf(NullPointerException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.setCurrentReadChannel(-1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.writeDatagram(null))
                .isInstanceOf(NullPointerException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> socket.read(new byte[2], 1, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
        socket.setMaximumChannelCount(-9);
        assertThat(socket.maximumChannelCount()).isEqualTo(-1);
        assertThat(socket.isInDatagramMode()).isFalse();
    }

    @Test
    void aServerThatListensAlreadyAnswersFalseAndAPortInUseGivesAddressInUse() {
        SctpServer server = new SctpServer();
        SctpServer second = new SctpServer();
        try {
            assertThat(server.listen(LOOPBACK, 0)).isTrue();
            assertThat(server.listen(LOOPBACK, 0)).isFalse();
            assertThat(second.listen(LOOPBACK, server.serverPort())).isFalse();
            assertThat(second.serverError()).isEqualTo(SocketError.ADDRESS_IN_USE);
            assertThat(second.isListening()).isFalse();
        } finally {
            server.close();
        }
    }

    @Test
    void disconnectingWithNothingWrittenIsImmediate() {
        SctpServer server = new SctpServer();
        assertThat(server.listen(LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        try {
            client.connectToHost(LOOPBACK, server.serverPort());
            assertThat(client.waitForConnected(WAIT)).isTrue();
            client.disconnectFromHost();
            assertThat(client.state()).isEqualTo(SocketState.UNCONNECTED);
            assertThat(client.writeChannelCount()).isZero();
            assertThat(client.waitForDisconnected(Duration.ofMillis(10))).isFalse();
        } finally {
            client.abort();
            server.close();
        }
    }

    @Test
    void aPeerAbortIsSeenEvenWhileTheReadBufferIsFull() throws Exception {
        SctpServer server = new SctpServer();
        server.setMaximumChannelCount(-1);
        assertThat(server.listen(LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        client.setMaximumChannelCount(-1);
        try {
            client.connectToHost(LOOPBACK, server.serverPort());
            assertThat(client.waitForConnected(WAIT)).isTrue();
            assertThat(server.waitForNewConnection(WAIT)).isTrue();
            SctpSocket accepted = server.nextPendingConnection();
            java.util.concurrent.CompletableFuture<Void> full = new java.util.concurrent.CompletableFuture<>();
            client.addListener(new SctpSocketListener() {
                @Override
                public void readyRead() {
                    if (client.bytesAvailable() >= SctpSocket.READ_BUFFER_LIMIT) {
                        full.complete(null);
                    }
                }
            });
            byte[] block = new byte[64 * 1024];
            java.io.OutputStream out = accepted.getOutputStream();
            for (int i = 0; i < (SctpSocket.READ_BUFFER_LIMIT + AssociationHostBuffer.SIZE) / block.length + 8; i++) {
                out.write(block);
            }
            // The client reads nothing: its read buffer fills, the rest waits in the association.
            full.get(10, java.util.concurrent.TimeUnit.SECONDS);
            accepted.abort();
            // false at once if it is unconnected already (as Qt's): then the state says so
            assertThat(client.waitForDisconnected(WAIT) || client.state() == SocketState.UNCONNECTED).isTrue();
            assertThat(client.error()).isEqualTo(SocketError.REMOTE_HOST_CLOSED);
        } finally {
            client.abort();
            server.close();
        }
    }

    @Test
    void aServerListensAgainAfterClosingWhileItsEarlierSocketsGoOn() throws Exception {
        SctpServer server = new SctpServer();
        SctpSocket first = new SctpSocket();
        SctpSocket second = new SctpSocket();
        try {
            assertThat(server.listen(LOOPBACK, 0)).isTrue();
            first.connectToHost(LOOPBACK, server.serverPort());
            assertThat(first.waitForConnected(WAIT)).isTrue();
            assertThat(server.waitForNewConnection(WAIT)).isTrue();
            SctpSocket firstAccepted = server.nextPendingConnection();
            server.close();

            assertThat(server.listen(LOOPBACK, 0)).isTrue();
            second.connectToHost(LOOPBACK, server.serverPort());
            assertThat(second.waitForConnected(WAIT)).isTrue();
            assertThat(server.waitForNewConnection(WAIT)).isTrue();
            SctpSocket secondAccepted = server.nextPendingConnection();

            assertThat(first.writeDatagram(new NetworkDatagram(new byte[] {1}))).isTrue();
            assertThat(second.writeDatagram(new NetworkDatagram(new byte[] {2}))).isTrue();
            assertThat(firstAccepted.waitForReadyRead(WAIT)).isTrue();
            assertThat(secondAccepted.waitForReadyRead(WAIT)).isTrue();
            assertThat(firstAccepted.readDatagram().data()).containsExactly(1);
            assertThat(secondAccepted.readDatagram().data()).containsExactly(2);
            firstAccepted.abort();
            secondAccepted.abort();
        } finally {
            first.abort();
            second.abort();
            server.close();
        }
    }

    /** The association's own inbound queue, which holds data beyond the socket's read buffer. */
    private static final class AssociationHostBuffer {
        static final int SIZE = io.jsst.association.AssociationHost.DEFAULT_RECEIVE_BUFFER;
    }
}
