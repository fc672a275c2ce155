package io.jsst.compat.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.socket.SctpServer;
import io.jsst.socket.SctpServerListener;
import io.jsst.socket.SctpSocket;
import io.jsst.socket.SocketError;
import io.jsst.socket.SocketState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each sentence of Qt's QSctpServer page (seed 004), as a test. */
class QSctpServerDocumentationTest {

    @Test
    void theConstructorSetsDatagramModeWithTheDefaultCountZero() {
        SctpServer server = new SctpServer();
        assertThat(server.maximumChannelCount()).isZero();
        assertThat(server.isListening()).isFalse();
        assertThat(server.maxPendingConnections()).isEqualTo(30);
    }

    @Test
    void aNegativeCountSetsTcpEmulationAndMaximumChannelCountReturnsMinusOne() {
        SctpServer server = new SctpServer();
        server.setMaximumChannelCount(-7);
        assertThat(server.maximumChannelCount()).isEqualTo(-1);
        server.setMaximumChannelCount(5);
        assertThat(server.maximumChannelCount()).isEqualTo(5);
    }

    @Test
    void aCountOfZeroUsesThePeersValueAsTheActualNumberOfChannels() {
        try (Pair p = Pair.connect(0, 7)) {
            assertThat(p.accepted.maximumChannelCount()).isZero();
            assertThat(p.accepted.readChannelCount()).isEqualTo(7);
            assertThat(p.accepted.writeChannelCount()).isEqualTo(7);
        }
    }

    @Test
    void theNewConnectionInheritsTheServersCountAndAdjustsItToThePeer() {
        try (Pair p = Pair.connect(5, 3)) {
            assertThat(p.accepted.maximumChannelCount()).isEqualTo(5);
            assertThat(p.accepted.isInDatagramMode()).isTrue();
            assertThat(p.accepted.readChannelCount()).isEqualTo(3);
            assertThat(p.accepted.writeChannelCount()).isEqualTo(3);
        }
    }

    @Test
    void inTcpEmulationNextPendingConnectionGivesAConnectedByteStreamSocket() throws Exception {
        try (Pair p = Pair.connect(-1, -1)) {
            assertThat(p.accepted.state()).isEqualTo(SocketState.CONNECTED);
            assertThat(p.accepted.isInDatagramMode()).isFalse();
            assertThat(p.accepted.maximumChannelCount()).isEqualTo(-1);
            p.client.write("a continuous ".getBytes());
            p.client.write("byte stream".getBytes());
            byte[] all = p.accepted.getInputStream().readNBytes("a continuous byte stream".length());
            assertThat(new String(all)).isEqualTo("a continuous byte stream");
        }
    }

    @Test
    void nextPendingDatagramConnectionGivesAConnectedDatagramModeSocket() {
        SctpServer server = new SctpServer();
        server.setMaximumChannelCount(4);
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        try {
            client.connectToHost(Pair.LOOPBACK, server.serverPort());
            assertThat(client.waitForConnected(Pair.WAIT)).isTrue();
            assertThat(server.waitForNewConnection(Pair.WAIT)).isTrue();
            SctpSocket accepted = server.nextPendingDatagramConnection();
            assertThat(accepted).isNotNull();
            assertThat(accepted.state()).isEqualTo(SocketState.CONNECTED);
            assertThat(accepted.isInDatagramMode()).isTrue();
            assertThat(accepted.writeChannelCount()).isEqualTo(4);
            accepted.abort();
        } finally {
            client.abort();
            server.close();
        }
    }

    @Test
    void nextPendingDatagramConnectionReturnsNullWhenNoneIsPending() {
        SctpServer server = new SctpServer();
        assertThat(server.nextPendingDatagramConnection()).isNull();
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        try {
            assertThat(server.hasPendingConnections()).isFalse();
            assertThat(server.nextPendingDatagramConnection()).isNull();
            assertThat(server.nextPendingConnection()).isNull();
        } finally {
            server.close();
        }
    }

    @Test
    void nextPendingDatagramConnectionPassesOverTcpEmulationConnections() {
        SctpServer server = new SctpServer();
        server.setMaximumChannelCount(-1);
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        try {
            client.connectToHost(Pair.LOOPBACK, server.serverPort());
            assertThat(client.waitForConnected(Pair.WAIT)).isTrue();
            assertThat(server.waitForNewConnection(Pair.WAIT)).isTrue();
            assertThat(server.nextPendingDatagramConnection()).isNull();
            assertThat(server.hasPendingConnections()).isTrue();
            SctpSocket accepted = server.nextPendingConnection();
            assertThat(accepted.isInDatagramMode()).isFalse();
            accepted.abort();
        } finally {
            client.abort();
            server.close();
        }
    }

