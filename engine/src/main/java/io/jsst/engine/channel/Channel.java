package io.jsst.engine.channel;

import io.jsst.engine.ChannelClosedException;
import io.jsst.engine.Eid;
import io.jsst.engine.channel.cc.CongestionController;
import io.jsst.engine.channel.cc.Pacer;
import io.jsst.engine.channel.path.AntiAmplificationLimit;
import io.jsst.engine.channel.path.PmtuProber;
import io.jsst.engine.channel.recovery.RttEstimator;
import io.jsst.engine.crypto.HostIdentity;
import io.jsst.engine.crypto.PacketProtection;
import io.jsst.engine.crypto.ReplayWindow;
import io.jsst.engine.stream.SegmentPool;
import io.jsst.engine.stream.StreamState;
import io.jsst.engine.wire.AckFrame;
import io.jsst.engine.wire.FrameReader;
import io.jsst.engine.wire.FrameVisitor;
import io.jsst.engine.wire.FrameWriter;
import io.jsst.engine.wire.PacketHeader;
import io.jsst.engine.wire.StreamOpen;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
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
 * The streams it carries, and their frames, are {@link ChannelStreams}'; loss recovery is
 * {@link LossRecovery}'s.
 */
public final class Channel {

    /** RFC 9002 §6.2.4: send one or two probe datagrams on PTO expiry. */
    private static final int PTO_PROBES = 2;
    /** RFC 9000 §13.2.2: acknowledge at least every second ack-eliciting packet. */
    private static final int ACK_ELICITING_THRESHOLD = 2;
    /**
     * Ack decimation, as QUIC stacks do at high packet rates (draft-ietf-quic-ack-frequency): once this
     * many packets have arrived, and while they arrive less than {@link #DECIMATION_MAX_GAP_NANOS} apart,
     * acknowledge every {@link #DECIMATED_ACK_THRESHOLD}th ack-eliciting packet, or a quarter of the RTT
     * after the first unacknowledged one, whichever comes first. At 1200-byte packets on loopback,
     * acknowledging every second one had the receiver send an ACK datagram per 2.4 KB and the sender
     * process as many. Slower paths (a 10 Mbit/s link spaces full packets 1.2 ms apart) keep the
     * every-second-packet rule, under which the congestion controllers' fairness was tuned.
     */
    private static final long ACK_DECIMATION_AFTER_PACKETS = 100;
    private static final int DECIMATED_ACK_THRESHOLD = 10;
    private static final long DECIMATION_MAX_GAP_NANOS = 50_000;
    private static final int MAX_ACK_RANGES = 64;
    private static final int REPLAY_WINDOW_BITS = 4096;
    /**
     * A channel that has neither sent an ack-eliciting packet nor received any packet for this long lets
     * go of what only a busy channel needs (releaseIdleSpare): its cipher objects (about 1.3 KiB, made
     * again in a few microseconds by the next packet), the sent-packet records it pools for reuse, and
     * whatever arrays a busy or lossy spell grew.
     */
    static final long IDLE_RELEASE_NANOS = 5_000_000_000L;
    private static final int INITIAL_ACK_SCRATCH = 4;
    /** A channel with no streams for this long is closed cleanly. */
    static final long LINGER_NANOS = 10_000_000_000L;
    /**
     * How long a responder's channel that never carried a stream waits for the initiator's first one:
     * longer than {@link #LINGER_NANOS}, because the initiator's first stream may come late (its OPEN
     * lost and resent with backed-off probe timeouts while a thousand handshakes filled the socket),
     * and the initiator, which set the channel up for a stream, ends it itself after its own linger.
     */
    static final long FIRST_STREAM_WAIT_NANOS = 20_000_000_000L;
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

    private volatile InetSocketAddress peerAddress;
    /** The local socket this channel sends from, on a host with several; null: the host's only one. */
    private InetSocketAddress localAddress;
    /** The local socket the packet being handled arrived on, when the host has several. */
    private InetSocketAddress arrivalLocal;
    private AntiAmplificationLimit amplification;
    private long pathChallengeData;
    private boolean pathChallengePending;
    private long pathResponseData;
    private boolean pathResponsePending;
    private int migrations;
    /** The peer's other addresses, to fail over to when the current one stops answering. */
    private List<InetSocketAddress> alternatePeers = List.of();
    private int ptoCountAtFailover;

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
    /** Scratch for writeAck; grown up to MAX_ACK_RANGES when more ranges than it holds are due. */
    private long[] ackStarts = new long[INITIAL_ACK_SCRATCH];
    private long[] ackEnds = new long[INITIAL_ACK_SCRATCH];
    /** When releaseIdleSpare last ran, or Long.MIN_VALUE / 2 before. */
    private long idleReleasedNanos = Long.MIN_VALUE / 2;

