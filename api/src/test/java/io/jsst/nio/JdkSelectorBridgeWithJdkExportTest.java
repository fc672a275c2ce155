package io.jsst.nio;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs in the JVM started with --add-exports java.base/sun.nio.ch=ALL-UNNAMED (second surefire execution). */
@Timeout(20)
class JdkSelectorBridgeWithJdkExportTest {
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        opened.add(c);
        return c;
    }

    private FakeJsstChannel channel() throws IOException {
        FakeJsstChannel c = track((FakeJsstChannel) JdkSelectableFakes.open(OP_READ | OP_WRITE | OP_CONNECT));
        c.configureBlocking(false);
        return c;
    }

    private Selector jdkSelector() throws IOException {
        return track(Selector.open());
    }

    @BeforeEach
    void exportIsPresent() {
        // Skipped, not failed, when a -Dtest filter runs this class in the JVM without the export.
        assumeTrue(JdkSelectorSupport.isAvailable(), "needs --add-exports java.base/sun.nio.ch=ALL-UNNAMED");
    }

    @Test
    void aJsstChannelIsSelectedByAJdkSelectorBesideATcpChannel() throws Exception {
        Selector selector = jdkSelector();
        ServerSocketChannel server = track(ServerSocketChannel.open());
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.configureBlocking(false);
        SelectionKey acceptKey = server.register(selector, OP_ACCEPT);
        FakeJsstChannel channel = channel();
        Object tag = new Object();
        SelectionKey key = channel.register(selector, OP_READ, tag);
        assertThat(selector.selectNow()).isZero();

        track(SocketChannel.open(server.getLocalAddress()));
        channel.setReady(OP_READ | OP_WRITE);

        assertThat(selectUntil(selector, 2)).containsExactlyInAnyOrder(acceptKey, key);
        assertThat(key.channel()).isSameAs(channel);
        assertThat(key.attachment()).isSameAs(tag);
        assertThat(key.readyOps()).isEqualTo(OP_READ);
        assertThat(acceptKey.readyOps()).isEqualTo(OP_ACCEPT);
    }

    @Test
    void selectionIsLevelTriggeredAndEndsWhenTheChannelIsNoLongerReady() throws Exception {
        Selector selector = jdkSelector();
        FakeJsstChannel channel = channel();
        SelectionKey key = channel.register(selector, OP_READ | OP_WRITE);
        channel.setReady(OP_WRITE);
        assertThat(selector.selectNow()).isEqualTo(1);
        selector.selectedKeys().clear();
        assertThat(selector.selectNow()).isEqualTo(1);
        assertThat(key.readyOps()).isEqualTo(OP_WRITE);

        channel.setReady(0);
        selector.selectedKeys().clear();
        assertThat(selector.selectNow()).isZero();
    }

    @Test
    void aBlockedJdkSelectWakesWhenTheChannelBecomesReady() throws Exception {
        Selector selector = jdkSelector();
        FakeJsstChannel channel = channel();
        SelectionKey key = channel.register(selector, OP_READ);
        selector.selectNow();
        CompletableFuture<Integer> selected = CompletableFuture.supplyAsync(() -> select(selector, 0));

        channel.setReady(OP_READ);

        assertThat(selected.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(selector.selectedKeys()).containsExactly(key);
    }

    @Test
    void aChannelReadyOnlyOutsideTheInterestSetDoesNotWakeTheSelectorOverAndOver() throws Exception {
        Selector selector = jdkSelector();
        FakeJsstChannel channel = channel();
        channel.register(selector, OP_READ);
        channel.setReady(OP_WRITE);

        int returns = countReturns(selector, 400);

        // 400 ms of select(100): four timeouts, plus at most a couple of early returns while the bridge
        // learns the key. Busy-waiting would give thousands.
        assertThat(returns).isBetween(3, 8);
        assertThat(selector.selectedKeys()).isEmpty();
    }

    @Test
    void oneChannelInThreeSelectorsWithDifferentInterestsAsNettyOioDoesNeitherSpinsNorMissesReadiness() throws Exception {
        Selector reads = jdkSelector();
        Selector writes = jdkSelector();
        Selector connects = jdkSelector();
        FakeJsstChannel channel = channel();
        SelectionKey readKey = channel.register(reads, OP_READ);
        SelectionKey writeKey = channel.register(writes, OP_WRITE);
        channel.register(connects, OP_CONNECT);
        channel.setReady(OP_WRITE);

        assertThat(selectUntil(writes, 1)).containsExactly(writeKey);
        assertThat(countReturns(reads, 400)).isBetween(3, 8);
        assertThat(countReturns(connects, 300)).isBetween(2, 7);
        assertThat(reads.selectedKeys()).isEmpty();

        CompletableFuture<List<SelectionKey>> selected = CompletableFuture.supplyAsync(() -> {
            try {
                return selectUntil(reads, 1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        channel.setReady(OP_READ | OP_WRITE);
        assertThat(selected.get(5, TimeUnit.SECONDS)).containsExactly(readKey);
        assertThat(readKey.readyOps()).isEqualTo(OP_READ);
        writes.selectedKeys().clear();
        assertThat(writes.selectNow()).isEqualTo(1);
        assertThat(connects.selectNow()).isZero();
    }

    @Test
    void closingTheChannelDeregistersItAndClosesItsPipeOnceNoSelectorHoldsIt() throws Exception {
        Selector jdk = jdkSelector();
        Selector jsst = track(JsstSelectorProvider.provider().openSelector());
        FakeJsstChannel channel = channel();
        SelectionKey jdkKey = channel.register(jdk, OP_READ);
        channel.register(jsst, OP_READ);
        jdk.selectNow();

        channel.close();
        assertThat(jdkKey.isValid()).isFalse();
        jdk.selectNow();
        assertThat(JdkSelectableFakes.isBridgeKilled(channel)).isFalse();
        jsst.selectNow();

        assertThat(channel.isRegistered()).isFalse();
        assertThat(JdkSelectableFakes.isBridgeKilled(channel)).isTrue();
    }

    @Test
    void aChannelNeverRegisteredClosesItsBridgeOnClose() throws Exception {
        FakeJsstChannel channel = channel();
        channel.close();
        assertThat(JdkSelectableFakes.isBridgeKilled(channel)).isTrue();
    }

    @Test
    void theSameChannelClassWorksInAJsstSelector() throws Exception {
        Selector selector = track(JsstSelectorProvider.provider().openSelector());
        FakeJsstChannel channel = channel();
        SelectionKey key = channel.register(selector, OP_READ);
        channel.setReady(OP_READ);
        assertThat(selector.selectNow()).isEqualTo(1);
        assertThat(selector.selectedKeys()).containsExactly(key);
    }

    private static int countReturns(Selector selector, long millis) throws IOException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        int returns = 0;
        while (System.nanoTime() < end && returns < 10_000) {
            selector.select(100);
            returns++;
        }
        return returns;
    }

    private static List<SelectionKey> selectUntil(Selector selector, int count) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (selector.selectedKeys().size() < count && System.nanoTime() < deadline) {
            selector.select(500);
        }
        return new ArrayList<>(selector.selectedKeys());
    }

    private static int select(Selector selector, long timeout) {
        try {
            return selector.select(timeout);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
