package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpMultiChannel;
import io.jsst.sctp.SctpServerChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Review of the exceptions of jsst's SCTP channels, in the JDK's order of checks, over UDP on 127.0.0.1. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SctpReviewErrorsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aNullAddressToAddOrRemoveIsAnIllegalArgumentBeforeAnyStateCheck() throws IOException {
        SctpChannel channel = SctpChannel.open();
        SctpServerChannel server = SctpServerChannel.open();
        SctpMultiChannel multi = SctpMultiChannel.open();
        assertThatThrownBy(() -> channel.bindAddress(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.unbindAddress(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> multi.bindAddress(null)).isInstanceOf(IllegalArgumentException.class);
        channel.close();
        server.close();
        multi.close();
        assertThatThrownBy(() -> channel.unbindAddress(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.bindAddress(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> multi.unbindAddress(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> channel.bindAddress(LOOPBACK)).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void closingWakesABlockedMultiChannelReceiverWithAsynchronousCloseException() throws Exception {
        SctpMultiChannel multi = SctpMultiChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                multi.receive(ByteBuffer.allocate(16), null, null);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        awaitBlockedIn("SctpMultiChannelImpl", "receive", outcome);
        multi.close();
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
    }

    @Test
    void closingWakesASenderBlockedByAPeerThatDoesNotReadWithAsynchronousCloseException() throws Exception {
        try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0))) {
            SctpChannel client = SctpChannel.open(server.getAllLocalAddresses().iterator().next(), 0, 0);
            SctpChannel accepted = server.accept();
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                    for (int i = 0; i < 10_000; i++) {
                        chunk.clear();
                        client.send(chunk, MessageInfo.createOutgoing(null, 0));
                    }
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            awaitBlockedIn("SctpChannelImpl", "send", outcome);
            client.close();
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
            accepted.close();
        }
    }

    /** Waits, at most 5 s, until some thread waits inside {@code method} of the class {@code className}. */
    private static void awaitBlockedIn(String className, String method, CompletableFuture<?> outcome) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && !outcome.isDone()) {
            for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
                boolean inMethod = false;
                boolean waiting = false;
                for (StackTraceElement e : stack) {
                    inMethod |= e.getMethodName().equals(method) && e.getClassName().endsWith("." + className);
                    waiting |= e.getMethodName().equals("park") || e.getMethodName().equals("wait")
                            || e.getMethodName().equals("wait0");
                }
                if (inMethod && waiting) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void anEmptyMessageDoesNotBlockABlockingSender() throws Exception {
        try (SctpServerChannel server = SctpServerChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SctpChannel client = SctpChannel.open(server.getAllLocalAddresses().iterator().next(), 0, 0);
             SctpChannel accepted = server.accept()) {
            CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send(ByteBuffer.allocate(0), MessageInfo.createOutgoing(null, 0));
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(0);
            assertThat(accepted.isOpen()).isTrue();
        }
    }
}