    private final byte[] identityPublicKey;
    private final byte[] identitySignature;
    private boolean identityAcked;
    private boolean identityPending;

    private final ChannelStreams streams;

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
                   ChannelListener listener, RandomGenerator random, SegmentPool segments, long nowNanos) {
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
        this.lastReceivedNanos = nowNanos;
        this.idleDeadlineNanos = nowNanos + config.idleTimeoutNanos();
        this.streams = new ChannelStreams(this, config, initiator, listener, segments, nowNanos);
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
        return streams.open(streams.reserveId(), open);
    }

    /** An id for a stream this side will open; any thread may call it. */
    public long reserveStreamId() {
        return streams.reserveId();
    }

    /** Opens the stream {@code id}, reserved with {@link #reserveStreamId}. */
    public StreamState openStream(long id, StreamOpen open) {
        return streams.open(id, open);
    }

    public StreamState stream(long id) {
        return streams.get(id);
    }

    /** How many streams the channel holds (open, or closing until the peer has everything). */
    public int streamCount() {
        return streams.count();
    }

    /** Queues bytes on a stream; ignored if the stream is gone (reset, or closed and forgotten). */
    public void write(long streamId, ByteBuffer data, boolean endOfMessage) {
        streams.write(streamId, data, endOfMessage);
    }

    /** Ends a stream's sending side (FIN after the queued bytes). */
    public void finish(long streamId) {
        streams.finish(streamId);
    }

    /** Resets a stream: both directions end, and the peer is told {@code errorCode}. */
    public void reset(long streamId, long errorCode) {
        streams.reset(streamId, errorCode);
    }

    /** Tells the peer of a stream this side opened now, before any data (an empty STREAM frame with OPEN). */
    public void announce(long streamId) {
        streams.announce(streamId);
    }

    /** Accepts a top-level stream the peer opened: sends it a STREAM_REPLY (SST's Reply). */
    public void reply(long streamId) {
        streams.reply(streamId);
    }

    /** Queues a best-effort datagram on a stream; false if dropped (queue full, stream gone). */
    public boolean sendDatagram(long streamId, byte[] datagram) {
        return streams.sendDatagram(streamId, datagram);
    }

    public void setPriority(long streamId, int priority) {
        streams.setPriority(streamId, priority);
    }

    /** The application consumed {@code bytes} of a stream: open the flow-control windows. */
    public void consumed(long streamId, long bytes) {
        streams.consumed(streamId, bytes);
    }

    /** Whether all streams' data and FINs have been acknowledged. */
    public boolean allDataAcknowledged() {
        return streams.allDataAcknowledged();
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
        streams.channelClosed(cause);
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
            case CLOSED -> (r.byPeer() ? "channel closed by the peer while the stream was open"
                    : "channel closed by this host while the stream was open")
                    + (r.message().isEmpty() ? "" : " (" + r.message() + ")");
        };
    }

    // ------------------------------------------------------------------ receive path

    /**
     * Takes one protected packet addressed to this channel (its destination channel id matched).
     * Drops and counts what does not authenticate or parse; never throws for network input.
     */
    /**
     * As {@link #handlePacket(ByteBuffer, InetSocketAddress, long)}, for a host with several local
     * sockets: an authenticated packet on another of them moves this channel's sending there (the
     * peer failed over to that address of ours).
     */
    public void handlePacket(ByteBuffer packet, InetSocketAddress from, InetSocketAddress local, long nowNanos) {
        arrivalLocal = local;
        try {
            handlePacket(packet, from, nowNanos);
        } finally {
            arrivalLocal = null;
        }
    }

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
        long gapNanos = nowNanos - lastReceivedNanos;
        lastReceivedNanos = nowNanos;
        idleDeadlineNanos = nowNanos + Math.max(config.idleTimeoutNanos(), 3 * rtt.ptoNanos(config.maxAckDelayNanos()));
        if (!from.equals(peerAddress) && pn > largestReceived && state.isOpen()) {
            migrate(from);
        }
        if (arrivalLocal != null && localAddress != null && !arrivalLocal.equals(localAddress) && pn > largestReceived
                && state.isOpen()) {
            localAddress = arrivalLocal;
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
            boolean decimate = packetsReceived > ACK_DECIMATION_AFTER_PACKETS && gapNanos < DECIMATION_MAX_GAP_NANOS;
            if (ackElicitingSinceAck >= (decimate ? DECIMATED_ACK_THRESHOLD : ACK_ELICITING_THRESHOLD) || outOfOrder) {
                ackDeadlineNanos = nowNanos;
            } else {
                long delay = config.maxAckDelayNanos();
                if (decimate) {
                    delay = Math.min(delay, rtt.smoothedRttNanos() / 4);
                }
                ackDeadlineNanos = Math.min(ackDeadlineNanos, nowNanos + delay);
            }
        }
    }

    /**
     * Gives the peer's other addresses (a multihomed peer's, as it announced them over this
     * channel): when the current one goes {@value #FAILOVER_AFTER_PROBE_TIMEOUTS} probe timeouts
     * without an answer, the channel sends to the next of them.
     */
    public void setAlternatePeerAddresses(List<InetSocketAddress> addresses) {
        alternatePeers = List.copyOf(addresses);
    }

    /**
     * Sends to {@code address} from now on (the application chose another primary path). It must
     * be one of the alternate addresses; the path is challenged like any new one.
     *
     * @throws IllegalArgumentException if it is not an alternate address of the peer
     */
    public void usePeerAddress(InetSocketAddress address) {
        if (!alternatePeers.contains(address)) {
            throw new IllegalArgumentException(address + " is not an address of the peer");
        }
        if (address.equals(peerAddress)) {
            return;
        }
        InetSocketAddress before = peerAddress;
        peerAddress = address;
        pathChallengeData = random.nextLong();
        pathChallengePending = true;
        ptoCountAtFailover = recovery.ptoCount();
        streams.peerAddressChanged(before, address, false);
    }

    /** SCTP fails over after Path.Max.Retrans (5) timeouts; probes back off faster here, so fewer suffice. */
    static final int FAILOVER_AFTER_PROBE_TIMEOUTS = 3;

    private void failOverIfUnanswered() {
        int pto = recovery.ptoCount();
        if (alternatePeers.isEmpty() || !state.isOpen() || pto - ptoCountAtFailover < FAILOVER_AFTER_PROBE_TIMEOUTS) {
            if (pto < ptoCountAtFailover) {
                ptoCountAtFailover = 0;
            }
            return;
        }
        int at = alternatePeers.indexOf(peerAddress);
        InetSocketAddress next = alternatePeers.get((at + 1) % alternatePeers.size());
        if (next.equals(peerAddress)) {
            return;
        }
        ptoCountAtFailover = pto;
        InetSocketAddress before = peerAddress;
        peerAddress = next;
        // We chose the address (the peer announced it inside this channel): no amplification limit,
        // but a challenge, so the answer proves the path.
        pathChallengeData = random.nextLong();
        pathChallengePending = true;
        streams.peerAddressChanged(before, next, true);
    }

    /** The peer now sends from {@code from}: NAT rebinding or a move. Validate before trusting it. */
    private void migrate(InetSocketAddress from) {
        InetSocketAddress before = peerAddress;
        streams.peerAddressChanged(before, from, false);
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
            streams.restartLinger(nowNanos);
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
            if (state == ChannelState.ESTABLISHED) {
                streams.onMaxData(maximum);
            }
        }

        @Override
        public void stream(long streamId, StreamOpen open, long offset, ByteBuffer data, boolean fin,
                           boolean endOfMessage) {
            if (state == ChannelState.ESTABLISHED) {
                streams.onStream(streamId, open, offset, data, fin, endOfMessage, nowNanos);
            }
        }

        @Override
        public void maxStreamData(long streamId, long maximum) {
            if (state == ChannelState.ESTABLISHED) {
                streams.onMaxStreamData(streamId, maximum);
            }
        }

        @Override
        public void resetStream(long streamId, long errorCode, long finalSize) {
            if (state == ChannelState.ESTABLISHED) {
                streams.onResetStream(streamId, errorCode, finalSize, nowNanos);
            }
        }

        @Override
        public void streamReply(long streamId) {
            if (state == ChannelState.ESTABLISHED) {
                streams.onStreamReply(streamId);
            }
        }

        @Override
        public void datagram(long streamId, long datagramId, int totalLength, int offset, ByteBuffer data) {
            if (state == ChannelState.ESTABLISHED) {
                streams.onDatagram(streamId, datagramId, totalLength, offset, data);
            }
        }
    }

    void protocolViolation(String what, long nowNanos) {
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
            streams.onAcked(p, nowNanos);
            if (p.mtuProbe) {
                if (pmtu.onProbeAcked(p.packetNumber)) {
                    onPathMtuChanged();
                }
            } else {
                pmtu.onPacketAcked(p.packetNumber, p.size);
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
            streams.onLost(p);
            if (p.identity && !identityAcked) {
                identityPending = true;
            }
            if (p.pathChallenge && !amplification.isValidated()) {
                pathChallengePending = true;
            }
            if (p.mtuProbe) {
                pmtu.onProbeLost(p.packetNumber, nowNanos, rtt.ptoNanos(config.maxAckDelayNanos()));
            } else if (pmtu.onPacketLost(p.packetNumber, p.size, nowNanos)) {
                onPathMtuChanged();
            }
        }
    }

    /** Path-MTU probing raised the packet size, or a black hole sent it back to the base size. */
    private void onPathMtuChanged() {
        maxDatagramSize = pmtu.currentSize();
        cc.onMaxDatagramSizeChanged(maxDatagramSize);
        pacer.onMaxDatagramSizeChanged(maxDatagramSize);
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
            t = Math.min(t, streams.emptySinceNanos() + lingerNanos());
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
        if (hasIdleSpare()) {
            t = Math.min(t, idleReleaseDeadlineNanos());
        }
        return t;
    }

    /**
     * Counted from the last release too, so that packets that fail to open (and make an opener that
     * nothing else keeps busy) cost at most one release per IDLE_RELEASE_NANOS.
     */
    private long idleReleaseDeadlineNanos() {
        return Math.max(Math.max(lastReceivedNanos, recovery.lastAckElicitingSentNanos()), idleReleasedNanos)
                + IDLE_RELEASE_NANOS;
    }

    /** Whether {@link #releaseIdleSpare} has anything to let go of; false right after it ran. */
    private boolean hasIdleSpare() {
        return keys.holdsCiphers() || recovery.hasSpare() || received.hasSpare() || streams.hasSpare()
                || ackStarts.length > INITIAL_ACK_SCRATCH;
    }

    private void releaseIdleSpare(long nowNanos) {
        idleReleasedNanos = nowNanos;
        keys.releaseCiphers();
        recovery.releaseSpare();
        received.releaseSpare();
        streams.releaseSpare();
        if (ackStarts.length > INITIAL_ACK_SCRATCH) {
            ackStarts = new long[INITIAL_ACK_SCRATCH];
            ackEnds = new long[INITIAL_ACK_SCRATCH];
        }
    }

    /** How long this channel stays without streams before it closes itself. */
    private long lingerNanos() {
        return initiator || streams.hadStream() ? LINGER_NANOS : FIRST_STREAM_WAIT_NANOS;
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
                && nowNanos >= streams.emptySinceNanos() + lingerNanos()) {
            // No stream has needed this channel for a while: end it cleanly rather than keep it alive.
            close(0, "no streams", nowNanos);
            return;
        }
        if (recovery.handleTimeout(nowNanos)) {
            failOverIfUnanswered();
            onProbeTimeout();
        }
        if (pacingDeadlineNanos <= nowNanos) {
            pacingDeadlineNanos = Long.MAX_VALUE;
        }
        if (nowNanos >= idleReleaseDeadlineNanos() && hasIdleSpare()) {
            releaseIdleSpare(nowNanos);
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
            streams.resend(p);
        }
    }

    // ------------------------------------------------------------------ send path

    /** Whether {@link #pollPacket} would write something if congestion control and pacing allowed it. */
    private boolean hasStreamDataToSend() {
        return streams.hasSomethingToSend();
    }

    private boolean hasControlFramesToSend() {
        return pingPending || streams.maxDataPending() || pathChallengePending || identityPending;
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
        if (ptoProbesDue > 0) {
            // A probe timeout may mean the path shrank under the packet size (a black hole): a probe
            // of the base size gets through, and its acknowledgement reveals the large losses.
            limit = Math.min(limit, pmtu.baseSize());
        }
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
            // The probe goes where a full-size packet may (mayElicit), and so may overshoot the window by
            // its extra size: in a window-limited bulk transfer the window never has a probe's worth free,
            // and a probe waiting for one would wait for the transfer to end.
            if (probeSize > maxDatagramSize && ptoProbesDue == 0) {
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
            eliciting |= streams.writeFrames(out, end, p, Math.max(maxDatagramSize, cc.congestionWindow() / 16));
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
        if (n > ackStarts.length) {
            ackStarts = new long[MAX_ACK_RANGES];
            ackEnds = new long[MAX_ACK_RANGES];
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
        wrote |= streams.writeMaxData(out, end, p);
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
