package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.sctp.IllegalUnbindException;
import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpMultiChannel;
import io.jsst.sctp.SctpServerChannel;
import io.jsst.sctp.SctpStandardSocketOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.SelectionKey;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exceptions the JDK's javadoc (and its implementation) throw for each misuse; over real UDP on 127.0.0.1. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SctpChannelErrorsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aServerChannelMustBeBoundBeforeAccepting() throws IOException {
        try (SctpServerChannel server = SctpServerChannel.open()) {
            assertThat(server.validOps()).isEqualTo(SelectionKey.OP_ACCEPT);
            assertThat(server.getAllLocalAddresses()).isEmpty();
            assertThatThrownBy(server::accept).isInstanceOf(NotYetBoundException.class);
            server.bind(new InetSocketAddress(LOOPBACK, 0));
            assertThatThrownBy(() -> server.bind(new InetSocketAddress(LOOPBACK, 0))).isInstanceOf(AlreadyBoundException.class);
            server.close();
            assertThatThrownBy(server::accept).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(server::getAllLocalAddresses).isInstanceOf(ClosedChannelException.class);
        }
    }

    @Test
    void closingAServerWakesABlockedAcceptWithAsynchronousCloseException() throws Exception {
        SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                server.accept();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        server.close();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
    }

    @Test
    void interruptingABlockedReceiveClosesTheChannelWithClosedByInterruptException() throws Exception {
        try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SctpChannel client = SctpChannel.open(server.getAllLocalAddresses().iterator().next(), 0, 0);
             SctpChannel accepted = server.accept()) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    accepted.receive(ByteBuffer.allocate(16), null, null); // COMM_UP consumed, then waits for data
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            t.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            t.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedByInterruptException.class);
            assertThat(accepted.isOpen()).isFalse();
        }
    }

    @Test
    void connectingTwiceOrWhilePendingFails() throws IOException {
        try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SctpChannel client = SctpChannel.open()) {
            client.configureBlocking(false);
            boolean done = client.connect(server.getAllLocalAddresses().iterator().next());
            if (!done) {
                assertThatThrownBy(() -> client.connect(server.getAllLocalAddresses().iterator().next()))
                        .isInstanceOf(ConnectionPendingException.class);
                assertThatThrownBy(() -> client.bind(null)).isInstanceOf(ConnectionPendingException.class);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!client.finishConnect() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            assertThatThrownBy(() -> client.connect(server.getAllLocalAddresses().iterator().next()))
                    .isInstanceOf(AlreadyConnectedException.class);
            assertThat(client.finishConnect()).isTrue();
        }
    }

    @Test
    void anUnresolvedAddressIsRefused() throws IOException {
        try (SctpChannel c = SctpChannel.open()) {
            assertThatThrownBy(() -> c.connect(InetSocketAddress.createUnresolved("nowhere.invalid", 1)))
                    .isInstanceOf(UnresolvedAddressException.class);
        }
    }

    @Test
    void addressesCanBeAddedAndRemovedBeforeConnectingOnly() throws IOException {
        try (SctpChannel c = SctpChannel.open()) {
            assertThatThrownBy(() -> c.bindAddress(LOOPBACK)).isInstanceOf(NotYetBoundException.class);
            c.bind(new InetSocketAddress(LOOPBACK, 0));
            assertThatThrownBy(() -> c.bindAddress(LOOPBACK)).isInstanceOf(AlreadyBoundException.class);
            assertThatThrownBy(() -> c.bindAddress(null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> c.unbindAddress(LOOPBACK)).isInstanceOf(IllegalUnbindException.class);
            InetAddress second = InetAddress.getByName("127.0.0.2");
            assertThatThrownBy(() -> c.unbindAddress(second)).isInstanceOf(IllegalUnbindException.class);
            c.bindAddress(second);
            assertThat(c.getAllLocalAddresses()).hasSize(2);
            c.unbindAddress(LOOPBACK);
            assertThat(c.getAllLocalAddresses()).hasSize(1);
            assertThat(((InetSocketAddress) c.getAllLocalAddresses().iterator().next()).getAddress()).isEqualTo(second);
        }
    }

    @Test
    void aClosedChannelRefusesEverything() throws IOException {
        SctpChannel c = SctpChannel.open();
        c.close();
        assertThatThrownBy(c::association).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(c::getRemoteAddresses).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(c::getAllLocalAddresses).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> c.bind(null)).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> c.connect(new InetSocketAddress(LOOPBACK, 9))).isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> c.send(ByteBuffer.allocate(1), MessageInfo.createOutgoing(null, 0)))
                .isInstanceOf(ClosedChannelException.class);
        assertThatThrownBy(() -> c.receive(ByteBuffer.allocate(1), null, null)).isInstanceOf(ClosedChannelException.class);
        assertThat(c.supportedOptions()).contains(SctpStandardSocketOptions.SO_SNDBUF);
    }

    @Test
    void aNonBlockingReceiveWithNothingQueuedReturnsNull() throws IOException {
        try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SctpChannel client = SctpChannel.open(server.getAllLocalAddresses().iterator().next(), 0, 0);
             SctpChannel accepted = server.accept()) {
            client.configureBlocking(false);
            // The COMM_UP goes to the (null) handler; then nothing is there.
            assertThat(client.receive(ByteBuffer.allocate(16), null, null)).isNull();
        }
    }

    @Test
    void aNonBlockingSendReturnsZeroWhenThePeerDoesNotRead() throws IOException {
        try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SctpChannel client = SctpChannel.open(server.getAllLocalAddresses().iterator().next(), 0, 0);
             SctpChannel accepted = server.accept()) {
            client.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            int zeroAt = -1;
            for (int i = 0; i < 2000 && zeroAt < 0; i++) {
                if (client.send(chunk.clear(), MessageInfo.createOutgoing(null, 0)) == 0) {
                    zeroAt = i;
                }
            }
            assertThat(zeroAt).isPositive();
            assertThat(chunk.position()).as("a refused message leaves the buffer untouched").isZero();
        }
    }

    @Test
    void aMultiChannelNeedsAnAssociationOrAnAddress() throws IOException {
        try (SctpMultiChannel m = SctpMultiChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            assertThat(m.associations()).isEmpty();
            assertThatThrownBy(() -> m.send(ByteBuffer.allocate(1), MessageInfo.createOutgoing(null, 0)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
