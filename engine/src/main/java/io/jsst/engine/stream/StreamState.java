package io.jsst.engine.stream;

import io.jsst.engine.wire.StreamOpen;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The protocol state of one stream inside a channel: its send and receive buffers, both
 * directions of stream flow control, its opening, reset and datagrams.
 *
 * <pre>
 *  open:    a stream this side opened carries its OPEN information (parent, or service and
 *           protocol) on every STREAM frame until one of them is acknowledged (SST's Init);
 *           the peer learns of it with the first bytes, no round trip
 *  send:    bytes &lt; sendLimit (the peer's MAX_STREAM_DATA) may go out
 *  receive: the peer may send up to receiveLimit = consumed + window; when the reader has
 *           consumed a quarter of the window beyond the last advertisement, a new
 *           MAX_STREAM_DATA goes out
 *  reset:   either side ends both directions at once with an error code
 * </pre>
 *
 * Until a {@link StreamListener} is attached, delivered data waits here (bounded by the window).
 */
public final class StreamState {
    /** Datagrams queued to send on one stream before new ones are dropped (best effort). */
    public static final int MAX_QUEUED_DATAGRAMS = 256;

    private final long id;
    private final long parentId;
    private final long receiveWindow;
    private final SendBuffer send;
    private final ReceiveBuffer receive = new ReceiveBuffer();
    private long sendLimit;
    private long receiveLimit;
    private long consumed;
    private boolean maxStreamDataPending;
    private int priority;
    private StreamListener listener;
    private final ArrayDeque<Object> early = new ArrayDeque<>();

    private StreamOpen openToSend;
    private boolean announcePending;
    private boolean replyPending;
    private Object owner;

    private boolean peerReset;
    private long peerResetCode = -1;
    private boolean localReset;
    private long localResetCode = -1;
    private boolean resetPending;
    private boolean resetAcked;

    private final ArrayDeque<OutgoingDatagram> datagrams = new ArrayDeque<>();
    private long nextDatagramId;
    private long datagramsDropped;
    private DatagramReassembler reassembler;
    private final DatagramReassembler.Budget datagramBudget;

    /** A datagram being sent, fragment by fragment. */
    public static final class OutgoingDatagram {
        public final long id;
        public final byte[] data;
        public int sentOffset;

        OutgoingDatagram(long id, byte[] data) {
            this.id = id;
            this.data = data;
        }
    }

    private final ReceiveBuffer.Sink sink = new ReceiveBuffer.Sink() {
        @Override
        public void data(ByteBuffer bytes, boolean endOfMessage) {
            if (listener != null) {
                listener.data(bytes, endOfMessage);
            } else {
                // The packet's buffer is reused: bytes kept past this call are copied.
                byte[] copy = new byte[bytes.remaining()];
                bytes.get(copy);
                early.add(new Chunk(copy, endOfMessage));
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

    /**
     * @param open for a stream this side opens: what to tell the peer; null for one the peer opened
     */
    public StreamState(long id, long parentId, StreamOpen open, long initialSendLimit, long initialReceiveLimit,
                       long receiveWindow, DatagramReassembler.Budget datagramBudget, SegmentPool segments) {
        this.send = new SendBuffer(segments);
        this.id = id;
        this.datagramBudget = datagramBudget;
        this.parentId = parentId;
        this.openToSend = open;
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

    /** The parent stream's id, or 0 for a top-level stream. */
    public long parentId() {
        return parentId;
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

    public int priority() {
        return priority;
    }

    public void setPriority(int priority) {
        this.priority = priority;
    }

    /** Attaches the owner and hands it anything that arrived before. */
    public void attach(StreamListener l) {
        this.listener = l;
        Object o;
        while ((o = early.poll()) != null) {
            if (o == FIN) {
                l.finished();
            } else if (o instanceof byte[] datagram) {
                l.datagram(datagram);
            } else {
                Chunk c = (Chunk) o;
                l.data(ByteBuffer.wrap(c.bytes), c.endOfMessage);
            }
        }
        if (peerReset) {
            l.reset(peerResetCode);
        }
    }

    public StreamListener listener() {
        return listener;
    }

    // ------------------------------------------------------------------ opening

    /** The OPEN information to put on STREAM frames, or null once the peer has it. */
    public StreamOpen openToSend() {
        return openToSend;
    }

    /** A packet that carried the OPEN information was acknowledged. */
    public void onOpenAcknowledged() {
        openToSend = null;
        announcePending = false;
    }

    /**
     * Whether the peer must learn of this stream now, with no data yet (a top-level stream waiting
     * for its reply, or datagrams on a new stream): an empty STREAM frame with OPEN goes out.
     */
    public boolean announcePending() {
        return announcePending && openToSend != null;
    }

    public void setAnnouncePending(boolean pending) {
        announcePending = pending && openToSend != null;
    }

    /** The object that owns this stream above the channel (its public face). */
    public Object owner() {
        return owner;
    }

    public void setOwner(Object owner) {
        this.owner = owner;
    }

    public boolean replyPending() {
        return replyPending;
    }

    /** Marks the STREAM_REPLY due (true) or sent (false). */
    public void setReplyPending(boolean pending) {
        replyPending = pending;
    }

    // ------------------------------------------------------------------ receiving

    /** Takes a STREAM frame. */
    public ReceiveBuffer.Verdict onStreamFrame(long offset, ByteBuffer data, boolean fin, boolean endOfMessage) {
        if (peerReset || localReset) {
            return ReceiveBuffer.Verdict.OK;
        }
        return receive.receive(offset, data, fin, endOfMessage, receiveLimit, sink);
    }

    /** Takes a DATAGRAM frame's fragment. */
    public void onDatagramFragment(long datagramId, int total, int offset, ByteBuffer data) {
        if (peerReset || localReset) {
            return;
        }
        if (reassembler == null) {
            reassembler = new DatagramReassembler(datagramBudget);
        }
        byte[] whole = reassembler.fragment(datagramId, total, offset, data);
        if (whole != null) {
            if (listener != null) {
                listener.datagram(whole);
            } else if (early.size() < MAX_QUEUED_DATAGRAMS) {
                early.add(whole);
            }
        }
    }

    /** The peer raised our send limit. */
    public void onMaxStreamData(long maximum) {
        sendLimit = Math.max(sendLimit, maximum);
    }

    public void onReset(long errorCode) {
        if (!peerReset) {
            peerReset = true;
            peerResetCode = errorCode;
            datagrams.clear();
            if (listener != null) {
                listener.reset(errorCode);
            }
        }
    }

    public boolean isResetByPeer() {
        return peerReset;
    }

    /**
     * The reader consumed {@code bytes} more. Returns true if a MAX_STREAM_DATA is now due.
     */
    public boolean onConsumed(long bytes) {
        consumed += bytes;
        long target = consumed + receiveWindow;
        if (target - receiveLimit >= receiveWindow / 4) {
            receiveLimit = target;
            maxStreamDataPending = !peerReset && !localReset && !receive.isFinished();
        }
        return maxStreamDataPending;
    }

    public boolean maxStreamDataPending() {
        return maxStreamDataPending;
    }

    /** Marks the MAX_STREAM_DATA as sent (false) or lost and due again (true). */
    public void setMaxStreamDataPending(boolean pending) {
        this.maxStreamDataPending = pending && !peerReset && !localReset && !receive.isFinished();
    }

    // ------------------------------------------------------------------ resetting

    /** Our side resets the stream: stop sending, tell the peer. */
    public void reset(long errorCode) {
        if (localReset || peerReset) {
            return;
        }
        localReset = true;
        localResetCode = errorCode;
        resetPending = true;
        datagrams.clear();
    }

    public boolean isResetLocally() {
        return localReset;
    }

    public boolean resetPending() {
        return resetPending;
    }

    /** Marks the RESET_STREAM as sent (false) or lost and due again (true). */
    public void setResetPending(boolean pending) {
        resetPending = pending && !resetAcked;
    }

    public void onResetAcknowledged() {
        resetAcked = true;
        resetPending = false;
    }

    public long resetErrorCode() {
        return localResetCode;
    }

    // ------------------------------------------------------------------ datagrams

    /** Queues a datagram; false (dropped) if too many wait already. */
    public boolean queueDatagram(byte[] data) {
        if (localReset || peerReset || datagrams.size() >= MAX_QUEUED_DATAGRAMS) {
            datagramsDropped++;
            return false;
        }
        datagrams.add(new OutgoingDatagram(nextDatagramId++, data));
        setAnnouncePending(true);
        return true;
    }

    /** The datagram being sent, or null. */
    public OutgoingDatagram nextDatagram() {
        return datagrams.peek();
    }

    /** The datagram at the head was sent completely. */
    public void datagramSent() {
        datagrams.poll();
    }

    // ------------------------------------------------------------------ sending and life

    /** Whether this stream has anything to send, flow control aside. */
    public boolean hasSomethingToSend() {
        if (resetPending) {
            return true;
        }
        if (localReset || peerReset) {
            return false;
        }
        return replyPending || maxStreamDataPending || !datagrams.isEmpty() || announcePending()
                || send.hasDataToSend(Long.MAX_VALUE);
    }

    /** Whether both directions are over and the peer knows: the channel may forget the stream. */
    public boolean isDone() {
        if (localReset) {
            return resetAcked;
        }
        if (peerReset) {
            return true;
        }
        return send.isFinished() && send.isFullyAcknowledged() && receive.isFinished() && !replyPending
                && openToSend == null;
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
