package io.jsst.engine.host;

import io.jsst.engine.Eid;
import io.jsst.engine.EidMismatchException;
import io.jsst.engine.channel.Channel;
import io.jsst.engine.channel.ChannelConfig;
import io.jsst.engine.channel.ChannelListener;
import io.jsst.engine.channel.ChannelState;
import io.jsst.engine.channel.CloseReason;
import io.jsst.engine.channel.DropCounters;
import io.jsst.engine.channel.DropReason;
import io.jsst.engine.crypto.CipherSuite;
import io.jsst.engine.crypto.CookieGenerator;
import io.jsst.engine.crypto.EphemeralKeyPair;
import io.jsst.engine.crypto.HostIdentity;
import io.jsst.engine.crypto.ResponderEphemeralKey;
import io.jsst.engine.stream.SegmentPool;
import io.jsst.engine.stream.StreamState;
import io.jsst.engine.wire.CookieChallenge;
import io.jsst.engine.wire.HandshakePacket;
import io.jsst.engine.wire.Initiate;
import io.jsst.engine.wire.PacketHeader;
import io.jsst.engine.wire.Response;
import io.jsst.engine.wire.StreamOpen;
import io.jsst.engine.wire.VersionNegotiation;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's protocol core: demultiplexes datagrams to channels by their destination channel id,
 * runs the handshake on both sides, and admits new channels only after the cookie round.
 *
 * <pre>
 *  datagram --first byte 0x00 + "SST"--&gt; handshake: INITIATE / COOKIE / RESPONSE / VERSION_NEGOTIATION
 *           --fixed bit, channel id---&gt; channels[id].handlePacket
 *           --anything else-----------&gt; dropped, counted (MALFORMED / UNKNOWN_CHANNEL)
 * </pre>
 *
 * A responder keeps no state for an INITIATE without a valid cookie: it answers with a COOKIE
 * computed from the packet and forgets it (JFK, as in SST's negotiation protocol).
 */
public final class HostEngine implements DatagramEndpoint {

    /** Ends of turn run per flush at most; more deferred work waits for the next event. */
    private static final int MAX_FLUSH_ROUNDS = 4;
    private static final int MAX_QUEUED_HANDSHAKE_PACKETS = 1024;

    private final HostIdentity identity;
    private final ChannelConfig config;
    private final SecureRandom random;
    private final HostListener listener;
    private final SegmentPool segments;
    private final CookieGenerator cookies;
    private final ResponderEphemeralKey responderKey;
    /**
     * The X25519 key pair of this host's next connect, made at a timer after a handshake completed
     * (while the peer checks the initiator's identity) rather than when the connect is asked for.
     */
    private EphemeralKeyPair spareKey;
    private long spareKeyDueNanos = Long.MAX_VALUE;
    private final DropCounters drops = new DropCounters();

    private final Map<Long, Channel> channels = new HashMap<>();
    private final List<Channel> channelList = new ArrayList<>();
    private final Map<ResponderKey, Channel> respondersByInitiator = new HashMap<>();
    private final Map<Channel, byte[]> responses = new HashMap<>();
    private final Map<Long, PendingResponder> pendingResponders = new HashMap<>();
    private final Map<ResponderKey, PendingResponder> pendingByInitiator = new HashMap<>();
    private final Map<Long, ConnectAttempt> attempts = new HashMap<>();
    private final ArrayDeque<Outgoing> handshakeQueue = new ArrayDeque<>();
    private int roundRobin;
    private boolean accepting = true;

    private record ResponderKey(long initiatorChannelId, InetSocketAddress peer) {
    }

    /**
     * A RESPONSE sent whose channel is not made yet. Nothing in the RESPONSE depends on the X25519
     * agreement, so it leaves first and the agreement (and the channel's keys) follows at a timer
     * due at once, while the initiator checks the signature; a packet for the channel that comes
     * sooner makes it then.
     */
    private record PendingResponder(ResponderKey key, Initiate init, long channelId, CipherSuite suite,
                                    EphemeralKeyPair ephemeral, byte[] transcript, InetSocketAddress local,
                                    byte[] response, long dueNanos) {
    }

    /** A handshake datagram to send, from {@code local} (null: from whichever socket polls first). */
    private record Outgoing(byte[] datagram, InetSocketAddress to, InetSocketAddress local) {
    }

    /**
     * While a datagram is handled: the local socket it arrived on, when the host has several
     * (null otherwise). Answers and new channels use the same socket, so the peer always hears
     * from the address it wrote to.
     */
    private InetSocketAddress arrivalLocal;


    private final ChannelListener channelListener = new ChannelListener() {
        @Override
        public void established(Channel channel) {
            responses.remove(channel);
            listener.accepted(channel);
        }

        @Override
        public void streamOpened(Channel channel, StreamState stream, StreamOpen open) {
            listener.streamOpened(channel, stream, open);
        }

        @Override
        public void streamReplied(Channel channel, StreamState stream) {
            listener.streamReplied(channel, stream);
        }

        @Override
        public void closed(Channel channel, CloseReason reason) {
            listener.closed(channel, reason);
        }
    };

    public HostEngine(HostIdentity identity, ChannelConfig config, SecureRandom random, HostListener listener) {
        this(identity, config, random, listener, SegmentPool.NONE);
    }

    /** @param segments where the channels' send buffers take their segments from and give them back */
    public HostEngine(HostIdentity identity, ChannelConfig config, SecureRandom random, HostListener listener,
                      SegmentPool segments) {
        this.segments = segments;
        this.identity = identity;
        this.config = config;
        this.random = random;
        this.listener = listener;
        this.cookies = new CookieGenerator(random);
        this.responderKey = new ResponderEphemeralKey(random);
    }

    public Eid eid() {
        return identity.eid();
    }

    public HostIdentity identity() {
        return identity;
    }

    public ChannelConfig config() {
        return config;
    }

    /** Whether new incoming channels are admitted (a host that only connects may refuse them). */
    public void setAccepting(boolean accepting) {
        this.accepting = accepting;
    }

    /** Drops that no channel could be charged with. */
    public DropCounters drops() {
        return drops;
    }

    /** All drops: the host's and every live channel's, by reason. */
    public Map<DropReason, Long> allDrops() {
        Map<DropReason, Long> m = drops.snapshot();
        for (Channel c : channelList) {
            c.drops().addTo(m);
        }
        return m;
    }

    /** Channels alive or closing, for inspection. */
    public List<Channel> channels() {
        return List.copyOf(channelList);
    }

    /**
     * An established channel to the host at {@code peer} (and, if {@code eid} is not null, with
     * that identity), for a new stream to ride on; null if there is none.
     */
    public Channel establishedChannelTo(InetSocketAddress peer, Eid eid) {
        for (Channel c : channelList) {
            if (c.state() == ChannelState.ESTABLISHED && (eid != null ? eid.equals(c.peerEid())
                    : c.peerAddress().equals(peer))) {
                return c;
            }
        }
        return null;
    }

    /** Per-peer state the responder holds (channels and pending responses), for tests of statelessness. */
    public int responderStateCount() {
        return respondersByInitiator.size() + responses.size() + pendingResponders.size();
    }

    public int pendingConnectCount() {
        return attempts.size();
    }

    // ------------------------------------------------------------------ connect (initiator)

    /**
     * Starts a handshake with {@code peer}. The outcome arrives through {@link HostListener}.
     *
     * @param expectedEid the responder must prove this identity, or null for any
     */
    public ConnectAttempt connect(InetSocketAddress peer, Eid expectedEid, long timeoutNanos, long nowNanos) {
        return connect(peer, expectedEid, timeoutNanos, null, nowNanos);
    }

    /** As {@link #connect(InetSocketAddress, Eid, long, long)}, from the local socket {@code local}. */
    public ConnectAttempt connect(InetSocketAddress peer, Eid expectedEid, long timeoutNanos, InetSocketAddress local,
                                  long nowNanos) {
        long cid = newChannelId();
        EphemeralKeyPair eph = spareKey != null ? spareKey : EphemeralKeyPair.generate(random);
        spareKey = null;
        byte[] nonce = new byte[HandshakePacket.NONCE_LENGTH];
        random.nextBytes(nonce);
        Initiate init = new Initiate(HandshakePacket.VERSION_1, cid, offeredSuites(), nonce, eph.publicKey(),
                new byte[0]);
        long first = Math.max(50_000_000L, 2 * config.initialRttNanos());
        ConnectAttempt a = new ConnectAttempt(peer, expectedEid, cid, eph, init, nowNanos + timeoutNanos, first,
                nowNanos);
        a.local = local;
        attempts.put(cid, a);
        sendInitiate(a);
        return a;
    }

    /**
     * Makes the ephemeral key of this host's next connect now, if it has none ready: a new host's
     * first connect then starts without an X25519 key generation (~50-85 us) before its INITIATE.
     */
    public void prepareConnectKey() {
        if (spareKey == null) {
            spareKey = EphemeralKeyPair.generate(random);
            spareKeyDueNanos = Long.MAX_VALUE;
        }
    }

    /** Abandons a handshake in progress (no callback). */
    public void cancel(ConnectAttempt attempt) {
        attempt.done = true;
        attempts.remove(attempt.channelId);
    }

    private int[] offeredSuites() {
        CipherSuite preferred = config.cipherSuite();
        CipherSuite other = preferred == CipherSuite.AES_128_GCM ? CipherSuite.CHACHA20_POLY1305
                : CipherSuite.AES_128_GCM;
        return new int[] {preferred.wireCode(), other.wireCode()};
    }

    private long newChannelId() {
        long id;
        do {
            id = random.nextLong();
        } while (id == 0 || channels.containsKey(id) || attempts.containsKey(id) || pendingResponders.containsKey(id));
        return id;
    }

    private void fail(ConnectAttempt a, Exception cause) {
        if (a.done) {
            return;
        }
        a.done = true;
        attempts.remove(a.channelId);
        listener.connectFailed(a, cause);
    }

    // ------------------------------------------------------------------ input

    /** A datagram that arrived on the local socket {@code local} of a host with several. */
    public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, InetSocketAddress local, long nowNanos) {
        arrivalLocal = local;
        try {
            handleDatagram(datagram, from, nowNanos);
        } finally {
            arrivalLocal = null;
        }
    }

    @Override
    public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
        if (!datagram.hasRemaining()) {
            drops.discard(DropReason.MALFORMED);
            return;
        }
        int first = datagram.get(datagram.position()) & 0xFF;
        if (first == 0) {
            handleHandshakePacket(datagram, from, nowNanos);
        } else if (PacketHeader.isProtected(first) && datagram.remaining() >= PacketHeader.LENGTH) {
            long id = PacketHeader.destinationChannelId(datagram, datagram.position());
            Channel c = channels.get(id);
            if (c == null && !pendingResponders.isEmpty()) {
                PendingResponder p = pendingResponders.get(id);
                c = p == null ? null : makeResponderChannel(p, nowNanos);
            }
            if (c == null) {
                drops.discard(DropReason.UNKNOWN_CHANNEL);
            } else {
                c.handlePacket(datagram, from, arrivalLocal, nowNanos);
                reap(c);
            }
        } else {
            drops.discard(DropReason.MALFORMED);
        }
    }

    private void handleHandshakePacket(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
        if (!HandshakePacket.isHandshake(datagram)) {
            drops.discard(DropReason.MALFORMED);
            return;
        }
        if (HandshakePacket.versionOf(datagram) != HandshakePacket.VERSION_1) {
            drops.discard(DropReason.UNSUPPORTED_VERSION);
            answerUnknownVersion(datagram, from);
            return;
        }
        int length = datagram.remaining();
        HandshakePacket packet = HandshakePacket.decode(datagram);
        if (packet == null) {
            drops.discard(DropReason.MALFORMED);
            return;
        }
        if (packet instanceof Initiate init) {
            handleInitiate(init, length, from, nowNanos);
        } else if (packet instanceof CookieChallenge c) {
            handleCookie(c, from, nowNanos);
        } else if (packet instanceof Response r) {
            handleResponse(r, from, nowNanos);
        } else if (packet instanceof VersionNegotiation v) {
            handleVersionNegotiation(v, from);
        }
        // A ReachabilityProbe needs no answer: the OS answers for closed ports.
    }

    /** RFC 9000 §6 in spirit: an INITIATE of another version is answered with the versions we speak. */
    private void answerUnknownVersion(ByteBuffer datagram, InetSocketAddress from) {
        int p = datagram.position();
        if (datagram.remaining() < Initiate.PADDED_LENGTH
                || (datagram.get(p + 5) & 0xFF) != HandshakePacket.TYPE_INITIATE) {
            return;
        }
        long cid = datagram.getLong(p + 6);
        queue(new VersionNegotiation(HandshakePacket.VERSION_1, cid, new int[] {HandshakePacket.VERSION_1}), from);
    }

    private void handleInitiate(Initiate init, int length, InetSocketAddress from, long nowNanos) {
        if (length < Initiate.PADDED_LENGTH) {
            drops.discard(DropReason.MALFORMED);
            return;
        }
        if (!accepting) {
            drops.discard(DropReason.HANDSHAKE_UNEXPECTED);
            return;
        }
        if (init.cookie().length == 0 || !cookies.verify(init.cookie(), init.cookieMaterial(), from, nowNanos)) {
            if (init.cookie().length > 0) {
                drops.discard(DropReason.HANDSHAKE_INVALID);
            }
            // No cookie, or a stale or damaged one: answer with a fresh cookie and keep nothing. The
            // key hint is the same for every peer, so naming it keeps nothing either.
            queue(new CookieChallenge(HandshakePacket.VERSION_1, init.initiatorChannelId(),
                    cookies.issue(init.cookieMaterial(), from, nowNanos),
                    responderKey.current(nowNanos).publicKey()), from);
            return;
        }
        ResponderKey key = new ResponderKey(init.initiatorChannelId(), from);
        Channel existing = respondersByInitiator.get(key);
        if (existing != null) {
            byte[] response = responses.get(existing);
            if (response != null) {
                queueRaw(response, from, arrivalLocal);
            }
            return;
        }
        PendingResponder pending = pendingByInitiator.get(key);
        if (pending != null) {
            queueRaw(pending.response(), from, arrivalLocal);
            return;
        }
        CipherSuite suite = chooseSuite(init.cipherSuites());
        // The agreement follows the RESPONSE: a key it would refuse gets no signed RESPONSE either.
        if (suite == null || EphemeralKeyPair.isSmallOrder(init.ephemeralKey())) {
            drops.discard(DropReason.HANDSHAKE_INVALID);
            return;
        }
        EphemeralKeyPair eph = responderKey.current(nowNanos);
        long rcid = newChannelId();
        byte[] nonce = new byte[HandshakePacket.NONCE_LENGTH];
        random.nextBytes(nonce);
        byte[] hostKey = identity.publicKey();
        byte[] transcript = Handshake.transcriptHash(init, rcid, suite.wireCode(), nonce, eph.publicKey(), hostKey);
        byte[] signature = identity.sign(Handshake.responderSignedBytes(transcript));
        Response response = new Response(HandshakePacket.VERSION_1, init.initiatorChannelId(), rcid,
                suite.wireCode(), nonce, eph.publicKey(), hostKey, signature);
        ByteBuffer buf = ByteBuffer.allocate(Response.LENGTH);
        response.encode(buf);
        pending = new PendingResponder(key, init, rcid, suite, eph, transcript, arrivalLocal, buf.array(), nowNanos);
        pendingResponders.put(rcid, pending);
        pendingByInitiator.put(key, pending);
        queueRaw(buf.array(), from, arrivalLocal);
    }

    /**
     * The agreement and the channel of a RESPONSE already sent. An initiator key that agrees on
     * nothing (small order) gets no channel: its packets are dropped as for an unknown channel.
     *
     * @return the channel, or null if the initiator's key is bad
     */
    private Channel makeResponderChannel(PendingResponder p, long nowNanos) {
        pendingResponders.remove(p.channelId());
        pendingByInitiator.remove(p.key());
        byte[] shared;
        try {
            shared = p.ephemeral().sharedSecret(p.init().ephemeralKey());
        } catch (GeneralSecurityException e) {
            drops.discard(DropReason.HANDSHAKE_INVALID);
            return null;
        }
        byte[][] secrets = Handshake.trafficSecrets(p.transcript(), shared);
        Channel channel = new Channel(config, false, p.channelId(), p.init().initiatorChannelId(), p.key().peer(),
                p.local(), new Channel.PacketProtectionKeys(p.suite(), secrets[1], secrets[0]), null, null, null,
                p.transcript(), channelListener, random, segments, nowNanos);
        add(channel);
        respondersByInitiator.put(p.key(), channel);
        responses.put(channel, p.response());
        return channel;
    }

    private CipherSuite chooseSuite(int[] offered) {
        for (int code : offered) {
            if (code == config.cipherSuite().wireCode()) {
                return config.cipherSuite();
            }
        }
        for (int code : offered) {
            CipherSuite s = CipherSuite.fromWireCode(code);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private void handleCookie(CookieChallenge c, InetSocketAddress from, long nowNanos) {
        ConnectAttempt a = attempts.get(c.initiatorChannelId());
        if (a == null || !a.peer.equals(from)) {
            drops.discard(DropReason.HANDSHAKE_UNEXPECTED);
            return;
        }
        Initiate old = a.initiate;
        a.initiate = new Initiate(old.version(), old.initiatorChannelId(), old.cipherSuites(), old.nonce(),
                old.ephemeralKey(), c.cookie());
        a.nextRetransmitNanos = nowNanos + a.retransmitIntervalNanos;
        sendInitiate(a);
        a.expectResponderKey(c.keyHint(), nowNanos);
    }

    private void handleResponse(Response r, InetSocketAddress from, long nowNanos) {
        ConnectAttempt a = attempts.get(r.initiatorChannelId());
        if (a == null || !a.peer.equals(from)) {
            drops.discard(DropReason.HANDSHAKE_UNEXPECTED);
            return;
        }
        CipherSuite suite = CipherSuite.fromWireCode(r.cipherSuite());
        byte[] transcript = Handshake.transcriptHash(a.initiate, r);
        if (suite == null || !HostIdentity.verify(r.hostKey(), Handshake.responderSignedBytes(transcript),
                r.signature())) {
            // A forged RESPONSE must not end a handshake the real responder may still answer.
            drops.discard(DropReason.HANDSHAKE_INVALID);
            return;
        }
        Eid responder = Eid.ofPublicKey(r.hostKey());
        if (a.expectedEid != null && !a.expectedEid.equals(responder)) {
            fail(a, new EidMismatchException(a.expectedEid, responder, a.peer.toString()));
            return;
        }
        byte[] shared;
        try {
            shared = a.sharedSecret(r.ephemeralKey());
        } catch (GeneralSecurityException e) {
            drops.discard(DropReason.HANDSHAKE_INVALID);
            return;
        }
        byte[][] secrets = Handshake.trafficSecrets(transcript, shared);
        byte[] myKey = identity.publicKey();
        byte[] mySignature = identity.sign(Channel.initiatorSignedBytes(transcript, myKey));
        Channel channel = new Channel(config, true, a.channelId, r.responderChannelId(), from, a.local,
                new Channel.PacketProtectionKeys(suite, secrets[0], secrets[1]), responder, myKey, mySignature,
                transcript, channelListener, random, segments, nowNanos);
        a.done = true;
        attempts.remove(a.channelId);
        add(channel);
        if (spareKey == null) {
            spareKeyDueNanos = nowNanos;
        }
        listener.connected(a, channel);
    }

    private void handleVersionNegotiation(VersionNegotiation v, InetSocketAddress from) {
        ConnectAttempt a = attempts.get(v.initiatorChannelId());
        if (a == null || !a.peer.equals(from)) {
            drops.discard(DropReason.HANDSHAKE_UNEXPECTED);
            return;
        }
        for (int version : v.supportedVersions()) {
            if (version == HandshakePacket.VERSION_1) {
                // We spoke version 1 already: a version-negotiation packet naming it is forged or stale.
                drops.discard(DropReason.HANDSHAKE_INVALID);
                return;
            }
        }
        fail(a, new ConnectException("no common protocol version with " + from + ": it speaks "
                + java.util.Arrays.toString(v.supportedVersions()) + ", we speak [1]"));
    }

    @Override
    public void handleUnreachable(InetSocketAddress destination, long nowNanos) {
        for (ConnectAttempt a : List.copyOf(attempts.values())) {
            if (a.peer.equals(destination)) {
                fail(a, new PortUnreachableException("port unreachable: nothing listens at " + destination));
            }
        }
    }

    // ------------------------------------------------------------------ timers

    @Override
    public void handleTimeout(long nowNanos) {
        responderKey.forgetExpired(nowNanos);
        if (!pendingResponders.isEmpty()) {
            for (PendingResponder p : List.copyOf(pendingResponders.values())) {
                if (nowNanos >= p.dueNanos()) {
                    makeResponderChannel(p, nowNanos);
                }
            }
        }
        if (nowNanos >= spareKeyDueNanos) {
            spareKeyDueNanos = Long.MAX_VALUE;
            spareKey = EphemeralKeyPair.generate(random);
        }
        for (ConnectAttempt a : List.copyOf(attempts.values())) {
            a.precomputeSharedSecret(nowNanos);
            if (nowNanos >= a.deadlineNanos) {
                fail(a, new SocketTimeoutException("connect to " + a.peer + " timed out"));
            } else if (nowNanos >= a.nextRetransmitNanos) {
                sendInitiate(a);
                a.backOff(nowNanos);
            }
        }
        for (int i = 0; i < channelList.size(); i++) {
            Channel c = channelList.get(i);
            if (c.nextTimeoutNanos() <= nowNanos) {
                c.handleTimeout(nowNanos);
                if (reap(c)) {
                    i--;
                }
            }
        }
    }

    @Override
    public long nextTimeoutNanos() {
        long t = Math.min(spareKeyDueNanos, responderKey.expiryNanos());
        for (PendingResponder p : pendingResponders.values()) {
            t = Math.min(t, p.dueNanos());
        }
        for (ConnectAttempt a : attempts.values()) {
            t = Math.min(t, Math.min(a.deadlineNanos, Math.min(a.nextRetransmitNanos, a.precomputeAtNanos())));
        }
        for (Channel c : channelList) {
            t = Math.min(t, c.nextTimeoutNanos());
        }
        return t;
    }

    // ------------------------------------------------------------------ output

    @Override
    public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos) {
        return pollTransmit(out, nowNanos, null);
    }

    /**
     * As {@link #pollTransmit(ByteBuffer, long)}, for the local socket {@code local} of a host with
     * several: only what must leave from that socket (null: anything).
     */
    public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos, InetSocketAddress local) {
        for (java.util.Iterator<Outgoing> it = handshakeQueue.iterator(); it.hasNext(); ) {
            Outgoing o = it.next();
            if (local == null || o.local == null || o.local.equals(local)) {
                it.remove();
                out.clear();
                out.put(o.datagram).flip();
                return o.to;
            }
        }
        for (int round = 0; round < MAX_FLUSH_ROUNDS; round++) {
            int n = channelList.size();
            for (int i = 0; i < n; i++) {
                int index = (roundRobin + i) % n;
                Channel c = channelList.get(index);
                if (local != null && c.localAddress() != null && !c.localAddress().equals(local)) {
                    continue;
                }
                out.clear();
                int len = c.pollPacket(out, nowNanos);
                if (len > 0) {
                    roundRobin = index + 1;
                    out.position(0).limit(len);
                    return c.peerAddress();
                }
            }
            // What the end of the turn runs may give a channel something to send (a read's credit):
            // look again, or it would wait for the next datagram or timer, which may never come.
            if (!listener.turnFlushed()) {
                break;
            }
        }
        return null;
    }

    /** An answer to the datagram being handled, from the socket it arrived on. */
    private void queue(HandshakePacket packet, InetSocketAddress to) {
        queueRaw(encode(packet), to, arrivalLocal);
    }

    /** An attempt's INITIATE (first, with its cookie, or again), from the attempt's socket. */
    private void sendInitiate(ConnectAttempt a) {
        queueRaw(encode(a.initiate), a.peer, a.local);
    }

    private static byte[] encode(HandshakePacket packet) {
        ByteBuffer buf = ByteBuffer.allocate(Initiate.PADDED_LENGTH + 64);
        packet.encode(buf);
        buf.flip();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return bytes;
    }

    private void queueRaw(byte[] datagram, InetSocketAddress to, InetSocketAddress local) {
        // Bounded: under a flood of INITIATEs, answers beyond this are not sent (and nothing is kept).
        if (handshakeQueue.size() < MAX_QUEUED_HANDSHAKE_PACKETS) {
            handshakeQueue.add(new Outgoing(datagram, to, local));
        }
    }

    // ------------------------------------------------------------------ channel bookkeeping

    private void add(Channel c) {
        channels.put(c.localChannelId(), c);
        channelList.add(c);
    }

    /** Forgets a closed channel. @return whether it was removed */
    private boolean reap(Channel c) {
        if (c.state() != ChannelState.CLOSED) {
            return false;
        }
        channels.remove(c.localChannelId());
        channelList.remove(c);
        responses.remove(c);
        respondersByInitiator.values().remove(c);
        return true;
    }
}
