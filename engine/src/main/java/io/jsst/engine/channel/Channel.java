package io.jsst.engine.channel;

import io.jsst.engine.Eid;
import io.jsst.engine.channel.cc.CongestionController;
import io.jsst.engine.channel.cc.Pacer;
import io.jsst.engine.channel.path.AntiAmplificationLimit;
import io.jsst.engine.channel.path.PmtuProber;
import io.jsst.engine.channel.recovery.RttEstimator;
import io.jsst.engine.crypto.HostIdentity;
import io.jsst.engine.crypto.PacketProtection;
import io.jsst.engine.crypto.ReplayWindow;
import io.jsst.engine.stream.ReceiveBuffer;
import io.jsst.engine.stream.SendBuffer;
import io.jsst.engine.stream.DatagramReassembler;
import io.jsst.engine.stream.StreamScheduler;
import io.jsst.engine.stream.StreamState;
import io.jsst.engine.wire.StreamOpen;
import io.jsst.engine.wire.AckFrame;
import io.jsst.engine.wire.FrameReader;
import io.jsst.engine.wire.FrameVisitor;
import io.jsst.engine.wire.FrameWriter;
import io.jsst.engine.wire.PacketHeader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import io.jsst.engine.ChannelClosedException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The SST channel between two hosts: one congestion-controlled, authenticated and encrypted
 * sequence of packets that carries the frames of many streams. Sans-I/O: packets and
 * {@code nowNanos} go in ({@link #handlePacket}, {@link #handleTimeout}), packets come out
 * ({@link #pollPacket}), and {@link #nextTimeoutNanos()} says when to come back.
 *
 * <pre>
 *   send: pn = next++ -&gt; frames (ACK, path, identity, flow control, stream data) -&gt; seal -&gt; log
 *   ACK in: newly acked -&gt; RTT sample -&gt; congestion control -&gt; frames acked in their owners
 *           -&gt; loss detection (3 packets or 9/8 RTT) -&gt; lost frames back to their owners
 *   no ACK: probe timeout -&gt; one or two probe packets, backoff doubles
 * </pre>
 *
 * Every packet gets a fresh packet number, retransmissions included, so the sender always knows
 * which copy arrived (SST paper §3.3). Lost frames, not packets, are re-sent, with current values.
 */
public final class Channel {

    /** RFC 9002 §6.2.4: send one or two probe datagrams on PTO expiry. */
    private static final int PTO_PROBES = 2;
    /** RFC 9000 §13.2.2: acknowledge at least every second ack-eliciting packet. */
    private static final int ACK_ELICITING_THRESHOLD = 2;
    private static final int MAX_ACK_RANGES = 64;
    private static final int REPLAY_WINDOW_BITS = 16384;
    /** Below this much room left in a packet, no further stream frame is tried. */
    private static final int MIN_FRAME_ROOM = 16;
    /** A datagram is not cut into fragments smaller than this (unless it is the last piece). */
    private static final int MIN_DATAGRAM_FRAGMENT = 256;
    /** The most streams one channel holds at once; a peer that opens more has them reset. */
    static final int MAX_STREAMS = 100_000;
    /** A channel with no streams for this long is closed cleanly. */
    static final long LINGER_NANOS = 10_000_000_000L;
    /** Below this much room a packet is not worth building. */
    private static final int MIN_PACKET_SIZE = PacketHeader.LENGTH + PacketProtection.TAG_LENGTH + 64;
    private static final String INITIATOR_SIGNATURE_CONTEXT = "jsst initiator";

    private final ChannelConfig config;
    private final boolean initiator;
    private final long localChannelId;
    private final long remoteChannelId;
    private final PacketKeys keys;
    private final long integrityLimit;
    private final ChannelListener listener;
    private final RandomGenerator random;
    private final byte[] transcriptHash;
    private ChannelState state;
    private Eid peerEid;
    private Object attachment;

    private InetSocketAddress peerAddress;
    /** The local socket this channel sends from, on a host with several; null: the host's only one. */
    private final InetSocketAddress localAddress;
    private AntiAmplificationLimit amplification;
    private long pathChallengeData;
    private boolean pathChallengePending;
    private long pathResponseData;
    private boolean pathResponsePending;
    private int migrations;

    private final RttEstimator rtt;
    private final CongestionController cc;
    private final LossRecovery recovery;
    private final Pacer pacer;
    private final PmtuProber pmtu;
    private int maxDatagramSize = ChannelConfig.MIN_DATAGRAM_SIZE;
    private long nextPacketNumber;
    private int ptoProbesDue;
    private long pacingDeadlineNanos = Long.MAX_VALUE;

    private final AckRanges received = new AckRanges(1024);
    private final ReplayWindow replay = new ReplayWindow(REPLAY_WINDOW_BITS);
    private long largestReceived = -1;
    private long largestReceivedTimeNanos;
    private boolean ackPending;
    private int ackElicitingSinceAck;
    private long ackDeadlineNanos = Long.MAX_VALUE;
    private final long[] ackStarts = new long[MAX_ACK_RANGES];
    private final long[] ackEnds = new long[MAX_ACK_RANGES];

    private final byte[] identityPublicKey;
    private final byte[] identitySignature;
    private boolean identityAcked;
    private boolean identityPending;

    private final Map<Long, StreamState> streams = new HashMap<>();
    private final StreamScheduler scheduler = new StreamScheduler();
    /** Datagram fragments waiting for the rest, over all streams: at most 4 MiB per channel. */
    private final DatagramReassembler.Budget datagramBudget = new DatagramReassembler.Budget(4L << 20);
    /**
     * The next id for a stream this side opens: odd on the channel's initiator, even on its
     * responder. Atomic because application threads reserve ids ({@link #reserveStreamId}) so that
     * opening a stream returns at once, before the driver registers it.
     */
    private final java.util.concurrent.atomic.AtomicLong nextLocalStreamId = new java.util.concurrent.atomic.AtomicLong();
    /** Ids (halved) of streams the peer opened, still open or not: a frame for one seen and gone is late. */
    private final AckRanges peerStreamsSeen = new AckRanges(4096);
    private long streamsEmptySinceNanos;
    private long channelSendLimit = ChannelConfig.INITIAL_CHANNEL_WINDOW;
    private long channelNewBytesSent;
    private long channelReceiveLimit;
    private long channelReceived;
    private long channelConsumed;
    private boolean maxDataPending;

    private long idleDeadlineNanos;
    private long lastReceivedNanos;
    private long closeDeadlineNanos = Long.MAX_VALUE;
    private boolean closeFramePending;
    private int packetsWhileClosing;
    private long closeErrorCode;
    private String closeMessage = "";
    private boolean pingPending;

    private final DropCounters drops = new DropCounters();
    private long packetsSent;
    private long packetsReceived;
    private long packetsRetransmitted;
    private long bytesSent;
    private long bytesReceived;

    private final FrameReader frameReader = new FrameReader();
    private final Frames frames = new Frames();
    private final SendBuffer.Segment segment = new SendBuffer.Segment();

    /**
     * @param initiator whether this side started the handshake
     * @param peerEid the peer's EID if already authenticated (initiator), else null
     * @param identityPublicKey for an initiator: its raw host key, sent in IDENTITY; else null
     * @param identitySignature for an initiator: its transcript signature; else null
     * @param transcriptHash the handshake transcript both signatures cover
     */
    public Channel(ChannelConfig config, boolean initiator, long localChannelId, long remoteChannelId,
                   InetSocketAddress peerAddress, InetSocketAddress localAddress, PacketProtectionKeys secrets,
                   Eid peerEid,
                   byte[] identityPublicKey, byte[] identitySignature, byte[] transcriptHash,
                   ChannelListener listener, RandomGenerator random, long nowNanos) {
        this.config = config;
        this.initiator = initiator;
        this.localChannelId = localChannelId;
        this.remoteChannelId = remoteChannelId;
        this.peerAddress = peerAddress;
        this.localAddress = localAddress;
        this.keys = new PacketKeys(secrets.suite(), secrets.sendSecret(), secrets.receiveSecret(),
                config.keyUpdateInterval());
        this.integrityLimit = secrets.suite().integrityLimit();
        this.peerEid = peerEid;
        this.identityPublicKey = identityPublicKey;
        this.identitySignature = identitySignature;
        this.identityAcked = identityPublicKey == null;
        this.identityPending = !identityAcked;
        this.transcriptHash = transcriptHash;
        this.listener = listener;
        this.random = random;
        this.state = initiator ? ChannelState.ESTABLISHED : ChannelState.AWAITING_IDENTITY;
        this.amplification = new AntiAmplificationLimit(true);
        this.rtt = new RttEstimator(config.initialRttNanos());
        this.cc = config.congestionControl().create(maxDatagramSize);
        this.recovery = new LossRecovery(rtt, cc, config.maxAckDelayNanos(), new SentFrames(), nowNanos);
        this.pacer = new Pacer(maxDatagramSize);
        this.pmtu = new PmtuProber(maxDatagramSize, config.maxDatagramSize());
        this.channelReceiveLimit = Math.max(config.channelReceiveWindow(), ChannelConfig.INITIAL_CHANNEL_WINDOW);
        this.maxDataPending = channelReceiveLimit > ChannelConfig.INITIAL_CHANNEL_WINDOW;
        this.lastReceivedNanos = nowNanos;
        this.idleDeadlineNanos = nowNanos + config.idleTimeoutNanos();
        this.nextLocalStreamId.set(initiator ? 1 : 2);
        this.streamsEmptySinceNanos = nowNanos;
    }

    /** The send and receive secrets the handshake derived, and the suite they are for. */
    public record PacketProtectionKeys(io.jsst.engine.crypto.CipherSuite suite, byte[] sendSecret,
                                       byte[] receiveSecret) {
    }

    // ------------------------------------------------------------------ identity and state

    public long localChannelId() {
        return localChannelId;
    }

    public long remoteChannelId() {
        return remoteChannelId;
    }

    public boolean isInitiator() {
        return initiator;
    }

    public ChannelState state() {
        return state;
    }

    /** The peer's EID; null on a responder until the initiator proved its identity. */
    public Eid peerEid() {
        return peerEid;
    }

    public InetSocketAddress peerAddress() {
        return peerAddress;
    }

    /** The local socket this channel uses on a host bound to several, or null. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** An object the host attaches to the channel (its public face). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    public DropCounters drops() {
        return drops;
    }

    // ------------------------------------------------------------------ streams (application commands)

    /**
     * Opens a stream on this side: a top-level one ({@code open.isTopLevel()}) or a substream. It
     * costs no round trip: the peer learns of it from the OPEN information on its first frame.
     */
    public StreamState openStream(StreamOpen open) {
        return openStream(reserveStreamId(), open);
    }

    /** An id for a stream this side will open; any thread may call it. */
    public long reserveStreamId() {
        return nextLocalStreamId.getAndAdd(2);
    }

    /** Opens the stream {@code id}, reserved with {@link #reserveStreamId}. */
    public StreamState openStream(long id, StreamOpen open) {
        StreamState s = new StreamState(id, open.parentId(), open, ChannelConfig.INITIAL_STREAM_WINDOW,
                ChannelConfig.INITIAL_STREAM_WINDOW, config.streamReceiveWindow(), datagramBudget);
        streams.put(id, s);
        return s;
    }

    public StreamState stream(long id) {
        return streams.get(id);
    }

    /** How many streams the channel holds (open, or closing until the peer has everything). */
    public int streamCount() {
        return streams.size();
    }

    /** Queues bytes on a stream; ignored if the stream is gone (reset, or closed and forgotten). */
    public void write(long streamId, ByteBuffer data, boolean endOfMessage) {
        StreamState s = streams.get(streamId);
        if (s != null && !s.isResetLocally() && !s.isResetByPeer() && !s.sendBuffer().isFinished()) {
            s.sendBuffer().append(data, endOfMessage);
            activate(s);
        }
    }

    /** Ends a stream's sending side (FIN after the queued bytes). */
    public void finish(long streamId) {
        StreamState s = streams.get(streamId);
        if (s != null && !s.isResetLocally() && !s.isResetByPeer()) {
            s.sendBuffer().finish();
            activate(s);
        }
    }

    /** Resets a stream: both directions end, and the peer is told {@code errorCode}. */
    public void reset(long streamId, long errorCode) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.reset(errorCode);
            activate(s);
        }
    }

    /** Tells the peer of a stream this side opened now, before any data (an empty STREAM frame with OPEN). */
    public void announce(long streamId) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.setAnnouncePending(true);
            activate(s);
        }
    }

    /** Accepts a top-level stream the peer opened: sends it a STREAM_REPLY (SST's Reply). */
    public void reply(long streamId) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.setReplyPending(true);
            activate(s);
        }
    }

    /** Queues a best-effort datagram on a stream; false if dropped (queue full, stream gone). */
    public boolean sendDatagram(long streamId, byte[] datagram) {
        StreamState s = streams.get(streamId);
        if (s == null || !s.queueDatagram(datagram)) {
            return false;
        }
        activate(s);
        return true;
    }

    public void setPriority(long streamId, int priority) {
        StreamState s = streams.get(streamId);
        if (s != null) {
            s.setPriority(priority);
            scheduler.reprioritize(streamId, priority);
        }
    }

    /** The application consumed {@code bytes} of a stream: open the flow-control windows. */
    public void consumed(long streamId, long bytes) {
        StreamState s = streams.get(streamId);
        if (s != null && s.onConsumed(bytes)) {
            activate(s);
        }
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
            if (streams.isEmpty()) {
                streamsEmptySinceNanos = nowNanos;
            }
        }
    }

    /** Whether all streams' data and FINs have been acknowledged. */
    public boolean allDataAcknowledged() {
        for (StreamState s : streams.values()) {
            if (!s.sendBuffer().isFullyAcknowledged()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Closes the channel: sends CLOSE with {@code errorCode}, stays in CLOSING for three probe
     * timeouts answering late packets with CLOSE, then CLOSED.
     */
    public void close(long errorCode, String message, long nowNanos) {
        if (!state.isOpen()) {
            return;
        }
        closeErrorCode = errorCode;
        closeMessage = message == null ? "" : message;
        closeFramePending = true;
        state = ChannelState.CLOSING;
        closeDeadlineNanos = nowNanos + 3 * rtt.ptoNanos(config.maxAckDelayNanos());
        CloseReason.Kind kind = errorCode == 0 ? CloseReason.Kind.CLOSED
                : errorCode == CloseReason.PROTOCOL_VIOLATION || errorCode == CloseReason.AUTHENTICATION_FAILED
                ? CloseReason.Kind.PROTOCOL_ERROR : CloseReason.Kind.ABORTED;
        notifyClosed(new CloseReason(errorCode, closeMessage, false, kind));
    }

    private void notifyClosed(CloseReason reason) {
        listener.closed(this, reason);
        ChannelClosedException cause = new ChannelClosedException(causeOf(reason), describe(reason));
        for (StreamState s : List.copyOf(streams.values())) {
            if (s.listener() != null) {
                s.listener().channelClosed(cause);
            }
        }
    }

    private static ChannelClosedException.Cause causeOf(CloseReason r) {
        return switch (r.kind()) {
            case IDLE_TIMEOUT -> ChannelClosedException.Cause.IDLE_TIMEOUT;
            case ABORTED -> ChannelClosedException.Cause.ABORTED;
            case PROTOCOL_ERROR -> ChannelClosedException.Cause.PROTOCOL_ERROR;
            case CLOSED -> r.byPeer() ? ChannelClosedException.Cause.CLOSED_BY_PEER
                    : ChannelClosedException.Cause.CLOSED_LOCALLY;
        };
    }

    private static String describe(CloseReason r) {
        return switch (r.kind()) {
            case IDLE_TIMEOUT -> "channel lost: nothing heard from the peer within the idle timeout";
            case ABORTED -> "channel aborted " + (r.byPeer() ? "by the peer" : "locally") + " (error "
                    + r.errorCode() + (r.message().isEmpty() ? "" : ": " + r.message()) + ")";
            case PROTOCOL_ERROR -> "channel closed on a protocol error (" + r.errorCode() + ": " + r.message() + ")";
            case CLOSED -> r.byPeer() ? "channel closed by the peer while the stream was open"
                    : "channel closed by this host while the stream was open";
        };
    }

    // ------------------------------------------------------------------ receive path

    /**
     * Takes one protected packet addressed to this channel (its destination channel id matched).
     * Drops and counts what does not authenticate or parse; never throws for network input.
     */
    public void handlePacket(ByteBuffer packet, InetSocketAddress from, long nowNanos) {
        int start = packet.position();
        int length = packet.remaining();
        if (length < PacketHeader.LENGTH + PacketProtection.TAG_LENGTH + 1) {
            drops.discard(DropReason.MALFORMED);
            return;
        }
        if (state == ChannelState.CLOSED) {
            drops.discard(DropReason.CHANNEL_CLOSED);
            return;
        }
        long pn = PacketHeader.decodePacketNumber(largestReceived,
                PacketHeader.truncatedPacketNumber(packet, start));
        if (replay.isReplay(pn)) {
            drops.discard(DropReason.REPLAY);
            return;
        }
        boolean phase = PacketHeader.keyPhase(packet.get(start));
        int payloadOffset = start + PacketHeader.LENGTH;
        int plain = keys.open(packet, start, payloadOffset, length - PacketHeader.LENGTH, pn, phase);
        if (plain < 0) {
            drops.discard(DropReason.DECRYPTION_FAILED);
            // RFC 9001 §6.6: past the AEAD's integrity limit, forgeries become feasible; stop.
            if (drops.count(DropReason.DECRYPTION_FAILED) >= integrityLimit && state.isOpen()) {
                close(CloseReason.AUTHENTICATION_FAILED, "AEAD integrity limit reached", nowNanos);
            }
            return;
        }
        ByteBuffer payload = packet.duplicate();
        payload.limit(payloadOffset + plain).position(payloadOffset);
        FrameReader.Result kind = frameReader.validate(payload);
        if (kind == FrameReader.Result.MALFORMED) {
            drops.discard(DropReason.MALFORMED);
            return;
        }
        if (state == ChannelState.AWAITING_IDENTITY
                && (payload.get(payloadOffset) & 0xFF) != io.jsst.engine.wire.FrameType.IDENTITY.code()) {
            // The initiator's first ack-eliciting packets lead with IDENTITY; until one arrives,
            // nothing from it is acted on or acknowledged, so it is sent again.
            drops.discard(DropReason.UNAUTHENTICATED_PEER);
            return;
        }
        replay.markReceived(pn);
        packetsReceived++;
        bytesReceived += length;
        lastReceivedNanos = nowNanos;
        idleDeadlineNanos = nowNanos + Math.max(config.idleTimeoutNanos(), 3 * rtt.ptoNanos(config.maxAckDelayNanos()));
        if (!from.equals(peerAddress) && pn > largestReceived && state.isOpen()) {
            migrate(from);
        }
        // Counted after a move, so the packet that revealed the new path opens its allowance.
        amplification.onReceived(length);
        boolean outOfOrder = largestReceived >= 0 && pn != largestReceived + 1;
        if (pn > largestReceived) {
            largestReceived = pn;
            largestReceivedTimeNanos = nowNanos;
        }
        if (state == ChannelState.CLOSING) {
            if (carriesClose(payload)) {
                // RFC 9000 §10.2.2: both sides closing: stop sending, or CLOSE answers CLOSE forever.
                state = ChannelState.DRAINING;
                closeFramePending = false;
            } else if (Integer.bitCount(++packetsWhileClosing) == 1) {
                // RFC 9000 §10.2.1: answer late packets with CLOSE, at an exponentially falling rate.
                closeFramePending = true;
            }
            return;
        }
        if (state == ChannelState.DRAINING) {
            return;
        }
        frames.nowNanos = nowNanos;
        frameReader.read(payload, frames);
        received.add(pn);
        if (kind == FrameReader.Result.ACK_ELICITING) {
            ackPending = true;
            ackElicitingSinceAck++;
            if (ackElicitingSinceAck >= ACK_ELICITING_THRESHOLD || outOfOrder) {
                ackDeadlineNanos = nowNanos;
            } else {
                ackDeadlineNanos = Math.min(ackDeadlineNanos, nowNanos + config.maxAckDelayNanos());
            }
        }
    }

    /** The peer now sends from {@code from}: NAT rebinding or a move. Validate before trusting it. */
    private void migrate(InetSocketAddress from) {
        peerAddress = from;
        amplification = new AntiAmplificationLimit(false);
        pathChallengeData = random.nextLong();
        pathChallengePending = true;
        migrations++;
    }

    /**
     * Frames of one authenticated packet. Only IDENTITY is read before the channel is established,
     * and nothing after it ends (a failed IDENTITY, a CLOSE earlier in the same packet).
     */
    private final class Frames implements FrameVisitor {
        long nowNanos;

        @Override
        public void ping() {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
        }

        @Override
        public void ack(AckFrame frame) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
            handleAck(frame, nowNanos);
        }

        @Override
        public void identity(byte[] publicKey, byte[] signature) {
            if (state != ChannelState.AWAITING_IDENTITY) {
                return;
            }
            if (!HostIdentity.verify(publicKey, initiatorSignedBytes(transcriptHash, publicKey), signature)) {
                drops.discard(DropReason.HANDSHAKE_INVALID);
                Channel.this.close(CloseReason.AUTHENTICATION_FAILED, "initiator identity does not verify", nowNanos);
                return;
            }
            peerEid = Eid.ofPublicKey(publicKey);
            state = ChannelState.ESTABLISHED;
            // The linger of a channel without streams counts from now, not from the handshake.
            streamsEmptySinceNanos = nowNanos;
            listener.established(Channel.this);
        }

        @Override
        public void close(long errorCode, String reason) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
            if (!state.isOpen()) {
                return;
            }
            state = ChannelState.DRAINING;
            closeDeadlineNanos = nowNanos + 3 * rtt.ptoNanos(config.maxAckDelayNanos());
            notifyClosed(new CloseReason(errorCode, reason, true,
                    errorCode == 0 ? CloseReason.Kind.CLOSED : CloseReason.Kind.ABORTED));
        }

        @Override
        public void pathChallenge(long data) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
            pathResponseData = data;
            pathResponsePending = true;
        }

        @Override
        public void pathResponse(long data) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
            if (!amplification.isValidated() && data == pathChallengeData) {
                amplification.validate();
                pathChallengePending = false;
            }
        }

        @Override
        public void maxData(long maximum) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
            channelSendLimit = Math.max(channelSendLimit, maximum);
        }

        @Override
        public void stream(long streamId, StreamOpen open, long offset, ByteBuffer data, boolean fin,
                           boolean endOfMessage) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
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
                protocolViolation("channel flow control exceeded", nowNanos);
                return;
            }
            ReceiveBuffer.Verdict v = s.onStreamFrame(offset, data, fin, endOfMessage);
            if (v != ReceiveBuffer.Verdict.OK) {
                protocolViolation("stream " + streamId + ": " + v, nowNanos);
                return;
            }
            channelReceived += s.receiveBuffer().highestOffset() - before;
            forgetIfDone(s, nowNanos);
        }

        @Override
        public void maxStreamData(long streamId, long maximum) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
            StreamState s = streams.get(streamId);
            if (s != null) {
                s.onMaxStreamData(maximum);
                activate(s);
            }
        }

        @Override
        public void resetStream(long streamId, long errorCode, long finalSize) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
            StreamState s = streams.get(streamId);
            if (s != null) {
                s.onReset(errorCode);
                scheduler.remove(streamId);
                activate(s);
                forgetIfDone(s, nowNanos);
            }
        }

        @Override
        public void streamReply(long streamId) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
            StreamState s = streams.get(streamId);
            if (s != null && s.parentId() == 0 && (streamId & 1) == (initiator ? 1 : 0)) {
                listener.streamReplied(Channel.this, s);
            }
        }

        @Override
        public void datagram(long streamId, long datagramId, int totalLength, int offset, ByteBuffer data) {
            if (state != ChannelState.ESTABLISHED) {
                return;
            }
            StreamState s = streams.get(streamId);
            if (s != null) {
                s.onDatagramFragment(datagramId, totalLength, offset, data);
            }
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
            protocolViolation("frame for stream " + streamId + ", which was never opened", nowNanos);
            return null;
        }
        peerStreamsSeen.add(streamId >> 1);
        StreamState s = new StreamState(streamId, open.parentId(), null, ChannelConfig.INITIAL_STREAM_WINDOW,
                ChannelConfig.INITIAL_STREAM_WINDOW, config.streamReceiveWindow(), datagramBudget);
        streams.put(streamId, s);
        if (streams.size() > MAX_STREAMS) {
            s.reset(CloseReason.STREAM_LIMIT);
            activate(s);
            return s;
        }
        listener.streamOpened(this, s, open);
        activate(s);
        return s;
    }

    private void protocolViolation(String what, long nowNanos) {
        drops.discard(DropReason.PROTOCOL_VIOLATION);
        close(CloseReason.PROTOCOL_VIOLATION, what, nowNanos);
    }

    /** Whether a payload (already validated) has a CLOSE frame. */
    private boolean carriesClose(ByteBuffer payload) {
        boolean[] found = {false};
        frameReader.read(payload.duplicate(), new io.jsst.engine.wire.NoOpFrameVisitor() {
            @Override
            public void close(long errorCode, String reason) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** What the initiator signs: the context, the transcript hash, and its own host key. */
    public static byte[] initiatorSignedBytes(byte[] transcriptHash, byte[] initiatorKey) {
        byte[] ctx = INITIATOR_SIGNATURE_CONTEXT.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(ctx.length + transcriptHash.length + initiatorKey.length);
        b.put(ctx).put(transcriptHash).put(initiatorKey);
        return b.array();
    }

    // ------------------------------------------------------------------ acknowledgements and loss

    private void handleAck(AckFrame ack, long nowNanos) {
        if (!recovery.handleAck(ack, nextPacketNumber, nowNanos)) {
            drops.discard(DropReason.PROTOCOL_VIOLATION);
        }
    }

    /** The frames of packets that loss recovery resolved go back to their owners. */
    private final class SentFrames implements LossRecovery.Frames {
        @Override
        public void acked(SentPacket p, long nowNanos) {
            keys.onAcked(p.packetNumber);
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
            if (p.mtuProbe && pmtu.onProbeAcked(p.packetNumber)) {
                maxDatagramSize = pmtu.currentSize();
                cc.onMaxDatagramSizeChanged(maxDatagramSize);
                pacer.onMaxDatagramSizeChanged(maxDatagramSize);
            }
            if (p.identity) {
                identityAcked = true;
            }
            if (p.ackLargest >= 0) {
                received.removeBelow(p.ackSmallest);
            }
        }

        @Override
        public void lost(SentPacket p, long nowNanos) {
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
            if (p.identity && !identityAcked) {
                identityPending = true;
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
            if (p.pathChallenge && !amplification.isValidated()) {
                pathChallengePending = true;
            }
            if (p.mtuProbe) {
                pmtu.onProbeLost(p.packetNumber, nowNanos, rtt.ptoNanos(config.maxAckDelayNanos()));
            }
        }
    }

    // ------------------------------------------------------------------ timers

    /** The absolute time {@link #handleTimeout} is next due, or {@link Long#MAX_VALUE}. */
    public long nextTimeoutNanos() {
        if (state == ChannelState.CLOSED) {
            return Long.MAX_VALUE;
        }
        if (state == ChannelState.CLOSING || state == ChannelState.DRAINING) {
            return closeDeadlineNanos;
        }
        long t = Math.min(idleDeadlineNanos, recovery.nextTimeoutNanos());
        if (state == ChannelState.ESTABLISHED && streams.isEmpty()) {
            t = Math.min(t, streamsEmptySinceNanos + LINGER_NANOS);
        }
        if (ackPending && amplification.allowance() >= MIN_PACKET_SIZE) {
            // Blocked by the anti-amplification limit, an ACK waits for the next datagram in.
            t = Math.min(t, ackDeadlineNanos);
        }
        if (pacingDeadlineNanos != Long.MAX_VALUE) {
            t = Math.min(t, pacingDeadlineNanos);
        }
        if (config.keepAliveNanos() > 0 && recovery.ackElicitingInFlight() == 0 && !pingPending
                && state == ChannelState.ESTABLISHED) {
            t = Math.min(t, recovery.lastAckElicitingSentNanos() + config.keepAliveNanos());
        }
        return t;
    }

    public void handleTimeout(long nowNanos) {
        if (state == ChannelState.CLOSED) {
            return;
        }
        if ((state == ChannelState.CLOSING || state == ChannelState.DRAINING)) {
            if (nowNanos >= closeDeadlineNanos) {
                state = ChannelState.CLOSED;
            }
            return;
        }
        if (nowNanos >= idleDeadlineNanos) {
            state = ChannelState.CLOSED;
            notifyClosed(new CloseReason(0, "idle timeout", false, CloseReason.Kind.IDLE_TIMEOUT));
            return;
        }
        if (state == ChannelState.ESTABLISHED && streams.isEmpty()
                && nowNanos >= streamsEmptySinceNanos + LINGER_NANOS) {
            // No stream has needed this channel for a while: end it cleanly rather than keep it alive.
            close(0, "no streams", nowNanos);
            return;
        }
        if (recovery.handleTimeout(nowNanos)) {
            onProbeTimeout();
        }
        if (pacingDeadlineNanos <= nowNanos) {
            pacingDeadlineNanos = Long.MAX_VALUE;
        }
        if (config.keepAliveNanos() > 0 && recovery.ackElicitingInFlight() == 0 && state == ChannelState.ESTABLISHED
                && nowNanos >= recovery.lastAckElicitingSentNanos() + config.keepAliveNanos()) {
            pingPending = true;
        }
    }

    /** RFC 9002 §6.2.4: send probes; with no new data, resend the oldest data in flight. */
    private void onProbeTimeout() {
        ptoProbesDue = PTO_PROBES;
        if (!hasStreamDataToSend()) {
            SentPacket p = recovery.oldestInFlightWithStreamData();
            if (p == null) {
                pingPending = true;
                return;
            }
            for (int i = 0; i < p.streamFrames; i++) {
                StreamState s = streams.get(p.streamIds[i]);
                if (s != null) {
                    s.sendBuffer().onLost(p.streamOffsets[i], p.streamLengths[i], p.streamFins[i]);
                    activate(s);
                }
            }
        }
    }

    // ------------------------------------------------------------------ send path

    /** Whether {@link #pollPacket} would write something if congestion control and pacing allowed it. */
    private boolean hasStreamDataToSend() {
        return !scheduler.isEmpty();
    }

    private boolean hasControlFramesToSend() {
        return pingPending || maxDataPending || pathChallengePending || identityPending;
    }

    /**
     * Writes the next packet into {@code out} from its position, or nothing.
     *
     * @return the packet's length, or 0 if nothing may be sent now
     */
    public int pollPacket(ByteBuffer out, long nowNanos) {
        if (state == ChannelState.CLOSED || state == ChannelState.DRAINING) {
            return 0;
        }
        if (state == ChannelState.CLOSING) {
            return closeFramePending ? writeClosePacket(out, nowNanos) : 0;
        }
        if (state == ChannelState.AWAITING_IDENTITY) {
            return 0;
        }
        int limit = Math.min(maxDatagramSize, amplification.allowance());
        if (limit < MIN_PACKET_SIZE) {
            return 0;
        }
        boolean ackDue = ackPending && nowNanos >= ackDeadlineNanos;
        boolean wantsEliciting = hasControlFramesToSend() || hasStreamDataToSend() || ptoProbesDue > 0;
        boolean mayElicit = false;
        if (wantsEliciting) {
            boolean probe = ptoProbesDue > 0;
            boolean cwndOpen = probe || recovery.bytesInFlight() + maxDatagramSize <= cc.congestionWindow();
            if (cwndOpen && !probe) {
                long at = pacer.nextSendTimeNanos(maxDatagramSize, cc.congestionWindow(), rtt.smoothedRttNanos(),
                        cc.inSlowStart(), nowNanos);
                if (at > nowNanos) {
                    pacingDeadlineNanos = at;
                    cwndOpen = false;
                }
            }
            mayElicit = cwndOpen;
        }
        if (!mayElicit && !ackDue && !pathResponsePending) {
            return 0;
        }
        if (mayElicit && amplification.isValidated() && identityAcked) {
            int probeSize = pmtu.probeSizeDue(nowNanos);
            if (probeSize > maxDatagramSize && recovery.bytesInFlight() + probeSize <= cc.congestionWindow()
                    && ptoProbesDue == 0) {
                return writeMtuProbe(out, probeSize, nowNanos);
            }
        }
        return writePacket(out, limit, mayElicit, nowNanos);
    }

    private int writePacket(ByteBuffer out, int limit, boolean mayElicit, long nowNanos) {
        int start = out.position();
        long pn = nextPacketNumber;
        keys.beforeSend(pn);
        PacketHeader.write(out, keys.sendPhase(), remoteChannelId, pn);
        int payloadStart = out.position();
        int end = start + limit - PacketProtection.TAG_LENGTH;
        SentPacket p = recovery.newPacket(pn);
        boolean eliciting = false;
        if (mayElicit && !identityAcked && end - out.position() >= FrameWriter.IDENTITY_LENGTH) {
            // The responder acts on nothing before IDENTITY, so it leads every packet until acknowledged.
            FrameWriter.identity(out, identityPublicKey, identitySignature);
            identityPending = false;
            p.identity = true;
            eliciting = true;
        }
        if (ackPending) {
            writeAck(out, end, p, nowNanos);
        }
        if (pathResponsePending && end - out.position() >= FrameWriter.PATH_FRAME_LENGTH) {
            FrameWriter.pathResponse(out, pathResponseData);
            pathResponsePending = false;
            eliciting = true;
        }
        if (mayElicit) {
            eliciting |= writeControlFrames(out, end, p);
            eliciting |= writeStreamFrames(out, end, p);
            if (!eliciting && (ptoProbesDue > 0 || pingPending)) {
                FrameWriter.ping(out);
                eliciting = true;
            }
        }
        if (out.position() == payloadStart) {
            recovery.cancelNewPacket();
            out.position(start);
            return 0;
        }
        nextPacketNumber++;
        return seal(out, start, payloadStart, p, eliciting, false, nowNanos);
    }

    private int writeMtuProbe(ByteBuffer out, int size, long nowNanos) {
        int start = out.position();
        long pn = nextPacketNumber++;
        keys.beforeSend(pn);
        PacketHeader.write(out, keys.sendPhase(), remoteChannelId, pn);
        int payloadStart = out.position();
        SentPacket p = recovery.newPacket(pn);
        FrameWriter.ping(out);
        FrameWriter.padding(out, start + size - PacketProtection.TAG_LENGTH - out.position());
        pmtu.onProbeSent(pn);
        return seal(out, start, payloadStart, p, true, true, nowNanos);
    }

    private int writeClosePacket(ByteBuffer out, long nowNanos) {
        closeFramePending = false;
        int start = out.position();
        long pn = nextPacketNumber++;
        keys.beforeSend(pn);
        PacketHeader.write(out, keys.sendPhase(), remoteChannelId, pn);
        int payloadStart = out.position();
        String message = closeMessage;
        if (FrameWriter.closeLength(closeErrorCode, message) > 512) {
            int cut = Character.isHighSurrogate(message.charAt(127)) ? 127 : 128;
            message = message.substring(0, cut);
        }
        FrameWriter.close(out, closeErrorCode, message);
        SentPacket p = recovery.newPacket(pn);
        return seal(out, start, payloadStart, p, false, false, nowNanos);
    }

    private int seal(ByteBuffer out, int start, int payloadStart, SentPacket p, boolean eliciting,
                     boolean mtuProbe, long nowNanos) {
        int payloadLength = out.position() - payloadStart;
        int sealed = keys.seal(out, start, payloadStart, payloadLength, p.packetNumber);
        int size = PacketHeader.LENGTH + sealed;
        out.limit(Math.max(out.limit(), start + size));
        out.position(start + size);
        p.sentTimeNanos = nowNanos;
        p.size = size;
        p.ackEliciting = eliciting;
        p.inFlight = eliciting;
        // A packet without ack-eliciting frames is never acknowledged for itself: nothing to track.
        p.untracked = !eliciting;
        p.mtuProbe = mtuProbe;
        packetsSent++;
        bytesSent += size;
        amplification.onSent(size);
        if (eliciting) {
            if (ptoProbesDue > 0) {
                ptoProbesDue--;
            }
            pingPending = false;
            recovery.onPacketSent(p, nowNanos);
            if (!mtuProbe) {
                pacer.onPacketSent(size, cc.congestionWindow(), rtt.smoothedRttNanos(), cc.inSlowStart(), nowNanos);
            }
            // RFC 9002 §7.8: "When bytes in flight is smaller than the congestion window and sending
            // is not pacing limited, the congestion window is underutilized" and must not grow: the
            // application, flow control or the sender's CPU is what limits.
            boolean windowFull = recovery.bytesInFlight() + maxDatagramSize > cc.congestionWindow();
            boolean pacingLimited = !mtuProbe && pacer.nextSendTimeNanos(maxDatagramSize, cc.congestionWindow(),
                    rtt.smoothedRttNanos(), cc.inSlowStart(), nowNanos) > nowNanos;
            p.appLimited = !windowFull && !pacingLimited;
            if (p.retransmission) {
                packetsRetransmitted++;
            }
        }
        return size;
    }

    private void writeAck(ByteBuffer out, int end, SentPacket p, long nowNanos) {
        int n = Math.min(received.rangeCount(), MAX_ACK_RANGES);
        if (n == 0) {
            ackPending = false;
            return;
        }
        for (int i = 0; i < n; i++) {
            ackStarts[i] = received.rangeStart(i);
            ackEnds[i] = received.rangeEnd(i);
        }
        long delayMicros = Math.max(0, (nowNanos - largestReceivedTimeNanos) / 1000);
        while (n > 0 && FrameWriter.ackLength(delayMicros, ackStarts, ackEnds, n) > end - out.position()) {
            n--;
        }
        if (n == 0) {
            return;
        }
        FrameWriter.ack(out, delayMicros, ackStarts, ackEnds, n);
        p.ackLargest = ackEnds[0];
        p.ackSmallest = ackStarts[n - 1];
        ackPending = false;
        ackElicitingSinceAck = 0;
        ackDeadlineNanos = Long.MAX_VALUE;
    }

    private boolean writeControlFrames(ByteBuffer out, int end, SentPacket p) {
        boolean wrote = false;
        if (pathChallengePending && end - out.position() >= FrameWriter.PATH_FRAME_LENGTH) {
            FrameWriter.pathChallenge(out, pathChallengeData);
            pathChallengePending = false;
            p.pathChallenge = true;
            wrote = true;
        }
        if (maxDataPending && end - out.position() >= FrameWriter.maxDataLength(channelReceiveLimit)) {
            FrameWriter.maxData(out, channelReceiveLimit);
            maxDataPending = false;
            p.maxData = true;
            wrote = true;
        }
        return wrote;
    }

    /**
     * Fills the packet from the streams the scheduler offers, highest priority first; each stream
     * served goes to the end of its level, so equal priorities take turns packet by packet.
     */
    private boolean writeStreamFrames(ByteBuffer out, int end, SentPacket p) {
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
                wrote |= writeFramesOf(s, out, end, p);
                scheduler.requeue(level, id, s.hasSomethingToSend());
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

    // ------------------------------------------------------------------ observation

    public ChannelStats stats() {
        return new ChannelStats(rtt.smoothedRttNanos(), rtt.rttVarNanos(), rtt.hasSample() ? rtt.minRttNanos() : 0,
                cc.congestionWindow(), recovery.bytesInFlight(), packetsSent, packetsReceived, recovery.packetsLost(),
                packetsRetransmitted, bytesSent, bytesReceived, maxDatagramSize, keys.keyUpdates(), cc.name(),
                peerAddress, drops.snapshot());
    }

    /** How many times the peer's address changed under this channel. */
    public int migrations() {
        return migrations;
    }

    public long lastReceivedNanos() {
        return lastReceivedNanos;
    }
}
