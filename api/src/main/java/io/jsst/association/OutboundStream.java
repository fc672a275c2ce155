package io.jsst.association;

import io.jsst.engine.Stream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * One outbound SCTP stream of an association: its SST substream, opened on first use with a
 * header and no round trip, and the messages waiting for their turn.
 *
 * <p>A message with a lifetime (SCTP's partial reliability) is handed to the substream only when
 * everything before it has been acknowledged, so until then it is known to be unsent and can be
 * dropped when its lifetime ends; every later message of the stream waits behind it, keeping the
 * stream's order.
 */
final class OutboundStream {

    /** A message that waits for its turn. */
    private record Waiting(ByteBuffer wire, boolean endOfMessage, long deadlineNanos, int payloadProtocolId,
                           byte[] payload) {
        boolean hasLifetime() {
            return deadlineNanos != Long.MAX_VALUE;
        }
    }

    private final AssociationSession session;
    private final int number;
    private final long bufferLimit;
    private Stream substream;
    private boolean midMessage;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private long waitingBytes;
    private boolean flushArmed;
    private boolean timerArmed;

    OutboundStream(AssociationSession session, int number, long bufferLimit) {
        this.session = session;
        this.number = number;
        this.bufferLimit = bufferLimit;
    }

    /**
     * Offers one message (or part of one) to the stream without blocking.
     *
     * @return true if taken; false if the stream's buffer has no room for it now
     */
    synchronized boolean offer(int payloadProtocolId, ByteBuffer payload, boolean complete, long lifetimeNanos)
            throws IOException {
        Stream s = open();
        ByteBuffer wire = midMessage ? copy(payload) : AssociationWire.encodeMessage(payloadProtocolId, payload);
        boolean timed = lifetimeNanos > 0 && complete && !midMessage;
        if (waiting.isEmpty() && !(timed && s.unacknowledgedBytes() > 0)) {
            if (!s.tryWrite(wire, complete)) {
                return false;
            }
        } else {
            if (waitingBytes >= bufferLimit) {
                return false;
            }
            byte[] copy = bytesOf(payload);
            long deadline = timed ? System.nanoTime() + lifetimeNanos : Long.MAX_VALUE;
            waiting.add(new Waiting(wire, complete, deadline, payloadProtocolId, copy));
            waitingBytes += wire.remaining();
            if (timed) {
                armTimer(lifetimeNanos);
            }
            flush();
        }
        payload.position(payload.limit());
        midMessage = !complete;
        return true;
    }

    /** Runs {@code action} when the stream may take more. */
    synchronized void whenWritable(Runnable action) {
        if (substream == null) {
            action.run();
        } else {
            // A refused message needs room for all of it, which only an acknowledgement makes: waking
            // at the first free byte would wake a non-blocking sender (spin a blocking one) while it
            // still does not fit. With nothing unacknowledged this runs at once, and then anything fits.
            substream.whenAcknowledged(action);
        }
    }

    private Stream open() throws IOException {
        if (substream == null) {
            substream = session.openSubstream();
            substream.tryWrite(ByteBuffer.wrap(AssociationWire.encodeSubstreamHeader(false, number)), true);
        }
        return substream;
    }

    /** Drops what outlived its lifetime, then hands on what may go now. */
    synchronized void flush() {
        long now = System.nanoTime();
        for (Iterator<Waiting> i = waiting.iterator(); i.hasNext(); ) {
            Waiting w = i.next();
            if (w.hasLifetime() && w.deadlineNanos() <= now) {
                i.remove();
                waitingBytes -= w.wire().remaining();
                session.sendFailed(number, false, w.payloadProtocolId(), w.payload(),
                        Inbound.SendFailed.LIFETIME_EXPIRED);
            }
        }
        try {
            while (!waiting.isEmpty()) {
                Waiting w = waiting.peek();
                if (w.hasLifetime() && substream.unacknowledgedBytes() > 0) {
                    break;
                }
                int n = w.wire().remaining();
                if (!substream.tryWrite(w.wire(), w.endOfMessage())) {
                    break;
                }
                waiting.poll();
                waitingBytes -= n;
            }
        } catch (IOException e) {
            // The substream failed: the association is ending and reports what is left.
            return;
        }
        if (!waiting.isEmpty() && !flushArmed) {
            flushArmed = true;
            substream.whenAcknowledged(() -> {
                synchronized (this) {
                    flushArmed = false;
                }
                flush();
                session.readinessChanged();
            });
        }
        if (!waiting.isEmpty()) {
            armTimer(waiting.stream().filter(Waiting::hasLifetime).mapToLong(Waiting::deadlineNanos).min()
                    .orElse(Long.MAX_VALUE) - now);
        }
    }

    private void armTimer(long delayNanos) {
        if (timerArmed || delayNanos > Long.MAX_VALUE / 2) {
            return;
        }
        timerArmed = true;
        AssociationTimer.schedule(() -> {
            synchronized (this) {
                timerArmed = false;
            }
            flush();
        }, delayNanos);
    }

    /** The association ended: every waiting message with a payload copy is reported unsent. */
    synchronized void fail() {
        for (Waiting w : waiting) {
            session.sendFailed(number, false, w.payloadProtocolId(), w.payload(), Inbound.SendFailed.ASSOCIATION_ENDED);
        }
        waiting.clear();
        waitingBytes = 0;
    }

    synchronized Stream substream() {
        return substream;
    }

    private static ByteBuffer copy(ByteBuffer src) {
        ByteBuffer b = ByteBuffer.allocate(src.remaining());
        b.put(src.duplicate()).flip();
        return b;
    }

    private static byte[] bytesOf(ByteBuffer src) {
        byte[] b = new byte[src.remaining()];
        src.duplicate().get(b);
        return b;
    }
}
