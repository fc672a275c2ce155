package io.jsst.nio;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class JsstSelectorTest {
    private Selector selector;
    private final List<java.nio.channels.Channel> opened = new ArrayList<>();

    @BeforeEach
    void openSelector() throws IOException {
        selector = JsstSelectorProvider.provider().openSelector();
    }

    @AfterEach
    void closeAll() throws IOException {
        selector.close();
        for (java.nio.channels.Channel c : opened) {
            c.close();
        }
    }

    private FakeJsstChannel jsst() throws IOException {
        FakeJsstChannel channel = FakeJsstChannel.open();
        opened.add(channel);
        return channel;
    }

    private <T extends java.nio.channels.Channel> T track(T channel) {
        opened.add(channel);
        return channel;
    }

    // ---- provider ----

    @Test
    void theProviderOpensJsstSelectorsAndHandsOutThePlatformsChannels() throws IOException {
        assertThat(selector).isInstanceOf(JsstSelector.class);
        assertThat(selector.provider()).isSameAs(JsstSelectorProvider.provider());
        SocketChannel socket = track(JsstSelectorProvider.provider().openSocketChannel());
        assertThat(socket.provider()).isSameAs(SelectorProvider.provider());
        assertThat(JsstSelectorProvider.provider().inheritedChannel()).isNull();
    }

    // ---- readiness and the selected-key set ----

    @Test
    void aJsstChannelIsSelectedWithExactlyTheReadyOpsOfItsInterestSet() throws IOException {
        FakeJsstChannel channel = jsst();
        Object attachment = new Object();
        SelectionKey key = channel.register(selector, OP_READ, attachment);
        assertThat(selector.selectNow()).isZero();

        channel.setReady(OP_READ | OP_WRITE);

        assertThat(selector.selectNow()).isEqualTo(1);
        assertThat(selector.selectedKeys()).containsExactly(key);
        assertThat(key.readyOps()).isEqualTo(OP_READ);
        assertThat(key.channel()).isSameAs(channel);
        assertThat(key.selector()).isSameAs(selector);
        assertThat(key.attachment()).isSameAs(attachment);
        assertThat(channel.keyFor(selector)).isSameAs(key);
    }

    @Test
    void aChannelReadyOnlyForOpsOutsideItsInterestSetIsNotSelected() throws IOException {
        FakeJsstChannel channel = jsst();
        channel.register(selector, OP_READ);
        channel.setReady(OP_WRITE);

        assertThat(selector.selectNow()).isZero();
        assertThat(selector.selectedKeys()).isEmpty();
    }

    @Test
    void selectionIsLevelTriggeredAChannelStillReadyIsSelectedAgain() throws IOException {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ);
        channel.setReady(OP_READ);
        assertThat(selector.selectNow()).isEqualTo(1);
        selector.selectedKeys().clear();

        assertThat(selector.selectNow()).isEqualTo(1);
        assertThat(selector.selectedKeys()).containsExactly(key);

        channel.setReady(0);
        selector.selectedKeys().clear();
        assertThat(selector.selectNow()).isZero();
    }

    @Test
    void aKeyAlreadySelectedGainsNewReadyOpsAndCountsOnlyWhenItGainsSome() throws IOException {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ | OP_WRITE);
        channel.setReady(OP_READ);
        assertThat(selector.selectNow()).isEqualTo(1);

        channel.setReady(OP_WRITE);
        assertThat(selector.selectNow()).isEqualTo(1);
        assertThat(key.readyOps()).isEqualTo(OP_READ | OP_WRITE);

        assertThat(selector.selectNow()).isZero();
        assertThat(key.readyOps()).isEqualTo(OP_READ | OP_WRITE);
    }

    @Test
    void aKeyNotInTheSelectedSetGetsItsReadyOpsReplaced() throws IOException {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ | OP_WRITE);
        channel.setReady(OP_READ);
        selector.selectNow();
        selector.selectedKeys().remove(key);

        channel.setReady(OP_WRITE);
        assertThat(selector.selectNow()).isEqualTo(1);
        assertThat(key.readyOps()).isEqualTo(OP_WRITE);
    }

    @Test
    void theSelectedKeySetAllowsRemovalButNotAdditionAndTheKeySetNeither() throws IOException {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ);
        channel.setReady(OP_READ);
        selector.selectNow();

        assertThatThrownBy(() -> selector.selectedKeys().add(key)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> selector.keys().add(key)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> selector.keys().remove(key)).isInstanceOf(UnsupportedOperationException.class);
        var it = selector.selectedKeys().iterator();
        it.next();
        it.remove();
        assertThat(selector.selectedKeys()).isEmpty();
        assertThat(selector.keys()).containsExactly(key);
    }

    @Test
    void interestOpsAreCheckedAgainstValidOps() throws IOException {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ);
        assertThatThrownBy(() -> key.interestOps(OP_ACCEPT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(key.interestOpsOr(OP_WRITE)).isEqualTo(OP_READ);
        assertThat(key.interestOpsAnd(OP_WRITE)).isEqualTo(OP_READ | OP_WRITE);
        assertThat(key.interestOps()).isEqualTo(OP_WRITE);
    }

    // ---- blocking, timeouts, wakeup, interrupt ----

    @Test
    void aBlockedSelectReturnsWhenAnotherThreadMakesAChannelReady() throws Exception {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ);
        CompletableFuture<Integer> selected = CompletableFuture.supplyAsync(() -> uncheckedSelect(0));

        channel.setReady(OP_READ);

        assertThat(selected.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(selector.selectedKeys()).containsExactly(key);
    }

    @Test
    void selectWithTimeoutReturnsZeroWhenNothingBecomesReadyAndAnIrrelevantChangeDoesNotEndItEarly() throws Exception {
        FakeJsstChannel channel = jsst();
        channel.register(selector, OP_READ);
        long start = System.nanoTime();
        CompletableFuture<Integer> selected = CompletableFuture.supplyAsync(() -> uncheckedSelect(300));

        channel.setReady(OP_WRITE);

        assertThat(selected.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
    }

    @Test
    void wakeupBeforeSelectMakesTheNextSelectReturnAtOnceAndSelectNowClearsIt() throws IOException {
        jsst().register(selector, OP_READ);

        selector.wakeup();
        selector.wakeup();
        assertThat(selector.select()).isZero();

        selector.wakeup();
        selector.selectNow();
        long start = System.nanoTime();
        assertThat(selector.select(200)).isZero();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);
    }

    @Test
    void wakeupFromAnotherThreadEndsABlockedSelect() throws Exception {
        jsst().register(selector, OP_READ);
        CompletableFuture<Integer> selected = CompletableFuture.supplyAsync(() -> uncheckedSelect(0));
        // The wakeup may come before or during the select: either way the select must return.
        selector.wakeup();
        assertThat(selected.get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void anInterruptedThreadsSelectReturnsAtOnceAndKeepsItsInterruptStatus() throws IOException {
        jsst().register(selector, OP_READ);
        Thread.currentThread().interrupt();
        try {
            assertThat(selector.select()).isZero();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void negativeTimeoutsAreRejected() {
        assertThatThrownBy(() -> selector.select(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> selector.select(k -> { }, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- interest changes and cancellation ----

    @Test
    void anInterestChangeMadeDuringASelectionTakesEffectAtTheNextOne() throws IOException {
        FakeJsstChannel first = jsst();
        FakeJsstChannel second = jsst();
        first.register(selector, OP_READ);
        SelectionKey secondKey = second.register(selector, OP_READ);
        first.setReady(OP_READ);
        second.setReady(OP_WRITE);
        List<SelectionKey> consumed = new ArrayList<>();

        int n = selector.selectNow(k -> {
            consumed.add(k);
            secondKey.interestOps(OP_WRITE);
        });

        assertThat(n).isEqualTo(1);
        assertThat(consumed).extracting(SelectionKey::channel).containsExactly(first);
        assertThat(selector.selectNow()).isEqualTo(2);
        assertThat(secondKey.readyOps()).isEqualTo(OP_WRITE);
    }

    @Test
    void anInterestChangeFromAnotherThreadIsSeenByTheNextSelect() throws Exception {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ);
        channel.setReady(OP_WRITE);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> uncheckedSelect(0));

        key.interestOps(OP_WRITE);
        selector.wakeup();

        first.get(5, TimeUnit.SECONDS);
        selector.selectedKeys().clear();
        assertThat(selector.selectNow()).isEqualTo(1);
        assertThat(key.readyOps()).isEqualTo(OP_WRITE);
    }

    @Test
    void aCancelledKeyIsDeregisteredAtTheNextSelection() throws IOException {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ);
        channel.setReady(OP_READ);
        selector.selectNow();

        key.cancel();
        assertThat(key.isValid()).isFalse();
        assertThatThrownBy(key::interestOps).isInstanceOf(CancelledKeyException.class);
        assertThatThrownBy(key::readyOps).isInstanceOf(CancelledKeyException.class);
        assertThat(channel.isRegistered()).isTrue();
        assertThat(selector.keys()).contains(key);

        assertThat(selector.selectNow()).isZero();
        assertThat(channel.isRegistered()).isFalse();
        assertThat(selector.keys()).isEmpty();
        assertThat(selector.selectedKeys()).isEmpty();
        assertThat(channel.keyFor(selector)).isNull();
        assertThat(channel.readiness).extracting("listeners").asList().isEmpty();
    }

    @Test
    void closingARegisteredJsstChannelCancelsItsKey() throws IOException {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ);
        channel.close();
        assertThat(key.isValid()).isFalse();
        selector.selectNow();
        assertThat(selector.keys()).isEmpty();
        assertThat(channel.isRegistered()).isFalse();
    }

    // ---- select(Consumer) ----

    @Test
    void theActionVariantsSetTheReadySetExactlyAndLeaveTheSelectedKeySetAlone() throws IOException {
        FakeJsstChannel channel = jsst();
        SelectionKey key = channel.register(selector, OP_READ | OP_WRITE);
        channel.setReady(OP_READ);
        selector.selectNow();
        channel.setReady(OP_WRITE);
        List<Integer> seen = new ArrayList<>();

        assertThat(selector.select(k -> seen.add(k.readyOps()), 1000)).isEqualTo(1);

        assertThat(seen).containsExactly(OP_WRITE);
        assertThat(selector.selectedKeys()).containsExactly(key);
    }

    @Test
    void anActionThatClosesTheSelectorEndsTheSelectionWithClosedSelectorException() throws IOException {
        jsst().register(selector, OP_READ);
        jsst().register(selector, OP_READ);
        for (java.nio.channels.Channel c : opened) {
            ((FakeJsstChannel) c).setReady(OP_READ);
        }
        List<SelectionKey> seen = new ArrayList<>();
        assertThatThrownBy(() -> selector.selectNow(k -> {
            seen.add(k);
            uncheckedClose(selector);
        })).isInstanceOf(ClosedSelectorException.class);
        assertThat(seen).hasSize(1);
    }

    @Test
    void anExceptionFromTheActionReachesTheCallerAndAReentrantSelectIsRefused() throws IOException {
        FakeJsstChannel channel = jsst();
        channel.register(selector, OP_READ);
        channel.setReady(OP_READ);

        assertThatThrownBy(() -> selector.selectNow(k -> uncheckedSelect(-1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("select in progress");
        assertThatThrownBy(() -> selector.selectNow(k -> {
            throw new ArithmeticException("boom");
        })).isInstanceOf(ArithmeticException.class);
        assertThat(selector.selectNow()).isEqualTo(1);
    }

    // ---- close ----

    @Test
    void closeDeregistersEveryChannelAndLaterUseThrowsClosedSelectorException() throws IOException {
        FakeJsstChannel channel = jsst();
        SelectionKey jsstKey = channel.register(selector, OP_READ);
        Pipe pipe = SelectorProvider.provider().openPipe();
        track(pipe.source());
        track(pipe.sink());
        pipe.source().configureBlocking(false);
        SelectionKey pipeKey = pipe.source().register(selector, OP_READ);

        selector.close();
        selector.close();

        assertThat(jsstKey.isValid()).isFalse();
        assertThat(pipeKey.isValid()).isFalse();
        assertThat(channel.isRegistered()).isFalse();
        assertThat(pipe.source().isRegistered()).isFalse();
        assertThatThrownBy(selector::keys).isInstanceOf(ClosedSelectorException.class);
        assertThatThrownBy(selector::selectedKeys).isInstanceOf(ClosedSelectorException.class);
        assertThatThrownBy(selector::selectNow).isInstanceOf(ClosedSelectorException.class);
        assertThatThrownBy(() -> selector.select(10)).isInstanceOf(ClosedSelectorException.class);
        assertThatThrownBy(() -> jsst().register(selector, OP_READ)).isInstanceOf(ClosedSelectorException.class);
        selector.wakeup();
        pipe.source().configureBlocking(true);
    }

    @Test
    void closeFromAnotherThreadEndsABlockedSelect() throws Exception {
        jsst().register(selector, OP_READ);
        CompletableFuture<Integer> selected = CompletableFuture.supplyAsync(() -> uncheckedSelect(0));
        selector.close();
        assertThat(selected.handle((n, e) -> n != null || e != null).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(selector.isOpen()).isFalse();
    }

    // ---- platform channels on the same selector ----

    @Test
    void tcpChannelsAPipeAndAJsstChannelAreSelectedTogether() throws Exception {
        ServerSocketChannel server = track(ServerSocketChannel.open());
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.configureBlocking(false);
        Object serverTag = "server";
        SelectionKey acceptKey = server.register(selector, OP_ACCEPT, serverTag);
        Pipe pipe = Pipe.open();
        track(pipe.source());
        track(pipe.sink());
        pipe.source().configureBlocking(false);
        SelectionKey pipeKey = pipe.source().register(selector, OP_READ);
        FakeJsstChannel channel = jsst();
        SelectionKey jsstKey = channel.register(selector, OP_READ);

        SocketChannel client = track(SocketChannel.open(server.getLocalAddress()));
        pipe.sink().write(ByteBuffer.wrap(new byte[] {7}));
        channel.setReady(OP_READ);

        assertThat(selectUntil(3)).containsExactlyInAnyOrder(acceptKey, pipeKey, jsstKey);
        assertThat(acceptKey.channel()).isSameAs(server);
        assertThat(acceptKey.selector()).isSameAs(selector);
        assertThat(acceptKey.attachment()).isSameAs(serverTag);
        assertThat(acceptKey.readyOps()).isEqualTo(OP_ACCEPT);
        assertThat(server.keyFor(selector)).isSameAs(acceptKey);
        assertThat(pipeKey.readyOps()).isEqualTo(OP_READ);

        SocketChannel accepted = track(server.accept());
        accepted.configureBlocking(false);
        SelectionKey readKey = accepted.register(selector, OP_READ | OP_WRITE);
        selector.selectedKeys().clear();
        assertThat(selectUntil(1)).contains(readKey);
        assertThat(readKey.readyOps()).isEqualTo(OP_WRITE);

        readKey.interestOps(OP_READ);
        client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        selector.selectedKeys().clear();
        assertThat(selectUntil(1)).contains(readKey);
        assertThat(readKey.readyOps()).isEqualTo(OP_READ);
    }

    @Test
    void aPlatformKeyFollowsTheSelectedKeySetRulesToo() throws Exception {
        Pipe pipe = Pipe.open();
        track(pipe.source());
        track(pipe.sink());
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        SelectionKey sinkKey = pipe.sink().register(selector, OP_WRITE);

        assertThat(selector.selectNow()).isEqualTo(1);
        assertThat(selector.selectNow()).isZero();
        selector.selectedKeys().clear();
        assertThat(selector.selectNow()).isEqualTo(1);
        assertThat(sinkKey.readyOps()).isEqualTo(OP_WRITE);
        assertThatThrownBy(() -> sinkKey.interestOps(OP_READ)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCancelledPlatformKeyLeavesItsChannelSoItCanBlockAgain() throws Exception {
        Pipe pipe = Pipe.open();
        track(pipe.source());
        track(pipe.sink());
        pipe.source().configureBlocking(false);
        SelectionKey key = pipe.source().register(selector, OP_READ);

        key.cancel();

        assertThat(pipe.source().keyFor(selector)).isNull();
        pipe.source().configureBlocking(true);
        selector.selectNow();
        assertThat(selector.keys()).isEmpty();
        assertThat(pipe.source().isRegistered()).isFalse();
    }

    @Test
    void closingPlatformChannelsRegisteredHereReleasesTheirSocketsEvenDuringABlockedSelect() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        ServerSocketChannel server = track(ServerSocketChannel.open());
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        jsst().register(selector, OP_READ);
        long before = countEntries(fds);
        List<SocketChannel> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            SocketChannel c = SocketChannel.open(server.getLocalAddress());
            c.configureBlocking(false);
            c.register(selector, OP_READ);
            clients.add(c);
        }
        selector.selectNow();
        CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> uncheckedSelect(0));
        for (SocketChannel c : clients) {
            c.close();
        }
        selector.wakeup();
        blocked.get(5, TimeUnit.SECONDS);
        selector.selectNow();

        assertThat(selector.keys()).hasSize(1);
        // 40 client sockets gone; the server's accept queue is not accepted, so it holds no descriptors.
        assertThat(countEntries(fds)).isLessThanOrEqualTo(before + 2);
    }

    @Test
    void aChannelOfAnotherProviderIsRefused() {
        AbstractSelectableChannel stranger = new AbstractSelectableChannel(new StrangerProvider()) {
            @Override
            public int validOps() {
                return OP_READ;
            }

            @Override
            protected void implCloseSelectableChannel() {
            }

            @Override
            protected void implConfigureBlocking(boolean block) {
            }
        };
        assertThatThrownBy(() -> {
            stranger.configureBlocking(false);
            stranger.register(selector, OP_READ);
        }).isInstanceOf(IllegalSelectorException.class);
        assertThat(stranger.isRegistered()).isFalse();
    }

    // ---- scale ----

    @Test
    void fiveHundredChannelsAreSelectedExactlyWhenReady() throws IOException {
        List<FakeJsstChannel> channels = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            FakeJsstChannel c = jsst();
            c.register(selector, OP_READ, i);
            channels.add(c);
        }
        for (int i = 0; i < 500; i += 7) {
            channels.get(i).setReady(OP_READ);
        }
        assertThat(selector.selectNow()).isEqualTo(72);
        assertThat(selector.selectedKeys()).allSatisfy(k -> assertThat((Integer) k.attachment() % 7).isZero());

        selector.selectedKeys().clear();
        channels.forEach(c -> c.setReady(OP_READ | OP_WRITE));
        assertThat(selector.select(1000)).isEqualTo(500);
        channels.forEach(c -> c.setReady(0));
        selector.selectedKeys().clear();
        assertThat(selector.selectNow()).isZero();
    }

    @Test
    void manyReadinessChangesFromAnotherThreadAreAllDelivered() throws Exception {
        List<FakeJsstChannel> channels = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            FakeJsstChannel c = jsst();
            c.register(selector, OP_READ);
            channels.add(c);
        }
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> channels.forEach(c -> c.setReady(OP_READ)));
        java.util.Set<SelectionKey> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 200 && System.nanoTime() < deadline) {
            selector.select(1000);
            for (SelectionKey k : selector.selectedKeys()) {
                seen.add(k);
                ((FakeJsstChannel) k.channel()).setReady(0);
            }
            selector.selectedKeys().clear();
        }
        producer.get(5, TimeUnit.SECONDS);
        assertThat(seen).hasSize(200);
    }

    // ---- helpers ----

    private List<SelectionKey> selectUntil(int count) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (selector.selectedKeys().size() < count && System.nanoTime() < deadline) {
            selector.select(500);
        }
        return new ArrayList<>(selector.selectedKeys());
    }

    private int uncheckedSelect(long timeout) {
        try {
            return timeout < 0 ? selector.selectNow() : selector.select(timeout);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void uncheckedClose(Selector s) {
        try {
            s.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long countEntries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    /** A provider none of whose channels the platform's selectors accept. */
    private static final class StrangerProvider extends SelectorProvider {
        @Override
        public java.nio.channels.DatagramChannel openDatagramChannel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.channels.DatagramChannel openDatagramChannel(java.net.ProtocolFamily family) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Pipe openPipe() {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.nio.channels.spi.AbstractSelector openSelector() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerSocketChannel openServerSocketChannel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketChannel openSocketChannel() {
            throw new UnsupportedOperationException();
        }
    }
}
