package io.jsst.compat.sctp;

import io.jsst.sctp.SctpMultiChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test's SctpMultiChannel bound to 127.0.0.1 and what else it opens, all closed after each test. */
abstract class SctpMultiChannelFixture {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    SctpMultiChannel server;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void bind() throws IOException {
        server = SctpMultiChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.close();
    }

    SocketAddress serverAddress() throws IOException {
        return server.getAllLocalAddresses().iterator().next();
    }

    <C extends AutoCloseable> C track(C c) {
        toClose.add(c);
        return c;
    }
}
