package io.jsst.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.Host;
import io.jsst.engine.Stream;
import io.jsst.engine.channel.ChannelStats;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A one-way bulk transfer between two hosts on real UDP, with the blocking stream API: the client
 * writes {@code bytes} of a known pattern on a new stream and ends it; the server reads to the end;
 * both digests must match. {@link Transfer} is the same for a simulated network.
 */
public final class UdpBulkTransfer {

    private UdpBulkTransfer() {
    }

    /**
     * Runs the transfer and checks it byte for byte.
     *
     * @param timeout how long the server may take to have read everything
     * @return the client's channel counters once the server has everything
     */
    public static ChannelStats sendAndVerify(Host client, Host server, long bytes, Duration timeout) throws Exception {
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
            try (Stream s = server.accept(Duration.ofSeconds(10))) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
                long n = 0;
                int r;
                while ((r = s.read(buf, Duration.ofSeconds(20))) >= 0) {
                    buf.flip();
                    sha.update(buf);
                    buf.clear();
                    n += r;
                }
                assertThat(n).isEqualTo(bytes);
                return sha.digest();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (Stream s = client.connect(server.localAddress())) {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            for (long off = 0; off < bytes; off += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    chunk.putLong(off + chunk.position());
                }
                chunk.flip();
                sent.update(chunk.duplicate());
                s.write(chunk);
            }
            s.shutdownOutput();
            assertThat(received.get(timeout.toNanos(), TimeUnit.NANOSECONDS)).isEqualTo(sent.digest());
            return s.stats();
        }
    }
}
