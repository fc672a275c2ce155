package io.jsst.engine.stream;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The protocol state of one stream inside a channel: its send and receive buffers and both
 * directions of stream flow control.
 *
 * <pre>
 *  send:    bytes &lt; sendLimit (the peer's MAX_STREAM_DATA) may go out
 *  receive: the peer may send up to receiveLimit = consumed + window; when the reader has
 *           consumed a quarter of the window beyond the last advertisement, a new
 *           MAX_STREAM_DATA goes out
 * </pre>
 *
 * Until a {@link StreamListener} is attached, delivered data waits here (bounded by the window).
 */
public final class StreamState {
    private final long id;
    private final long receiveWindow;
    private final SendBuffer send = new SendBuffer();
    private final ReceiveBuffer receive = new ReceiveBuffer();
    private long sendLimit;
    private long receiveLimit;
    private long consumed;
    private boolean maxStreamDataPending;
    private StreamListener listener;
    private final ArrayDeque<Object> early = new ArrayDeque<>();
    private boolean peerReset;
    private long resetErrorCode = -1;
    private boolean resetPending;

    private final ReceiveBuffer.Sink sink = new ReceiveBuffer.Sink() {
        @Override
        public void data(byte[] bytes, boolean endOfMessage) {
            if (listener != null) {
                listener.data(bytes, endOfMessage);
            } else {
                early.add(new Chunk(bytes, endOfMessage));
            }
        }

        @Override
        public void finished() {
            if (listener != null) {
                listener.finished();
            } else {
                early.add(FIN);
            }
        }
    };

    private record Chunk(byte[] bytes, boolean endOfMessage) {
    }

    private static final Object FIN = new Object();

    public StreamState(long id, long initialSendLimit, long initialReceiveLimit, long receiveWindow) {
        this.id = id;
        this.sendLimit = initialSendLimit;
        this.receiveLimit = initialReceiveLimit;
        this.receiveWindow = receiveWindow;
        this.maxStreamDataPending = receiveWindow > initialReceiveLimit;
        if (maxStreamDataPending) {
            this.receiveLimit = receiveWindow;
        }
    }

    public long id() {
        return id;
    }

    public SendBuffer sendBuffer() {
        return send;
    }

    public ReceiveBuffer receiveBuffer() {
        return receive;
    }

    public long sendLimit() {
        return sendLimit;
    }

    public long receiveLimit() {
        return receiveLimit;
    }

    /** Attaches the owner and hands it anything that arrived before. */
    public void attach(StreamListener l) {
        this.listener = l;
        Object o;
        while ((o = early.poll()) != null) {
            if (o == FIN) {
                l.finished();
            } else {
                Chunk c = (Chunk) o;
                l.data(c.bytes, c.endOfMessage);
            }
        }
        if (peerReset) {
            l.reset(resetErrorCode);
        }
    }

    public StreamListener listener() {
        return listener;
    }

    /** Takes a STREAM frame. */
    public ReceiveBuffer.Verdict onStreamFrame(long offset, ByteBuffer data, boolean fin, boolean endOfMessage) {
        if (peerReset) {
            return ReceiveBuffer.Verdict.OK;
        }
        return receive.receive(offset, data, fin, endOfMessage, receiveLimit, sink);
    }

    /** The peer raised our send limit. */
    public void onMaxStreamData(long maximum) {
        sendLimit = Math.max(sendLimit, maximum);
    }

    public void onReset(long errorCode) {
        if (!peerReset) {
            peerReset = true;
            resetErrorCode = errorCode;
            if (listener != null) {
                listener.reset(errorCode);
            }
        }
    }

    /**
     * The reader consumed {@code bytes} more. Returns true if a MAX_STREAM_DATA is now due.
     */
    public boolean onConsumed(long bytes) {
        consumed += bytes;
        long target = consumed + receiveWindow;
        if (target - receiveLimit >= receiveWindow / 4) {
            receiveLimit = target;
            maxStreamDataPending = true;
        }
        return maxStreamDataPending;
    }

    public boolean maxStreamDataPending() {
        return maxStreamDataPending;
    }

    /** Marks the MAX_STREAM_DATA as sent (true) or lost and due again (false). */
    public void setMaxStreamDataPending(boolean pending) {
        this.maxStreamDataPending = pending;
    }

    /** Our side resets the stream: stop sending, tell the peer. */
    public void reset(long errorCode) {
        resetErrorCode = errorCode;
        resetPending = true;
    }

    public boolean resetPending() {
        return resetPending;
    }

    public void setResetPending(boolean pending) {
        resetPending = pending;
    }

    public long resetErrorCode() {
        return resetErrorCode;
    }

    public void onAcknowledged(long offset, int length, boolean fin) {
        boolean wasDone = send.isFinished() && send.isFullyAcknowledged();
        long freed = send.onAcked(offset, length, fin);
        if (listener != null) {
            if (freed > 0) {
                listener.acknowledged(freed);
            }
            if (!wasDone && send.isFinished() && send.isFullyAcknowledged()) {
                listener.outputFinished();
            }
        }
    }
}
