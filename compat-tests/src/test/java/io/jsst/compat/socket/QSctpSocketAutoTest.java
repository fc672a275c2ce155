package io.jsst.compat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.socket.NetworkDatagram;
import io.jsst.socket.SctpServer;
import io.jsst.socket.SctpSocket;
import io.jsst.socket.SctpSocketListener;
import io.jsst.socket.SocketError;
import io.jsst.socket.SocketState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Qt's own auto tests of QSctpSocket (qtbase tst_qsctpsocket), in Java over jsst. */
class QSctpSocketAutoTest {

    @Test
    void constructing() {
        SctpSocket socket = new SctpSocket();
        assertThat(socket.state()).isEqualTo(SocketState.UNCONNECTED);
        assertThat(socket.isSequential()).isTrue();
        assertThat(socket.isOpen()).isFalse();
        assertThat(socket.isValid()).isFalse();
        assertThat(socket.isInDatagramMode()).isTrue();
        assertThat(socket.maximumChannelCount()).isZero();
        assertThat(socket.readChannelCount()).isZero();
        assertThat(socket.writeChannelCount()).isZero();
        assertThat(socket.read(new byte[1])).isEqualTo(-1);
        assertThat(socket.bytesAvailable()).isZero();
        assertThat(socket.canReadLine()).isFalse();
        assertThat(socket.readLine()).isEmpty();
        assertThat(socket.localPort()).isZero();
        assertThat(socket.peerPort()).isZero();
        assertThat(socket.localAddress()).isNull();
        assertThat(socket.peerAddress()).isNull();
        assertThat(socket.error()).isEqualTo(SocketError.UNKNOWN_SOCKET);
        assertThat(socket.errorString()).isEqualTo("Unknown error");
    }

    @Test
    void hostNotFound() {
        SctpSocket socket = new SctpSocket();
        socket.connectToHost("nosuchhost.invalid", 80);
        assertThat(socket.waitForConnected(Pair.WAIT)).isFalse();
        assertThat(socket.state()).isEqualTo(SocketState.UNCONNECTED);
        assertThat(socket.error()).isEqualTo(SocketError.HOST_NOT_FOUND);
        assertThat(socket.errorString()).isEqualTo("Host not found");
    }

    @Test
    void connectingPassesThroughHostLookupAndConnecting() throws Exception {
        SctpServer server = new SctpServer();
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        SctpSocket socket = new SctpSocket();
        List<SocketState> states = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> connected = new CompletableFuture<>();
        socket.addListener(new SctpSocketListener() {
            @Override
            public void stateChanged(SocketState state) {
                states.add(state);
            }

            @Override
            public void connected() {
                connected.complete(null);
            }
        });
        try {
            socket.connectToHost("127.0.0.1", server.serverPort());
            assertThat(socket.waitForConnected(Pair.WAIT)).isTrue();
            connected.get(10, TimeUnit.SECONDS);
            assertThat(states).containsExactly(SocketState.HOST_LOOKUP, SocketState.CONNECTING, SocketState.CONNECTED);
            assertThat(server.waitForNewConnection(Pair.WAIT)).isTrue();
            SctpSocket accepted = server.nextPendingDatagramConnection();
            assertThat(accepted.state()).isEqualTo(SocketState.CONNECTED);
            assertThat(socket.readChannelCount()).isEqualTo(accepted.readChannelCount());
            assertThat(socket.writeChannelCount()).isEqualTo(accepted.writeChannelCount());
            assertThat(socket.peerPort()).isEqualTo(server.serverPort());
            assertThat(accepted.peerPort()).isEqualTo(socket.localPort());
            accepted.abort();
        } finally {
            socket.abort();
            server.close();
        }
    }

    @Test
    void serverCountSixteenAgainstAClientOfDefaultCount() {
        try (Pair p = Pair.connect(16, 0)) {
            assertThat(p.client.readChannelCount()).isEqualTo(16);
            assertThat(p.client.writeChannelCount()).isLessThanOrEqualTo(16);
            assertThat(p.accepted.readChannelCount()).isEqualTo(p.client.writeChannelCount());
            assertThat(p.accepted.writeChannelCount()).isEqualTo(p.client.readChannelCount());
        }
    }

    @Test
    void readAndWrite() {
        try (Pair p = Pair.connect(0, 0)) {
            byte[] data = new byte[1000];
            Arrays.fill(data, (byte) 'a');
            assertThat(p.accepted.writeDatagram(new NetworkDatagram(data))).isTrue();
            assertThat(p.accepted.waitForBytesWritten(Pair.WAIT)).isTrue();
            assertThat(p.client.waitForReadyRead(Pair.WAIT)).isTrue();
            NetworkDatagram d = p.client.readDatagram();
            assertThat(d.isValid()).isTrue();
            assertThat(d.data()).isEqualTo(data);
            assertThat(p.client.error()).isEqualTo(SocketError.UNKNOWN_SOCKET);
            assertThat(p.accepted.error()).isEqualTo(SocketError.UNKNOWN_SOCKET);
        }
    }

