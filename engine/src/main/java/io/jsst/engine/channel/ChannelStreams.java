package io.jsst.engine.channel;

import io.jsst.engine.ChannelClosedException;
import io.jsst.engine.stream.DatagramReassembler;
import io.jsst.engine.stream.ReceiveBuffer;
import io.jsst.engine.stream.SegmentPool;
import io.jsst.engine.stream.SendBuffer;
import io.jsst.engine.stream.StreamScheduler;
import io.jsst.engine.stream.StreamState;
import io.jsst.engine.wire.FrameWriter;
import io.jsst.engine.wire.StreamOpen;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The streams one channel carries (SST's stream layer over its channel layer): their ids, their
 * opening with zero round trips, the scheduler that serves them by priority, channel-wide flow
 * control, and their frames in and out of the channel's packets.
 *
 * <pre>
 *   application: open, write, finish, reset, reply, datagram, consumed --&gt; activate(stream)
 *   packet out:  writeFrames: scheduler order --&gt; RESET / REPLY / MAX_STREAM_DATA / STREAM(+OPEN) / DATAGRAM
 *   packet in:   onStream / onMaxStreamData / onResetStream / onStreamReply / onDatagram / onMaxData
 *   resolved:    onAcked (OPEN known, bytes freed, stream forgotten when done) / onLost (frames again)
 * </pre>
 */
final class ChannelStreams {
    /** Below this much room left in a packet, no further stream frame is tried. */
    private static final int MIN_FRAME_ROOM = 16;
    /** A datagram is not cut into fragments smaller than this (unless it is the last piece). */
    private static final int MIN_DATAGRAM_FRAGMENT = 256;
    /** The most streams one channel holds at once; a peer that opens more has them reset. */
    static final int MAX_STREAMS = 100_000;

    private final Channel channel;
    private final ChannelConfig config;
    private final boolean initiator;
    private final ChannelListener listener;

    private final Map<Long, StreamState> streams = new HashMap<>();
    private final StreamScheduler scheduler = new StreamScheduler();
    /** Datagram fragments waiting for the rest, over all streams: at most 4 MiB per channel. */
    private final DatagramReassembler.Budget datagramBudget = new DatagramReassembler.Budget(4L << 20);
    /**
     * The next id for a stream this side opens: odd on the channel's initiator, even on its
     * responder. Atomic because application threads reserve ids ({@link #reserveId}) so that
     * opening a stream returns at once, before the driver registers it.
     */
    private final AtomicLong nextLocalStreamId = new AtomicLong();
    /** Ids (halved) of streams the peer opened, still open or not: a frame for one seen and gone is late. */
    private final AckRanges peerStreamsSeen = new AckRanges(4096);
    private long streamsEmptySinceNanos;
    private boolean hadStream;
    private long channelSendLimit = ChannelConfig.INITIAL_CHANNEL_WINDOW;
    private long channelNewBytesSent;
    private long channelReceiveLimit;
    private long channelReceived;
    private long channelConsumed;
    private boolean maxDataPending;
    private final SendBuffer.Segment segment = new SendBuffer.Segment();
    private final SegmentPool segments;

    ChannelStreams(Channel channel, ChannelConfig config, boolean initiator, ChannelListener listener,
                   SegmentPool segments, long nowNanos) {
        this.segments = segments;
        this.channel = channel;
        this.config = config;
        this.initiator = initiator;
        this.listener = listener;
        this.nextLocalStreamId.set(initiator ? 1 : 2);
        this.streamsEmptySinceNanos = nowNanos;
        this.channelReceiveLimit = Math.max(config.channelReceiveWindow(), ChannelConfig.INITIAL_CHANNEL_WINDOW);
        this.maxDataPending = channelReceiveLimit > ChannelConfig.INITIAL_CHANNEL_WINDOW;
    }

    boolean isEmpty() {
        return streams.isEmpty();
    }

    /** Whether any stream, of either side, was ever opened on this channel. */
    boolean hadStream() {
        return hadStream;
    }

    /** Since when the channel has had no stream (meaningful while {@link #isEmpty()}). */
    long emptySinceNanos() {
        return streamsEmptySinceNanos;
    }

    /** Whether {@link #releaseSpare} has anything to let go of. */
    boolean hasSpare() {
        return peerStreamsSeen.hasSpare();
    }

    /** Lets go of capacity that only a busy spell needed (for an idle channel). */
    void releaseSpare() {
        peerStreamsSeen.releaseSpare();
    }

    void restartLinger(long nowNanos) {
        streamsEmptySinceNanos = nowNanos;
    }

    /** Whether some stream has something to send (flow control may still hold it). */
    boolean hasSomethingToSend() {
        return !scheduler.isEmpty();
    }

    boolean maxDataPending() {
        return maxDataPending;
    }

    /** The channel ended: every stream's owner hears why. */
    void channelClosed(ChannelClosedException cause) {
        for (StreamState s : List.copyOf(streams.values())) {
            if (s.listener() != null) {
                s.listener().channelClosed(cause);
            }
            s.sendBuffer().discard();
        }
    }

    /** The channel's peer address changed: every stream's owner hears it. */
    void peerAddressChanged(java.net.InetSocketAddress before, java.net.InetSocketAddress now, boolean unreachable) {
        for (StreamState s : List.copyOf(streams.values())) {
            if (s.listener() != null) {
                s.listener().peerAddressChanged(before, now, unreachable);
            }
        }
    }

    // ------------------------------------------------------------------ application commands

    /** An id for a stream this side will open; any thread may call it. */
    long reserveId() {
        return nextLocalStreamId.getAndAdd(2);
    }

    /** Opens the stream {@code id}, reserved with {@link #reserveId}. */
    StreamState open(long id, StreamOpen open) {
        StreamState s = new StreamState(id, open.parentId(), open, ChannelConfig.INITIAL_STREAM_WINDOW,
                ChannelConfig.INITIAL_STREAM_WINDOW, config.streamReceiveWindow(), datagramBudget, segments);
        streams.put(id, s);
        hadStream = true;
        return s;
    }

    StreamState get(long id) {
        return streams.get(id);
    }

    /** How many streams the channel holds (open, or closing until the peer has everything). */
    int count() {
        return streams.size();
    }

    /** Queues bytes on a stream; ignored if the stream is gone (reset, or closed and forgotten). */
    void write(long streamId, ByteBuffer data, boolean endOfMessage) {
        StreamState s = streams.get(streamId);
        if (s != null && !s.isResetLocally() && !s.isResetByPeer() && !s.sendBuffer().isFinished()) {
            s.sendBuffer().append(data, endOfMessage);
            activate(s);
        }
    }

    /** Ends a stream's sending side (FIN after the queued bytes). */
    void finish(long streamId) {
        StreamState s = streams.get(streamId);
        if (s != null && !s.isResetLocally() && !s.isResetByPeer()) {
            s.sendBuffer().finish();
            activate(s);
        }
    }

    /** Resets a stream: both directions end, and the peer is told {@code errorCode}. */
    void reset(long streamId, long errorCode) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.reset(errorCode);
            activate(s);
        }
    }

    /** Tells the peer of a stream this side opened now, before any data (an empty STREAM frame with OPEN). */
    void announce(long streamId) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.setAnnouncePending(true);
            activate(s);
        }
    }

    /** Accepts a top-level stream the peer opened: sends it a STREAM_REPLY (SST's Reply). */
    void reply(long streamId) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.setReplyPending(true);
            activate(s);
        }
    }

    /** Queues a best-effort datagram on a stream; false if dropped (queue full, stream gone). */
    boolean sendDatagram(long streamId, byte[] datagram) {
        StreamState s = streams.get(streamId);
        if (s == null || !s.queueDatagram(datagram)) {
            return false;
        }
        activate(s);
        return true;
    }

    void setPriority(long streamId, int priority) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.setPriority(priority);
            scheduler.reprioritize(streamId, priority);
        }
    }

    /** The application consumed {@code bytes} of a stream: open the flow-control windows. */
    void consumed(long streamId, long bytes) {
        StreamState s = streams.get(streamId);
        if (s != null && s.onConsumed(bytes)) {
            activate(s);
        }
        channelConsumed(bytes);
    }

    /** Bytes that no longer take room in the channel's window: consumed, or never to come (a reset). */
    private void channelConsumed(long bytes) {
        channelConsumed += bytes;
        long window = Math.max(config.channelReceiveWindow(), ChannelConfig.INITIAL_CHANNEL_WINDOW);
        long target = channelConsumed + window;
        if (target - channelReceiveLimit >= window / 4) {
            channelReceiveLimit = target;
            maxDataPending = true;
        }
    }

    private void activate(StreamState s) {
        if (s.hasSomethingToSend()) {
            scheduler.activate(s.id(), s.priority());
        }
    }

    /** Forgets a stream both sides are done with. */
    private void forgetIfDone(StreamState s, long nowNanos) {
        if (s.isDone() && streams.remove(s.id()) != null) {
            scheduler.remove(s.id());
            s.sendBuffer().discard();
            if (streams.isEmpty()) {
                streamsEmptySinceNanos = nowNanos;
            }
        }
    }

    /** Whether all streams' data and FINs have been acknowledged. */
    boolean allDataAcknowledged() {
        for (StreamState s : streams.values()) {
            if (!s.sendBuffer().isFullyAcknowledged()) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ frames in

    void onMaxData(long maximum) {
        channelSendLimit = Math.max(channelSendLimit, maximum);
    }

    void onStream(long streamId, StreamOpen open, long offset, ByteBuffer data, boolean fin,
                  boolean endOfMessage, long nowNanos) {
        StreamState s = streams.get(streamId);
        if (s == null) {
            s = peerStream(streamId, open, nowNanos);
            if (s == null) {
                return;
            }
        }
        long before = s.receiveBuffer().highestOffset();
        long end = offset + data.remaining();
        if (end > before && channelReceived + (end - before) > channelReceiveLimit) {
            channel.protocolViolation("channel flow control exceeded", nowNanos);
            return;
        }
        ReceiveBuffer.Verdict v = s.onStreamFrame(offset, data, fin, endOfMessage);
        if (v != ReceiveBuffer.Verdict.OK) {
            channel.protocolViolation("stream " + streamId + ": " + v, nowNanos);
            return;
        }
        channelReceived += s.receiveBuffer().highestOffset() - before;
        forgetIfDone(s, nowNanos);
    }

    void onMaxStreamData(long streamId, long maximum) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.onMaxStreamData(maximum);
            activate(s);
        }
    }

    void onResetStream(long streamId, long errorCode, long finalSize, long nowNanos) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            long highest = s.receiveBuffer().highestOffset();
            // RFC 9000 §4.5: the final size cannot shrink below what was received, nor pass the limit
            // the receiver advertised; the bytes up to it count against the channel's window.
            if (finalSize < highest || finalSize > s.receiveLimit()
                    || (s.receiveBuffer().finalSize() >= 0 && finalSize != s.receiveBuffer().finalSize())) {
                channel.protocolViolation("stream " + streamId + ": reset with a final size of " + finalSize
                        + " after " + highest + " bytes", nowNanos);
                return;
            }
            if (channelReceived + (finalSize - highest) > channelReceiveLimit) {
                channel.protocolViolation("channel flow control exceeded by a reset's final size", nowNanos);
                return;
            }
            channelReceived += finalSize - highest;
            // What never reached the reader frees the channel's window now; what did is freed by the
            // reader's side, which drops it on the reset.
            channelConsumed(finalSize - s.receiveBuffer().deliveredOffset());
            s.onReset(errorCode);
            scheduler.remove(streamId);
            activate(s);
            forgetIfDone(s, nowNanos);
        }
    }

    void onStreamReply(long streamId) {
        StreamState s = streams.get(streamId);
        if (s != null && s.parentId() == 0 && (streamId & 1) == (initiator ? 1 : 0)) {
            listener.streamReplied(channel, s);
        }
    }

    void onDatagram(long streamId, long datagramId, int totalLength, int offset, ByteBuffer data) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.onDatagramFragment(datagramId, totalLength, offset, data);
        }
    }

    /**
     * The stream a frame for an unknown id belongs to: a new one the peer opens (its frame carries
     * OPEN), or null for a stream seen and gone (a late frame) or a frame that breaks the protocol.
     */
    private StreamState peerStream(long streamId, StreamOpen open, long nowNanos) {
        boolean peerParity = (streamId & 1) == (initiator ? 0 : 1);
        if (!peerParity) {
            // Ours, and gone: a late frame.
            return null;
        }
        if (peerStreamsSeen.contains(streamId >> 1)) {
            return null;
        }
        if (open == null) {
            channel.protocolViolation("frame for stream " + streamId + ", which was never opened", nowNanos);
            return null;
        }
        peerStreamsSeen.add(streamId >> 1);
        StreamState s = new StreamState(streamId, open.parentId(), null, ChannelConfig.INITIAL_STREAM_WINDOW,
                ChannelConfig.INITIAL_STREAM_WINDOW, config.streamReceiveWindow(), datagramBudget, segments);
        streams.put(streamId, s);
        hadStream = true;
        if (streams.size() > MAX_STREAMS) {
            s.reset(CloseReason.STREAM_LIMIT);
            activate(s);
            return s;
        }
        listener.streamOpened(channel, s, open);
        activate(s);
        return s;
    }

    // ------------------------------------------------------------------ frames out

    /** MAX_DATA, if due and if it fits. */
    boolean writeMaxData(ByteBuffer out, int end, SentPacket p) {
        if (maxDataPending && end - out.position() >= FrameWriter.maxDataLength(channelReceiveLimit)) {
            FrameWriter.maxData(out, channelReceiveLimit);
            maxDataPending = false;
            p.maxData = true;
            return true;
        }
        return false;
    }

    /**
     * Fills the packet from the streams the scheduler offers, highest priority first; equal
     * priorities take turns of up to {@code quantum} bytes each (see {@link StreamScheduler}).
     */
    boolean writeFrames(ByteBuffer out, int end, SentPacket p, long quantum) {
        boolean wrote = false;
        for (ArrayDeque<Long> level : scheduler.levels()) {
            int count = level.size();
            for (int i = 0; i < count && end - out.position() > MIN_FRAME_ROOM; i++) {
                long id = level.pollFirst();
                StreamState s = streams.get(id);
                if (s == null) {
                    scheduler.requeue(level, id, false);
                    continue;
                }
                int before = out.position();
                wrote |= writeFramesOf(s, out, end, p);
                scheduler.requeue(level, id, s.hasSomethingToSend(), out.position() - before,
                        end - out.position() <= MIN_FRAME_ROOM, quantum);
            }
            if (end - out.position() <= MIN_FRAME_ROOM) {
                break;
            }
        }
        scheduler.prune();
        return wrote;
    }

    /** One stream's frames: reset, reply, flow control, data (with OPEN until acknowledged), datagrams. */
    private boolean writeFramesOf(StreamState s, ByteBuffer out, int end, SentPacket p) {
        boolean wrote = false;
        long id = s.id();
        if (s.resetPending()) {
            long finalSize = s.sendBuffer().sentOffset();
            if (end - out.position() >= FrameWriter.resetStreamLength(id, s.resetErrorCode(), finalSize)) {
                FrameWriter.resetStream(out, id, s.resetErrorCode(), finalSize);
                s.setResetPending(false);
                p.addReset(id);
                wrote = true;
            }
            return wrote;
        }
        if (s.isResetLocally() || s.isResetByPeer()) {
            return false;
        }
        if (s.openToSend() == null) {
            // Before the data, which may fill the packet: a MAX_STREAM_DATA must not starve behind it.
            wrote |= writeStreamControlFrames(s, out, end, p);
        }
        SendBuffer buf = s.sendBuffer();
        while (true) {
            StreamOpen open = s.openToSend();
            int room = end - out.position() - FrameWriter.streamHeaderLength(id, open, buf.writeOffset(), 65535);
            if (room <= 0) {
                return wrote;
            }
            if (open != null && buf.hasDataToSend(Long.MAX_VALUE)) {
                if (!writeAncestorOpens(s, out, end, p)) {
                    return wrote;
                }
                room = end - out.position() - FrameWriter.streamHeaderLength(id, open, buf.writeOffset(), 65535);
                if (room <= 0) {
                    return wrote;
                }
            }
            long channelCredit = channelSendLimit - channelNewBytesSent;
            long flowLimit = Math.min(s.sendLimit(), buf.sentOffset() + Math.max(0, channelCredit));
            long sentBefore = buf.sentOffset();
            if (!buf.nextSegment(room, flowLimit, segment)) {
                break;
            }
            channelNewBytesSent += buf.sentOffset() - sentBefore;
            FrameWriter.streamHeader(out, id, open, segment.offset, segment.length, segment.fin, segment.endOfMessage);
            buf.copy(segment.offset, segment.length, out);
            p.addStream(id, segment.offset, segment.length, segment.fin, open != null);
            if (open != null) {
                s.setAnnouncePending(false);
            }
            p.retransmission |= segment.retransmission;
            wrote = true;
        }
        if (s.announcePending()) {
            // The peer learns of a stream from a STREAM frame: an empty one with OPEN announces it.
            StreamOpen open = s.openToSend();
            if (!writeAncestorOpens(s, out, end, p)
                    || end - out.position() < FrameWriter.streamHeaderLength(id, open, 0, 0)) {
                return wrote;
            }
            FrameWriter.streamHeader(out, id, open, 0, 0, false, false);
            p.addStream(id, 0, 0, false, true);
            s.setAnnouncePending(false);
            wrote = true;
        }
        // After the frames that carry OPEN, so the peer knows the stream they refer to.
        wrote |= writeStreamControlFrames(s, out, end, p);
        StreamState.OutgoingDatagram d;
        while ((d = s.nextDatagram()) != null) {
            int header = FrameWriter.datagramHeaderLength(id, d.id, d.data.length, d.sentOffset, 65535);
            int room = end - out.position() - header;
            if (room <= 0 || (room < d.data.length - d.sentOffset && room < MIN_DATAGRAM_FRAGMENT)) {
                return wrote;
            }
            int n = Math.min(room, d.data.length - d.sentOffset);
            FrameWriter.datagramHeader(out, id, d.id, d.data.length, d.sentOffset, n);
            out.put(d.data, d.sentOffset, n);
            d.sentOffset += n;
            wrote = true;
            if (d.sentOffset == d.data.length) {
                s.datagramSent();
            }
        }
        return wrote;
    }

    /**
     * Before a frame that opens substream {@code s}: empty STREAM frames with OPEN for each of its
     * ancestors the peer does not know yet, outermost first, so that the packet that opens a child
     * always opens its parents too, whatever was lost. Returns false (having written nothing) if
     * they do not all fit.
     */
    private boolean writeAncestorOpens(StreamState s, ByteBuffer out, int end, SentPacket p) {
        ArrayDeque<StreamState> chain = null;
        int need = 0;
        for (long parentId = s.parentId(); parentId != 0; ) {
            StreamState parent = streams.get(parentId);
            if (parent == null || parent.openToSend() == null) {
                break;
            }
            if (chain == null) {
                chain = new ArrayDeque<>();
            }
            chain.addFirst(parent);
            need += FrameWriter.streamHeaderLength(parent.id(), parent.openToSend(), 0, 0);
            parentId = parent.parentId();
        }
        if (chain == null) {
            return true;
        }
        if (end - out.position() < need) {
            return false;
        }
        for (StreamState a : chain) {
            FrameWriter.streamHeader(out, a.id(), a.openToSend(), 0, 0, false, false);
            p.addStream(a.id(), 0, 0, false, true);
        }
        return true;
    }

    /** A stream's STREAM_REPLY and MAX_STREAM_DATA, if due and if they fit. */
    private boolean writeStreamControlFrames(StreamState s, ByteBuffer out, int end, SentPacket p) {
        long id = s.id();
        boolean wrote = false;
        if (s.replyPending() && end - out.position() >= FrameWriter.streamReplyLength(id)) {
            FrameWriter.streamReply(out, id);
            s.setReplyPending(false);
            p.addReply(id);
            wrote = true;
        }
        if (s.maxStreamDataPending() && end - out.position() >= FrameWriter.maxStreamDataLength(id, s.receiveLimit())) {
            FrameWriter.maxStreamData(out, id, s.receiveLimit());
            s.setMaxStreamDataPending(false);
            p.addMaxStreamData(id);
            wrote = true;
        }
        return wrote;
    }

    // ------------------------------------------------------------------ packets resolved

    /** A packet was acknowledged: its OPENs are known, its bytes delivered, its resets heard. */
    void onAcked(SentPacket p, long nowNanos) {
        for (int i = 0; i < p.streamFrames; i++) {
            StreamState s = streams.get(p.streamIds[i]);
            if (s != null) {
                if (p.streamOpens[i]) {
                    s.onOpenAcknowledged();
                }
                s.onAcknowledged(p.streamOffsets[i], p.streamLengths[i], p.streamFins[i]);
                forgetIfDone(s, nowNanos);
            }
        }
        for (int i = 0; i < p.resetFrames; i++) {
            StreamState s = streams.get(p.resetIds[i]);
            if (s != null) {
                s.onResetAcknowledged();
                forgetIfDone(s, nowNanos);
            }
        }
    }

    /** A packet was lost: its stream frames are due again, with current values. */
    void onLost(SentPacket p) {
        for (int i = 0; i < p.streamFrames; i++) {
            StreamState s = streams.get(p.streamIds[i]);
            if (s != null) {
                s.sendBuffer().onLost(p.streamOffsets[i], p.streamLengths[i], p.streamFins[i]);
                if (p.streamOpens[i]) {
                    s.setAnnouncePending(true);
                }
                activate(s);
            }
        }
        for (int i = 0; i < p.replyFrames; i++) {
            StreamState s = streams.get(p.replyIds[i]);
            if (s != null) {
                s.setReplyPending(true);
                activate(s);
            }
        }
        for (int i = 0; i < p.resetFrames; i++) {
            StreamState s = streams.get(p.resetIds[i]);
            if (s != null) {
                s.setResetPending(true);
                activate(s);
            }
        }
        if (p.maxData) {
            maxDataPending = true;
        }
        for (int i = 0; i < p.maxStreamDataFrames; i++) {
            StreamState s = streams.get(p.maxStreamDataIds[i]);
            if (s != null) {
                s.setMaxStreamDataPending(true);
                activate(s);
            }
        }
    }

    /** A probe timeout with nothing new to send: send {@code p}'s stream bytes again. */
    void resend(SentPacket p) {
        for (int i = 0; i < p.streamFrames; i++) {
            StreamState s = streams.get(p.streamIds[i]);
            if (s != null) {
                s.sendBuffer().onLost(p.streamOffsets[i], p.streamLengths[i], p.streamFins[i]);
                activate(s);
            }
        }
    }
}