    @Test
    void setMaximumChannelCountIsRefusedWhileListening() {
        SctpServer server = new SctpServer();
        server.setMaximumChannelCount(3);
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        try {
            assertThatThrownBy(() -> server.setMaximumChannelCount(5)).isInstanceOf(IllegalStateException.class);
            assertThat(server.maximumChannelCount()).isEqualTo(3);
        } finally {
            server.close();
        }
        server.setMaximumChannelCount(5);
        assertThat(server.maximumChannelCount()).isEqualTo(5);
    }

    @Test
    void closingAListeningServerStopsItListening() {
        SctpServer server = new SctpServer();
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        assertThat(server.serverPort()).isPositive();
        assertThat(server.serverAddress()).isEqualTo(Pair.LOOPBACK);
        server.close();
        assertThat(server.isListening()).isFalse();
        assertThat(server.serverPort()).isZero();
    }

    @Test
    void closingTheServerClosesTheSocketsStillPending() {
        SctpServer server = new SctpServer();
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        try {
            client.connectToHost(Pair.LOOPBACK, server.serverPort());
            assertThat(client.waitForConnected(Pair.WAIT)).isTrue();
            assertThat(server.waitForNewConnection(Pair.WAIT)).isTrue();
            server.close();
            // false at once if it is unconnected already (as Qt's): then the state says so
            assertThat(client.waitForDisconnected(Pair.WAIT) || client.state() == SocketState.UNCONNECTED).isTrue();
            assertThat(client.error()).isEqualTo(SocketError.REMOTE_HOST_CLOSED);
            assertThat(server.hasPendingConnections()).isFalse();
        } finally {
            client.abort();
        }
    }

    @Test
    void socketsAlreadyTakenKeepWorkingAfterTheServerCloses() {
        try (Pair p = Pair.connect(2, 2)) {
            p.server.close();
            assertThat(p.client.writeDatagram(new io.jsst.socket.NetworkDatagram("still here".getBytes()))).isTrue();
            assertThat(p.accepted.waitForReadyRead(Pair.WAIT)).isTrue();
            assertThat(new String(p.accepted.readDatagram().data())).isEqualTo("still here");
        }
    }

    @Test
    void anIncomingConnectionOverrideReceivesTheConnection() throws Exception {
        CompletableFuture<SctpSocket> handedOver = new CompletableFuture<>();
        SctpServer server = new SctpServer() {
            @Override
            protected void incomingConnection(SctpSocket socket) {
                handedOver.complete(socket);
            }
        };
        server.setMaximumChannelCount(6);
        CountDownLatch newConnection = new CountDownLatch(1);
        server.addListener(new SctpServerListener() {
            @Override
            public void newConnection() {
                newConnection.countDown();
            }
        });
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        try {
            client.connectToHost(Pair.LOOPBACK, server.serverPort());
            assertThat(client.waitForConnected(Pair.WAIT)).isTrue();
            SctpSocket socket = handedOver.get(10, TimeUnit.SECONDS);
            assertThat(socket.state()).isEqualTo(SocketState.CONNECTED);
            assertThat(socket.maximumChannelCount()).isEqualTo(6);
            assertThat(newConnection.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.hasPendingConnections()).isFalse();
            socket.abort();
        } finally {
            client.abort();
            server.close();
        }
    }

    @Test
    void aPausedServerHoldsConnectionsUntilItResumes() {
        SctpServer server = new SctpServer();
        assertThat(server.listen(Pair.LOOPBACK, 0)).isTrue();
        server.pauseAccepting();
        SctpSocket client = new SctpSocket();
        try {
            client.connectToHost(Pair.LOOPBACK, server.serverPort());
            assertThat(client.waitForConnected(Pair.WAIT)).isTrue();
            assertThat(server.waitForNewConnection(java.time.Duration.ofMillis(200))).isFalse();
            server.resumeAccepting();
            assertThat(server.waitForNewConnection(Pair.WAIT)).isTrue();
            server.nextPendingConnection().abort();
        } finally {
            client.abort();
            server.close();
        }
    }
}
