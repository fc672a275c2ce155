package io.jsst.engine.loop;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;

/**
 * Test fake: sends {@code total} datagrams numbered 0..total-1 to {@code peer}, at most
 * {@code window} of them unanswered, and counts the distinct numbers that come back (an echo
 * peer answers each). Completes {@link #allAnswered} when every number came back.
 */
final class NumberedSender extends QuietEndpoint {

    static final int PAYLOAD_BYTES = 100;

    final CompletableFuture<Integer> allAnswered = new CompletableFuture<>();
    private final InetSocketAddress peer;
    private final int total;
    private final int window;
    private final BitSet answered = new BitSet();
    private int answeredCount;
    private int nextToSend;
    private boolean started;

    NumberedSender(InetSocketAddress peer, int total, int window) {
        this.peer = peer;
        this.total = total;
        this.window = window;
    }

    /** Starts sending; call on the driver thread (through {@code execute}). */
    void start() {
        started = true;
    }

    @Override
    public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
        int n = datagram.getInt(datagram.position());
        if (n >= 0 && n < total && !answered.get(n)) {
            answered.set(n);
            answeredCount++;
            if (answeredCount == total) {
                allAnswered.complete(answeredCount);
            }
        }
    }

    @Override
    public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos) {
        if (!started || nextToSend >= total || nextToSend - answeredCount >= window) {
            return null;
        }
        out.putInt(nextToSend++);
        while (out.position() < PAYLOAD_BYTES) {
            out.put((byte) 0x5a);
        }
        out.flip();
        return peer;
    }

    int sent() {
        return nextToSend;
    }
}