    static Stream<Arguments> loopData() {
        byte[] big = new byte[600];
        Arrays.fill(big, (byte) '@');
        return Stream.of(
                Arguments.of("basic", "Sending this".getBytes(), "Receiving that".getBytes(), 0, 1),
                Arguments.of("embedded NUL", "Hello\0World".getBytes(), "Hello\0World".getBytes(), 1, 0),
                Arguments.of("600 bytes", big, big, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loopData")
    void loop(String name, byte[] peterData, byte[] paulData, int peterChannel, int paulChannel) {
        try (Pair p = Pair.connect(10, 10)) {
            SctpSocket peter = p.client;
            SctpSocket paul = p.accepted;
            assertThat(peter.writeChannelCount()).isEqualTo(10);
            peter.setCurrentWriteChannel(peterChannel);
            paul.setCurrentWriteChannel(paulChannel);
            assertThat(peter.writeDatagram(new NetworkDatagram(peterData))).isTrue();
            assertThat(paul.writeDatagram(new NetworkDatagram(paulData))).isTrue();
            peter.flush();
            paul.flush();

            peter.setCurrentReadChannel(paulChannel);
            assertThat(peter.waitForReadyRead(Pair.WAIT)).isTrue();
            assertThat(peter.bytesAvailable()).isEqualTo(paulData.length);
            assertThat(peter.readDatagram().data()).isEqualTo(paulData);

            paul.setCurrentReadChannel(peterChannel);
            assertThat(paul.waitForReadyRead(Pair.WAIT)).isTrue();
            assertThat(paul.bytesAvailable()).isEqualTo(peterData.length);
            assertThat(paul.readDatagram().data()).isEqualTo(peterData);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loopData")
    void loopInTcpMode(String name, byte[] peterData, byte[] paulData, int unusedA, int unusedB) throws Exception {
        try (Pair p = Pair.connect(-1, -1)) {
            SctpSocket peter = p.client;
            SctpSocket paul = p.accepted;
            assertThat(peter.isInDatagramMode()).isFalse();
            assertThat(paul.isInDatagramMode()).isFalse();
            assertThat(peter.write(peterData)).isEqualTo(peterData.length);
            assertThat(paul.write(paulData)).isEqualTo(paulData.length);
            peter.flush();
            paul.flush();
            assertThat(paul.getInputStream().readNBytes(peterData.length)).isEqualTo(peterData);
            assertThat(peter.getInputStream().readNBytes(paulData.length)).isEqualTo(paulData);
            assertThat(peter.readAll()).isEmpty();
        }
    }

    @Test
    void readDatagramAfterClose() throws Exception {
        try (Pair p = Pair.connect(0, 0)) {
            CompletableFuture<Void> readyRead = new CompletableFuture<>();
            p.client.addListener(new SctpSocketListener() {
                @Override
                public void readyRead() {
                    readyRead.complete(null);
                }
            });
            assertThat(p.accepted.writeDatagram(new NetworkDatagram(new byte[1000]))).isTrue();
            readyRead.get(10, TimeUnit.SECONDS);
            assertThat(p.client.bytesAvailable()).isEqualTo(1000);
            p.client.close();
            assertThat(p.client.readDatagram().isValid()).isFalse();
        }
    }

    @Test
    void clientSendDataOnDelayedDisconnect() throws Exception {
        try (Pair p = Pair.connect(0, 0)) {
            byte[] data = new byte[7000];
            Arrays.fill(data, (byte) 'x');
            List<SocketState> states = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> disconnected = new CompletableFuture<>();
            p.client.addListener(new SctpSocketListener() {
                @Override
                public void stateChanged(SocketState state) {
                    states.add(state);
                }

                @Override
                public void disconnected() {
                    disconnected.complete(null);
                }
            }, Runnable::run);
            assertThat(p.client.writeDatagram(new NetworkDatagram(data))).isTrue();
            p.client.close();
            disconnected.get(10, TimeUnit.SECONDS);
            assertThat(states).containsExactly(SocketState.CLOSING, SocketState.UNCONNECTED);
            assertThat(p.client.state()).isEqualTo(SocketState.UNCONNECTED);

            assertThat(p.accepted.waitForReadyRead(Pair.WAIT)).isTrue();
            assertThat(p.accepted.readDatagram().data()).isEqualTo(data);
        }
    }

    @Test
    void aReadOfLengthZeroReturnsZeroAtOnce() throws Exception {
        try (Pair p = Pair.connect(-1, -1)) {
            assertThat(p.client.read(new byte[4], 0, 0)).isZero();
            assertThat(p.client.getInputStream().read(new byte[4], 0, 0)).isZero();
            assertThat(p.client.read(new byte[4])).as("nothing has arrived: 0, no block").isZero();
        }
    }

    @Test
    void aCountCannotChangeOnceConnected() {
        try (Pair p = Pair.connect(2, 2)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.client.setMaximumChannelCount(4))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(p.client.maximumChannelCount()).isEqualTo(2);
        }
    }
}
