package io.jsst.compat.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.socket.SctpServer;
import io.jsst.socket.SctpSocket;
import java.net.InetAddress;
import java.time.Duration;

/** A server on 127.0.0.1, a client connected to it and the server's side of the connection. */
final class Pair implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final SctpServer server;
    final SctpSocket client;
    final SctpSocket accepted;

    private Pair(SctpServer server, SctpSocket client, SctpSocket accepted) {
        this.server = server;
        this.client = client;
        this.accepted = accepted;
    }

    /** Connects a client with {@code clientCount} to a server with {@code serverCount} and takes the connection. */
    static Pair connect(int serverCount, int clientCount) {
        SctpServer server = new SctpServer();
        server.setMaximumChannelCount(serverCount);
        assertThat(server.listen(LOOPBACK, 0)).isTrue();
        SctpSocket client = new SctpSocket();
        client.setMaximumChannelCount(clientCount);
        client.connectToHost(LOOPBACK, server.serverPort());
        assertThat(client.waitForConnected(WAIT)).as("connected: %s", client.errorString()).isTrue();
        assertThat(server.waitForNewConnection(WAIT)).isTrue();
        SctpSocket accepted = server.nextPendingConnection();
        assertThat(accepted).isNotNull();
        return new Pair(server, client, accepted);
    }

    @Override
    public void close() {
        client.abort();
        accepted.abort();
        server.close();
    }
}
