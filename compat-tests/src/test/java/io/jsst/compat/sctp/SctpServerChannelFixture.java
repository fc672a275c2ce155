package io.jsst.compat.sctp;

import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpServerChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test's SctpServerChannel on 127.0.0.1 and the channels it opens, all closed after each test. */
abstract class SctpServerChannelFixture {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    SctpServerChannel server;
    final List<SctpChannel> channels = new ArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        server = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
    }

    @AfterEach
    void closeAll() throws IOException {
        for (SctpChannel c : channels) {
            c.close();
        }
        server.close();
    }

    SocketAddress serverAddress() throws IOException {
        return server.getAllLocalAddresses().iterator().next();
    }

    SctpChannel track(SctpChannel c) {
        channels.add(c);
        return c;
    }

    /** A client connected to the server, and the server's side of it. */
    SctpChannel[] connectedPair() throws IOException {
        SctpChannel client = track(SctpChannel.open(serverAddress(), 0, 0));
        SctpChannel accepted = track(server.accept());
        return new SctpChannel[] {client, accepted};
    }
}
