package io.jsst.engine.testing;

import io.jsst.engine.Stream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * Drives a one-way bulk transfer with the asynchronous stream API (so it runs on a simulated
 * network's thread): the sender writes a deterministic pattern, the receiver checks every byte.
 */
public final class Transfer {
    private final Stream from;
    private final Stream to;
    private final long total;
    private final int chunk;
    private long written;
    private long received;
    private long mismatchAt = -1;
    private boolean ended;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);

    public Transfer(Stream from, Stream to, long total, int chunk) {
        this.from = from;
        this.to = to;
        this.total = total;
        this.chunk = chunk;
    }

    /** The byte at stream offset {@code i} of the pattern. */
    public static byte patternByte(long i) {
        long x = i * 0x9E3779B97F4A7C15L;
        return (byte) (x >>> 56 ^ i >>> 13);
    }

    public Transfer start() {
        writeNext();
        readNext();
        return this;
    }

    private void writeNext() {
        if (written >= total) {
            from.shutdownOutput();
            return;
        }
        int n = (int) Math.min(chunk, total - written);
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            b.put(patternByte(written + i));
        }
        b.flip();
        written += n;
        from.writeAsync(b).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                writeNext();
            }
        });
    }

    private void readNext() {
        readBuffer.clear();
        to.readAsync(readBuffer).whenComplete((n, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            if (n < 0) {
                ended = true;
                done.complete(null);
                return;
            }
            readBuffer.flip();
            while (readBuffer.hasRemaining()) {
                if (readBuffer.get() != patternByte(received) && mismatchAt < 0) {
                    mismatchAt = received;
                }
                received++;
            }
            readNext();
        });
    }

    public boolean isDone() {
        return done.isDone();
    }

    public CompletableFuture<Void> future() {
        return done;
    }

    public long received() {
        return received;
    }

    /** The first offset whose byte differed, or -1. */
    public long mismatchAt() {
        return mismatchAt;
    }

    public boolean endedCleanly() {
        return ended && !done.isCompletedExceptionally();
    }

    /** CRC of the pattern's first {@code n} bytes (for reports). */
    public static long patternCrc(long n) {
        CRC32 crc = new CRC32();
        for (long i = 0; i < n; i++) {
            crc.update(patternByte(i));
        }
        return crc.getValue();
    }
}
