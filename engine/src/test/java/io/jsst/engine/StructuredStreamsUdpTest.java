package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Structured streams over real UDP on 127.0.0.1, with blocking calls from application threads. */
class StructuredStreamsUdpTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private static Host host(long window, long sendBuffer) throws IOException {
        return Host.bind(HostConfig.builder().bindAddress(LOOPBACK).connectTimeout(Duration.ofSeconds(5))
                .streamReceiveWindow(window).sendBufferSize(sendBuffer).build());
    }

    private static Host host() throws IOException {
        return Host.bind(HostConfig.builder().bindAddress(LOOPBACK).connectTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aSubstreamOpenedAtOnceCarriesItsFirstMessageToTheServer() throws Exception {
        try (Host server = host(); Host client = host()) {
            StreamServer service = server.listen("zero", "v1");
            CompletableFuture<Stream> accepted = service.acceptAsync();
            Stream top = Stream.connectTo(client, Endpoint.of(server.eid(), server.localAddress()), "zero", "v1");
            Stream serverTop = accepted.get(5, TimeUnit.SECONDS);
            Stream sub = top.openSubstream();
            sub.writeMessage("zero round trips".getBytes());
            Stream serverSub = serverTop.acceptSubstream(Duration.ofSeconds(5));
            assertThat(new String(serverSub.readMessage(Duration.ofSeconds(5)))).isEqualTo("zero round trips");
            assertThat(serverSub.parent()).isSameAs(serverTop);
            assertThat(serverSub.service()).isEqualTo("zero");

            // And back, on a substream the server opens of its own substream.
            serverSub.openSubstream().writeMessage("and back".getBytes());
            Stream clientSubSub = sub.acceptSubstream(Duration.ofSeconds(5));
            assertThat(new String(clientSubSub.readMessage(Duration.ofSeconds(5)))).isEqualTo("and back");
            assertThat(clientSubSub.parent()).isSameAs(sub);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aLastMessageArrivesFollowedByTheEndOfTheStreamAndNothingMayBeWrittenAfterIt() throws Exception {
        try (Host server = host(); Host client = host()) {
            StreamServer service = server.listen("last", "v1");
            CompletableFuture<Stream> accepted = service.acceptAsync();
            Stream top = Stream.connectTo(client, Endpoint.of(server.eid(), server.localAddress()), "last", "v1");
            Stream serverTop = accepted.get(5, TimeUnit.SECONDS);
            Stream sub = top.openSubstream();
            sub.writeLastMessage(ByteBuffer.wrap("request and end".getBytes()));

            Stream serverSub = serverTop.acceptSubstream(Duration.ofSeconds(5));
            assertThat(new String(serverSub.readMessage(Duration.ofSeconds(5)))).isEqualTo("request and end");
            assertThat(serverSub.readMessage(Duration.ofSeconds(5))).as("the end of the stream").isNull();
            assertThatThrownBy(() -> sub.writeMessage("more".getBytes()))
                    .isInstanceOf(java.nio.channels.ClosedChannelException.class);

            // Reading goes on: the server answers on the same substream.
            serverSub.writeLastMessage(ByteBuffer.wrap("reply".getBytes()));
            assertThat(new String(sub.readMessage(Duration.ofSeconds(5)))).isEqualTo("reply");
            assertThat(sub.readMessage(Duration.ofSeconds(5))).isNull();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aStalledStreamDoesNotHoldUpItsSiblingAndBlocksOnlyItsOwnWriter() throws Exception {
        long window = 256 * 1024;
        long sendBuffer = 1 << 20;
        long total = 16L << 20;
        try (Host server = host(window, sendBuffer); Host client = host(window, sendBuffer)) {
            StreamServer service = server.listen("flow", "v1");
            CompletableFuture<Stream> accepted = service.acceptAsync();
            Stream top = Stream.connectTo(client, Endpoint.of(server.localAddress()), "flow", "v1");
            Stream serverTop = accepted.get(5, TimeUnit.SECONDS);

            Stream a = top.openSubstream();
            a.writeMessage("A".getBytes());
            Stream serverA = serverTop.acceptSubstream(Duration.ofSeconds(5));
            assertThat(new String(serverA.readMessage(Duration.ofSeconds(5)))).isEqualTo("A");
            Stream b = top.openSubstream();
            b.writeMessage("B".getBytes());
            Stream serverB = serverTop.acceptSubstream(Duration.ofSeconds(5));
            assertThat(new String(serverB.readMessage(Duration.ofSeconds(5)))).isEqualTo("B");

            // A's writer writes until it blocks; nobody reads A at the server.
            AtomicLong writtenToA = new AtomicLong();
            Thread writerA = new Thread(() -> {
                ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
                try {
                    for (int i = 0; i < 4096; i++) {
                        chunk.clear();
                        a.write(chunk);
                        writtenToA.addAndGet(chunk.capacity());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }, "writer-A");
            writerA.setDaemon(true);
            writerA.start();

            CompletableFuture<byte[]> readB = CompletableFuture.supplyAsync(() -> {
                try {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                    long n = 0;
                    int r;
                    while ((r = serverB.read(buf, Duration.ofSeconds(10))) >= 0) {
                        buf.flip();
                        sha.update(buf);
                        buf.clear();
                        n += r;
                    }
                    assertThat(n).isEqualTo(total);
                    return sha.digest();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            long start = System.nanoTime();
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            for (long off = 0; off < total; off += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    chunk.putLong(off + chunk.position());
                }
                chunk.flip();
                sent.update(chunk.duplicate());
                b.write(chunk);
            }
            b.shutdownOutput();
            assertThat(readB.get(30, TimeUnit.SECONDS)).isEqualTo(sent.digest());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("16 MiB on B in %.2f s beside a stalled A; A's writer got %d bytes written, "
                    + "A's receiver holds %d bytes%n", seconds, writtenToA.get(), serverA.available());

            assertThat(writerA.isAlive()).as("A's writer is blocked").isTrue();
            assertThat(writtenToA.get()).as("bytes A's writer got written")
                    .isLessThanOrEqualTo(window + sendBuffer + 64 * 1024);
            assertThat(serverA.available()).as("bytes held at A's receiver").isLessThanOrEqualTo(window);
            a.reset(1);
            writerA.join(5000);
            assertThat(writerA.isAlive()).as("A's writer woke up when A was reset").isFalse();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void threeHundredSubstreamsEachEchoAMessage() throws Exception {
        int count = 300;
        try (Host server = host(); Host client = host()) {
            StreamServer service = server.listen("echo", "v1");
            CompletableFuture<Stream> accepted = service.acceptAsync();
            Stream top = Stream.connectTo(client, Endpoint.of(server.localAddress()), "echo", "v1");
            Stream serverTop = accepted.get(5, TimeUnit.SECONDS);
            serverTop.setSubstreamListener(s -> s.readMessageAsync().thenAccept(m -> {
                if (m != null) {
                    s.writeMessageAsync(ByteBuffer.wrap(m));
                }
            }));
            List<Stream> subs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Stream s = top.openSubstream();
                s.writeMessage(("message " + i).getBytes());
                subs.add(s);
            }
            for (int i = 0; i < count; i++) {
                assertThat(new String(subs.get(i).readMessage(Duration.ofSeconds(10)))).isEqualTo("message " + i);
            }
        }
    }
}
