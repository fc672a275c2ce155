package io.jsst.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.channel.Channel;
import io.jsst.engine.channel.ChannelConfig;
import io.jsst.engine.channel.CloseReason;
import io.jsst.engine.crypto.HostIdentity;
import io.jsst.engine.host.ConnectAttempt;
import io.jsst.engine.host.HostEngine;
import io.jsst.engine.host.HostListener;
import io.jsst.engine.stream.StreamState;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code docs/wire-format.md} against the implementation: two real {@link HostEngine}s run a
 * handshake, and this test, written from the document alone with nothing but the JDK's primitives,
 * recomputes the transcript, checks both signatures, derives the traffic keys and opens the first
 * protected packets. If the document and the code drift apart, this test says where.
 */
class WireFormatTest {

    private static final byte[] ED25519_SPKI = HexFormatHolder.hex("302a300506032b6570032100");

    private static final class HexFormatHolder {
        static byte[] hex(String s) {
            return java.util.HexFormat.of().parseHex(s);
        }
    }

    /** A SecureRandom that remembers every 32-byte draw, among which is the X25519 private key. */
    private static final class RecordingRandom extends SecureRandom {
        final List<byte[]> draws32 = new ArrayList<>();

        RecordingRandom() {
            super(new byte[0]);
        }

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            super.nextBytes(bytes);
            if (bytes.length == 32) {
                draws32.add(bytes.clone());
            }
        }
    }

    /** What a listener does with a top-level stream the peer opens. */
    private enum OnOpen { REPLY, RESET_SERVICE_UNAVAILABLE, NOTHING }

    private static final class Listener implements HostListener {
        Channel connected;
        Channel accepted;
        OnOpen onOpen = OnOpen.REPLY;
        final List<CloseReason> closed = new ArrayList<>();
        final List<String> opened = new ArrayList<>();
        final List<Long> replied = new ArrayList<>();

        @Override public void connected(ConnectAttempt attempt, Channel channel) {
            connected = channel;
        }

        @Override public void connectFailed(ConnectAttempt attempt, Exception cause) {
            throw new AssertionError("connect failed", cause);
        }

        @Override public void accepted(Channel channel) {
            accepted = channel;
        }

        @Override public void streamOpened(Channel channel, StreamState stream, StreamOpen open) {
            opened.add(stream.id() + " " + open);
            if (!open.isTopLevel()) {
                return;
            }
            switch (onOpen) {
                case REPLY -> channel.reply(stream.id());
                case RESET_SERVICE_UNAVAILABLE -> channel.reset(stream.id(), CloseReason.SERVICE_UNAVAILABLE);
                case NOTHING -> { }
            }
        }

        @Override public void streamReplied(Channel channel, StreamState stream) {
            replied.add(stream.id());
        }

        @Override public void closed(Channel channel, CloseReason reason) {
            closed.add(reason);
        }
    }

    private record Datagram(byte[] bytes, InetSocketAddress to) {
    }

    private static final long T0 = 1_000_000_000L;

    private final InetSocketAddress addrI;
    private final InetSocketAddress addrI2;
    private final InetSocketAddress addrR;
    private final RecordingRandom randomI = new RecordingRandom();
    private final Listener listenerI = new Listener();
    private final Listener listenerR = new Listener();
    private final HostIdentity identityI = HostIdentity.generate(new SecureRandom());
    private final HostIdentity identityR = HostIdentity.generate(new SecureRandom());
    private final HostEngine initiator;
    private final HostEngine responder;

    // What the handshake put on the wire, and what the document says follows from it.
    private byte[] initiate1;
    private byte[] cookie;
    private byte[] initiate2;
    private byte[] response;
    private byte[] transcript;
    private byte[] secretI2R;
    private byte[] secretR2I;

    WireFormatTest() throws Exception {
        addrI = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}), 4001);
        addrI2 = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 9}), 6009);
        addrR = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, 0, 2}), 5002);
        initiator = new HostEngine(identityI, ChannelConfig.defaults(), randomI, listenerI);
        responder = new HostEngine(identityR, ChannelConfig.defaults(), new SecureRandom(), listenerR);
    }

    // ------------------------------------------------------------------ helpers

    private static Datagram poll(HostEngine engine, long nowNanos) {
        ByteBuffer out = ByteBuffer.allocate(70_000);
        InetSocketAddress to = engine.pollTransmit(out, nowNanos);
        if (to == null) {
            return null;
        }
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return new Datagram(b, to);
    }

    private static List<Datagram> drain(HostEngine engine, long nowNanos) {
        List<Datagram> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Datagram d = poll(engine, nowNanos);
            if (d == null) {
                return all;
            }
            all.add(d);
        }
        throw new AssertionError("endless output");
    }

    private static byte[] range(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** The document's expandLabel for L <= 32: first L bytes of HMAC(secret, "jsst " + label | 0x01). */
    private static byte[] expandLabel(byte[] secret, String label, int length) throws Exception {
        return Arrays.copyOf(hmac(secret, concat(ascii("jsst " + label), new byte[] {1})), length);
    }

    private static boolean ed25519Verify(byte[] rawKey, byte[] message, byte[] signature) throws Exception {
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI, rawKey)));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(key);
        v.update(message);
        return v.verify(signature);
    }

    private static byte[] x25519(byte[] scalar, byte[] uLittleEndian) throws Exception {
        KeyFactory kf = KeyFactory.getInstance("X25519");
        PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        byte[] be = uLittleEndian.clone();
        for (int i = 0; i < be.length / 2; i++) {
            byte t = be[i];
            be[i] = be[be.length - 1 - i];
            be[be.length - 1 - i] = t;
        }
        PublicKey pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(priv);
        ka.doPhase(pub, true);
        return ka.generateSecret();
    }

    /** Opens a protected packet as the document says; returns the plaintext frames or fails. */
    private static byte[] open(byte[] packet, byte[] trafficSecret, int suite) throws Exception {
        assertThat(suite).as("suite").isEqualTo(1); // AES-128-GCM, the default configuration's
        byte[] key = expandLabel(trafficSecret, "key", 16);
        byte[] iv = expandLabel(trafficSecret, "iv", 12);
        long pn = ((packet[9] & 0xFFL) << 24) | ((packet[10] & 0xFFL) << 16) | ((packet[11] & 0xFFL) << 8)
                | (packet[12] & 0xFFL); // first packets: the full number fits in 32 bits
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (pn >>> (8 * i));
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(packet, 0, 13);
        return c.doFinal(packet, 13, packet.length - 13);
    }

    /** Opens the initiator's first top-level stream (to the default service) and writes {@code text} on it. */
    private static StreamState openAndWrite(Channel c, String text) {
        StreamState s = c.openStream(StreamOpen.topLevel("", ""));
        c.write(s.id(), ByteBuffer.wrap(ascii(text)), true);
        return s;
    }

    /** Carries every datagram each way for {@code rounds} rounds of 20 ms; returns the time reached. */
    private long exchange(long now, int rounds) {
        for (int round = 0; round < rounds; round++) {
            now += 20_000_000L;
            for (Datagram d : drain(initiator, now)) {
                responder.handleDatagram(ByteBuffer.wrap(d.bytes), addrI, now);
            }
            for (Datagram d : drain(responder, now)) {
                initiator.handleDatagram(ByteBuffer.wrap(d.bytes), addrR, now);
            }
        }
        return now;
    }

    /** Builds and seals an initiator-to-responder packet with packet number {@code pn} by the document. */
    private byte[] sealFromInitiator(ByteBuffer plain, int pn) throws Exception {
        byte[] pnBytes = ByteBuffer.allocate(4).putInt(pn).array();
        byte[] header = concat(new byte[] {0x40}, range(response, 14, 22), pnBytes);
        byte[] key = expandLabel(secretI2R, "key", 16);
        byte[] iv = expandLabel(secretI2R, "iv", 12);
        for (int i = 0; i < 4; i++) {
            iv[11 - i] ^= pnBytes[3 - i];
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(header);
        return concat(header, c.doFinal(plain.array(), plain.position(), plain.remaining()));
    }

    private static List<String> frames(byte[] plaintext) {
        FrameCodecTest.RecordingVisitor v = new FrameCodecTest.RecordingVisitor();
        assertThat(new FrameReader().read(ByteBuffer.wrap(plaintext), v)).isNotEqualTo(FrameReader.Result.MALFORMED);
        return v.frames;
    }

    /** Runs INITIATE, COOKIE, INITIATE+cookie, RESPONSE and derives what the document says. */
    private void handshake() throws Exception {
        initiator.connect(addrR, null, 10_000_000_000L, T0);
        Datagram d1 = poll(initiator, T0);
        assertThat(d1.to).isEqualTo(addrR);
        initiate1 = d1.bytes;
        responder.handleDatagram(ByteBuffer.wrap(initiate1), addrI, T0);
        Datagram d2 = poll(responder, T0);
        cookie = d2.bytes;
        initiator.handleDatagram(ByteBuffer.wrap(cookie), addrR, T0);
        initiate2 = poll(initiator, T0).bytes;
        responder.handleDatagram(ByteBuffer.wrap(initiate2), addrI, T0);
        response = poll(responder, T0).bytes;
        initiator.handleDatagram(ByteBuffer.wrap(response), addrR, T0);
        assertThat(listenerI.connected).as("initiator connected").isNotNull();

        int n = initiate2[14];
        transcript = MessageDigest.getInstance("SHA-256").digest(
                concat(ascii("jsst v1"), range(initiate2, 6, 79 + n), range(response, 14, 119)));
        byte[] gi = range(initiate2, 47 + n, 79 + n);
        byte[] gr = range(response, 55, 87);
        byte[] i = null;
        byte[] base = new byte[32];
        base[0] = 9;
        for (byte[] candidate : randomI.draws32) {
            if (Arrays.equals(x25519(candidate, base), gi)) {
                i = candidate;
            }
        }
        assertThat(i).as("the initiator's X25519 private key among its random draws").isNotNull();
        byte[] z = x25519(i, gr);
        byte[] prk = hmac(transcript, z); // HKDF-Extract(salt = transcript, IKM = Z)
        secretI2R = expandLabel(prk, "i2r", 32);
        secretR2I = expandLabel(prk, "r2i", 32);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void keyScheduleTestVectorsOfTheDocumentMatchTheImplementation() {
        // docs/wire-format.md, "Key schedule test vector": T = 00..1f, Z = 20..3f.
        byte[] t = new byte[32];
        byte[] z = new byte[32];
        for (int k = 0; k < 32; k++) {
            t[k] = (byte) k;
            z[k] = (byte) (0x20 + k);
        }
        java.util.HexFormat hex = java.util.HexFormat.of();
        byte[] prk = io.jsst.engine.crypto.Hkdf.extract(t, z);
        assertThat(hex.formatHex(prk)).isEqualTo("62215de7bddcea7e2c4047ff6bb94f8d18262fc8b3f3648134bb7d44158ff84d");
        byte[] i2r = io.jsst.engine.crypto.Hkdf.expandLabel(prk, "i2r", 32);
        assertThat(hex.formatHex(i2r)).isEqualTo("620b82d471e8fbafb7c9c3515271ead2682f55e0f810538f6b25355ee36149b2");
        assertThat(hex.formatHex(io.jsst.engine.crypto.Hkdf.expandLabel(prk, "r2i", 32)))
                .isEqualTo("06c5215f88190b65ce4224c3953752f2b2e65e7efefc8026b2798cd6b00783da");
        assertThat(hex.formatHex(io.jsst.engine.crypto.Hkdf.expandLabel(i2r, "key", 16)))
                .isEqualTo("20119a6416e180396a800b49f4ae233a");
        assertThat(hex.formatHex(io.jsst.engine.crypto.Hkdf.expandLabel(i2r, "key", 32)))
                .isEqualTo("20119a6416e180396a800b49f4ae233a656139b0e628c41293f816c7363c1b82");
        assertThat(hex.formatHex(io.jsst.engine.crypto.Hkdf.expandLabel(i2r, "iv", 12)))
                .isEqualTo("70dbe4b661d9b56c8f303e83");
        assertThat(hex.formatHex(io.jsst.engine.crypto.CipherSuite.nextSecret(i2r)))
                .isEqualTo("7774d0593aff2346a226703f17ff1314c46a84eedb11065f28a23addcafd9b35");
    }

    @Test
    void handshakePacketsHaveTheDocumentedLayout() throws Exception {
        handshake();
        int n = initiate1[14];
        assertThat(initiate1).hasSize(1200);
        assertThat(range(initiate1, 0, 6)).isEqualTo(HexFormatHolder.hex("005353540101"));
        assertThat(n).isEqualTo(2);
        assertThat(range(initiate1, 15, 17)).isEqualTo(new byte[] {1, 2}); // preferred AES-128-GCM, then ChaCha20
        assertThat(initiate1[79 + n]).as("no cookie yet").isZero();

        assertThat(range(cookie, 0, 6)).isEqualTo(HexFormatHolder.hex("005353540102"));
        assertThat(range(cookie, 6, 14)).isEqualTo(range(initiate1, 6, 14));
        assertThat(cookie[14]).isEqualTo((byte) 24);
        assertThat(cookie).as("24-byte cookie, then the 32-byte key hint").hasSize(15 + 24 + 32);
        assertThat(range(cookie, 39, 71)).as("the key hint is the g^r the RESPONSE carries")
                .isEqualTo(range(response, 55, 87));

        assertThat(initiate2).hasSize(1200);
        assertThat(range(initiate2, 0, 79 + n)).as("the second INITIATE repeats the first").isEqualTo(range(initiate1, 0, 79 + n));
        assertThat(initiate2[79 + n]).isEqualTo((byte) 24);
        assertThat(range(initiate2, 80 + n, 104 + n)).isEqualTo(range(cookie, 15, 39));

        assertThat(response).hasSize(183);
        assertThat(range(response, 0, 6)).isEqualTo(HexFormatHolder.hex("005353540103"));
        assertThat(range(response, 6, 14)).isEqualTo(range(initiate1, 6, 14));
        assertThat(response[22]).isEqualTo((byte) 1);
        assertThat(range(response, 87, 119)).isEqualTo(identityR.publicKey());
    }

    @Test
    void responderSignatureCoversTheDocumentedTranscript() throws Exception {
        handshake();
        assertThat(ed25519Verify(range(response, 87, 119), concat(ascii("jsst responder"), transcript),
                range(response, 119, 183))).isTrue();
        assertThat(MessageDigest.getInstance("SHA-256").digest(range(response, 87, 119)))
                .as("the EID is SHA-256 of the host key").isEqualTo(identityR.eid().toByteArray());
    }

    @Test
    void firstProtectedPacketOpensWithTheDocumentedKeysAndLeadsWithAVerifiableIdentity() throws Exception {
        handshake();
        Channel c = listenerI.connected;
        StreamState s = openAndWrite(c, "hello");
        assertThat(s.id()).as("the initiator's first stream id").isEqualTo(1);
        Datagram d = poll(initiator, T0);
        byte[] p = d.bytes;
        assertThat(d.to).isEqualTo(addrR);
        assertThat(p[0]).as("fixed bit, key phase 0").isEqualTo((byte) 0x40);
        assertThat(range(p, 1, 9)).as("destination = responder's channel id").isEqualTo(range(response, 14, 22));
        assertThat(range(p, 9, 13)).as("packet number 0").isEqualTo(new byte[4]);

        List<String> frames = frames(open(p, secretI2R, response[22]));
        String keyI = java.util.HexFormat.of().formatHex(identityI.publicKey());
        assertThat(frames.get(0)).startsWith("IDENTITY " + keyI + " ");
        byte[] sigI = java.util.HexFormat.of().parseHex(frames.get(0).substring(("IDENTITY " + keyI + " ").length()));
        assertThat(ed25519Verify(identityI.publicKey(), concat(ascii("jsst initiator"), transcript,
                identityI.publicKey()), sigI)).isTrue();
        assertThat(frames).contains("MAX_DATA " + (32L << 20), "MAX_STREAM_DATA 1 " + (8L << 20),
                "STREAM id=1 open=top '' '' off=0 data=68656c6c6f fin=false eom=true");
    }

    @Test
    void responderAnswersWithAnAckUnderTheResponderToInitiatorKeys() throws Exception {
        handshake();
        openAndWrite(listenerI.connected, "hello");
        Datagram first = poll(initiator, T0);
        responder.handleDatagram(ByteBuffer.wrap(first.bytes), addrI, T0);
        assertThat(listenerR.accepted).as("responder accepted after IDENTITY").isNotNull();
        assertThat(listenerR.opened).as("the stream opened with its first packet: zero round trips")
                .containsExactly("1 " + StreamOpen.topLevel("", ""));
        List<Datagram> answers = drain(responder, T0 + 20_000_000L);
        assertThat(answers).isNotEmpty();
        List<String> frames = new ArrayList<>();
        for (Datagram d : answers) {
            assertThat(range(d.bytes, 1, 9)).as("destination = initiator's channel id")
                    .isEqualTo(range(initiate1, 6, 14));
            frames.addAll(frames(open(d.bytes, secretR2I, response[22])));
        }
        assertThat(frames).anyMatch(f -> f.startsWith("ACK largest=0 ") && f.endsWith(" 0..0"));
        assertThat(frames).as("the responder's listener accepted the top-level stream").contains("STREAM_REPLY 1");
    }

    @Test
    void anInitiatorPacketCarriesItsIdentityFrameOnlyOnce() throws Exception {
        // Regression: writePacket put IDENTITY first and writeControlFrames added a second copy.
        handshake();
        openAndWrite(listenerI.connected, "hello");
        List<String> frames = frames(open(poll(initiator, T0).bytes, secretI2R, response[22]));
        assertThat(frames.stream().filter(f -> f.startsWith("IDENTITY"))).hasSize(1);
    }

    @Test
    void framesAfterAnIdentityThatFailsToVerifyAreNotActedUpon() throws Exception {
        handshake();
        // The initiator's first packet, built by hand: IDENTITY with a bad signature, then a
        // STREAM frame that opens a top-level stream with data.
        ByteBuffer plain = ByteBuffer.allocate(200);
        FrameWriter.identity(plain, identityI.publicKey(), new byte[64]);
        FrameWriter.streamHeader(plain, 1, StreamOpen.topLevel("", ""), 0, 5, false, true);
        plain.put(ascii("intru"));
        plain.flip();
        responder.handleDatagram(ByteBuffer.wrap(sealFromInitiator(plain, 0)), addrI, T0);

        Channel cr = responder.channels().get(0);
        assertThat(cr.state().isOpen()).as("authentication failed: the channel closes").isFalse();
        assertThat(cr.stream(1)).as("a stream opened by a peer that failed authentication").isNull();
        assertThat(listenerR.opened).isEmpty();
        assertThat(listenerR.accepted).isNull();
    }

    @Test
    void aPacketFromANewAddressMakesTheReceiverChallengeThatAddress() throws Exception {
        // Path validation on migration: the receiver answers from its anti-amplification allowance
        // (3x what came from the new address), which includes the packet that revealed it.
        handshake();
        Channel c = listenerI.connected;
        StreamState s = openAndWrite(c, "hello");
        responder.handleDatagram(ByteBuffer.wrap(poll(initiator, T0).bytes), addrI, T0);
        long now = T0 + 50_000_000L;
        for (Datagram d : drain(responder, now)) {
            initiator.handleDatagram(ByteBuffer.wrap(d.bytes), addrR, now);
        }
        drain(initiator, now);
        c.write(s.id(), ByteBuffer.wrap(ascii("moved")), true);
        now += 50_000_000L;
        Datagram moved = poll(initiator, now);
        assertThat(moved).isNotNull();
        responder.handleDatagram(ByteBuffer.wrap(moved.bytes), addrI2, now);   // NAT rebinding
        List<String> toNewAddress = new ArrayList<>();
        for (int ms = 0; ms < 100; ms++) {
            long t = now + ms * 1_000_000L;
            if (responder.nextTimeoutNanos() <= t) {
                responder.handleTimeout(t);
            }
            for (Datagram d : drain(responder, t)) {
                if (d.to.equals(addrI2)) {
                    toNewAddress.addAll(frames(open(d.bytes, secretR2I, response[22])));
                }
            }
        }
        assertThat(toNewAddress).anyMatch(f -> f.startsWith("PATH_CHALLENGE "));
    }

    @Test
    void streamDataOnATopLevelStreamNobodyListensForIsResetNotAcknowledgedAsDelivered() throws Exception {
        // Data accepted by a send is delivered exactly once, or the sender is told (ARCHITECTURE.md).
        // The responder's listener answers as Host does when no service listens: RESET_STREAM 0x0e.
        handshake();
        listenerR.onOpen = OnOpen.RESET_SERVICE_UNAVAILABLE;
        Channel ci = listenerI.connected;
        StreamState si = ci.openStream(StreamOpen.topLevel("nobody", "listens"));
        ci.write(si.id(), ByteBuffer.wrap(ascii("to stream one")), true);
        List<String> fromResponder = new ArrayList<>();
        long now = T0;
        for (int round = 0; round < 20; round++) {
            now += 20_000_000L;
            for (Datagram d : drain(initiator, now)) {
                responder.handleDatagram(ByteBuffer.wrap(d.bytes), addrI, now);
            }
            for (Datagram d : drain(responder, now)) {
                fromResponder.addAll(frames(open(d.bytes, secretR2I, response[22])));
                initiator.handleDatagram(ByteBuffer.wrap(d.bytes), addrR, now);
            }
        }
        assertThat(listenerR.opened).containsExactly("1 " + StreamOpen.topLevel("nobody", "listens"));
        assertThat(fromResponder).as("the documented reset: stream 1, SERVICE_UNAVAILABLE, final size 0")
                .contains("RESET_STREAM 1 14 0");
        assertThat(fromResponder).noneMatch(f -> f.startsWith("STREAM_REPLY"));
        assertThat(listenerI.replied).isEmpty();
        Channel cr = listenerR.accepted;
        assertThat(cr).isNotNull();
        assertThat(cr.stream(1)).as("the responder forgot the reset stream").isNull();
        StreamState after = ci.stream(1);
        assertThat(after == null || after.isResetByPeer()).as("the sender was told").isTrue();
        assertThat(ci.state().isOpen()).as("a refused stream does not end the channel").isTrue();
    }

    @Test
    void aTopLevelStreamIsAcceptedWithAStreamReplyAndCarriesOpenOnlyUntilAPacketWithItIsAcknowledged()
            throws Exception {
        handshake();
        Channel ci = listenerI.connected;
        StreamState si = ci.openStream(StreamOpen.topLevel("echo", "v1"));
        ci.announce(si.id());
        Datagram d1 = poll(initiator, T0);
        List<String> first = frames(open(d1.bytes, secretI2R, response[22]));
        assertThat(first).as("announced at once with an empty STREAM frame with OPEN")
                .contains("STREAM id=1 open=top 'echo' 'v1' off=0 data= fin=false eom=false");
        ci.write(si.id(), ByteBuffer.wrap(ascii("before ack")), true);
        Datagram d2 = poll(initiator, T0);
        List<String> second = frames(open(d2.bytes, secretI2R, response[22]));
        assertThat(second).as("OPEN on every STREAM frame until acknowledged")
                .contains("STREAM id=1 open=top 'echo' 'v1' off=0 data=" + hex("before ack") + " fin=false eom=true");

        // Deliver both to the responder; its ACK and STREAM_REPLY come back.
        responder.handleDatagram(ByteBuffer.wrap(d1.bytes), addrI, T0);
        responder.handleDatagram(ByteBuffer.wrap(d2.bytes), addrI, T0);
        long now = exchange(T0, 3);
        assertThat(listenerR.opened).containsExactly("1 " + StreamOpen.topLevel("echo", "v1"));
        assertThat(listenerI.replied).containsExactly(1L);
        assertThat(si.openToSend()).as("the peer has the OPEN information").isNull();

        ci.write(si.id(), ByteBuffer.wrap(ascii("after")), true);
        now += 20_000_000L;
        List<String> later = new ArrayList<>();
        for (Datagram d : drain(initiator, now)) {
            later.addAll(frames(open(d.bytes, secretI2R, response[22])));
        }
        assertThat(later).contains("STREAM id=1 off=10 data=" + hex("after") + " fin=false eom=true");
    }

    @Test
    void aSubstreamOpensWithItsFirstBytesAndTheResponderOpensEvenIds() throws Exception {
        handshake();
        Channel ci = listenerI.connected;
        StreamState top = openAndWrite(ci, "top");
        long now = exchange(T0, 3);
        Channel cr = listenerR.accepted;
        assertThat(cr).isNotNull();

        StreamState sub = ci.openStream(StreamOpen.substreamOf(top.id()));
        assertThat(sub.id()).as("the initiator's next id: odd").isEqualTo(3);
        ci.write(sub.id(), ByteBuffer.wrap(ascii("hi")), true);
        now += 20_000_000L;
        List<String> sent = new ArrayList<>();
        for (Datagram d : drain(initiator, now)) {
            sent.addAll(frames(open(d.bytes, secretI2R, response[22])));
            responder.handleDatagram(ByteBuffer.wrap(d.bytes), addrI, now);
        }
        assertThat(sent).contains("STREAM id=3 open=sub of 1 off=0 data=6869 fin=false eom=true");
        assertThat(listenerR.opened).contains("3 " + StreamOpen.substreamOf(1));
        assertThat(cr.stream(3).receiveBuffer().highestOffset()).as("zero round trips: the bytes came with it")
                .isEqualTo(2);

        StreamState fromResponder = cr.openStream(StreamOpen.substreamOf(top.id()));
        assertThat(fromResponder.id()).as("the responder's first id: even").isEqualTo(2);
        cr.write(fromResponder.id(), ByteBuffer.wrap(ascii("yo")), true);
        now += 20_000_000L;
        List<String> back = new ArrayList<>();
        for (Datagram d : drain(responder, now)) {
            back.addAll(frames(open(d.bytes, secretR2I, response[22])));
            initiator.handleDatagram(ByteBuffer.wrap(d.bytes), addrR, now);
        }
        assertThat(back).contains("STREAM id=2 open=sub of 1 off=0 data=796f fin=false eom=true");
        assertThat(listenerI.opened).containsExactly("2 " + StreamOpen.substreamOf(1));
    }

    @Test
    void aStreamFrameWithoutOpenForAStreamThePeerNeverOpenedClosesTheChannel() throws Exception {
        handshake();
        ByteBuffer first = ByteBuffer.allocate(200);
        FrameWriter.identity(first, identityI.publicKey(), signatureOfInitiator());
        FrameWriter.streamHeader(first, 1, null, 0, 5, false, true);
        first.put(ascii("stray")).flip();
        responder.handleDatagram(ByteBuffer.wrap(sealFromInitiator(first, 0)), addrI, T0);
        Channel cr = listenerR.accepted;
        assertThat(cr).as("the identity verified").isNotNull();
        assertThat(cr.state().isOpen()).as("STREAM for never-opened stream 1: protocol violation").isFalse();
        assertThat(listenerR.closed).anyMatch(r -> r.errorCode() == CloseReason.PROTOCOL_VIOLATION);
        assertThat(listenerR.opened).isEmpty();
    }

    @Test
    void aDatagramCrossesTheChannelAsDocumented() throws Exception {
        handshake();
        Channel ci = listenerI.connected;
        StreamState si = ci.openStream(StreamOpen.topLevel("", ""));
        byte[] big = new byte[3000];
        for (int k = 0; k < big.length; k++) {
            big[k] = (byte) k;
        }
        assertThat(ci.sendDatagram(si.id(), ascii("ping"))).isTrue();
        assertThat(ci.sendDatagram(si.id(), big)).isTrue();
        List<String> sent = new ArrayList<>();
        long now = T0;
        for (int round = 0; round < 5; round++) {
            now += 20_000_000L;
            for (Datagram d : drain(initiator, now)) {
                sent.addAll(frames(open(d.bytes, secretI2R, response[22])));
                responder.handleDatagram(ByteBuffer.wrap(d.bytes), addrI, now);
            }
            for (Datagram d : drain(responder, now)) {
                initiator.handleDatagram(ByteBuffer.wrap(d.bytes), addrR, now);
            }
        }
        assertThat(sent).as("a datagram on a new stream announces it first")
                .contains("STREAM id=1 open=top '' '' off=0 data= fin=false eom=false");
        assertThat(sent).contains("DATAGRAM stream=1 id=0 total=4 off=0 data=" + hex("ping"));
        List<String> fragments = sent.stream().filter(f -> f.startsWith("DATAGRAM stream=1 id=1 total=3000 ")).toList();
        assertThat(fragments).as("3000 bytes do not fit one 1200-byte packet: fragments").hasSizeGreaterThan(1);
        int covered = 0;
        for (String f : fragments) {
            int off = Integer.parseInt(f.replaceAll(".* off=(\\d+) .*", "$1"));
            assertThat(off).as("fragments in order, never resent").isEqualTo(covered);
            covered += f.substring(f.indexOf(" data=") + 6).length() / 2;
        }
        assertThat(covered).isEqualTo(3000);
    }

    @Test
    void aChannelWithNoStreamsClosesItselfCleanlyAfterTenSeconds() throws Exception {
        handshake();
        long linger = 10_000_000_000L;
        long almost = T0 + linger - 1;
        if (initiator.nextTimeoutNanos() <= almost) {
            initiator.handleTimeout(almost);
        }
        assertThat(listenerI.connected.state().isOpen()).isTrue();
        assertThat(initiator.nextTimeoutNanos()).isLessThanOrEqualTo(T0 + linger);
        initiator.handleTimeout(T0 + linger);
        assertThat(listenerI.closed).hasSize(1);
        assertThat(listenerI.closed.get(0).isClean()).isTrue();
        List<String> frames = new ArrayList<>();
        for (Datagram d : drain(initiator, T0 + linger)) {
            frames.addAll(frames(open(d.bytes, secretI2R, response[22])));
        }
        assertThat(frames).contains("CLOSE 0 'no streams'");
    }

    @Test
    void aRespondersChannelWaitsTwentySecondsForTheInitiatorsFirstStreamThenClosesCleanly() throws Exception {
        handshake();
        for (Datagram d : drain(initiator, T0)) { // IDENTITY leads the initiator's first packet
            responder.handleDatagram(ByteBuffer.wrap(d.bytes), addrI, T0);
        }
        assertThat(listenerR.accepted).as("the responder's channel is established").isNotNull();
        drain(responder, T0);

        responder.handleTimeout(T0 + 10_000_000_000L + 1);
        assertThat(listenerR.closed).as("past the 10 s linger of a channel that had streams").isEmpty();
        assertThat(listenerR.accepted.state().isOpen()).isTrue();

        long wait = 20_000_000_000L;
        assertThat(responder.nextTimeoutNanos()).isLessThanOrEqualTo(T0 + wait);
        responder.handleTimeout(T0 + wait);
        assertThat(listenerR.closed).hasSize(1);
        assertThat(listenerR.closed.get(0).isClean()).isTrue();
        List<String> frames = new ArrayList<>();
        for (Datagram d : drain(responder, T0 + wait)) {
            frames.addAll(frames(open(d.bytes, secretR2I, response[22])));
        }
        assertThat(frames).contains("CLOSE 0 'no streams'");
    }

    @Test
    void overlappingDatagramFragmentsThatLeaveAHoleAreNeverDeliveredAsAWholeDatagram() throws Exception {
        // docs/wire-format.md §13.5: a datagram is delivered whole or not at all. Fragments
        // [0, 150) and [100, 150) of a 200-byte datagram add up to 200 bytes but leave [150, 200)
        // unreceived.
        handshake();
        List<byte[]> delivered = new ArrayList<>();
        listenerR.onOpen = OnOpen.NOTHING;
        ByteBuffer plain = ByteBuffer.allocate(600);
        FrameWriter.identity(plain, identityI.publicKey(), signatureOfInitiator());
        FrameWriter.streamHeader(plain, 1, StreamOpen.topLevel("", ""), 0, 0, false, false);
        byte[] ones = new byte[150];
        Arrays.fill(ones, (byte) 1);
        FrameWriter.datagramHeader(plain, 1, 0, 200, 0, 150);
        plain.put(ones);
        FrameWriter.datagramHeader(plain, 1, 0, 200, 100, 50);
        plain.put(ones, 0, 50);
        plain.flip();
        responder.handleDatagram(ByteBuffer.wrap(sealFromInitiator(plain, 0)), addrI, T0);
        Channel cr = listenerR.accepted;
        assertThat(cr).isNotNull();
        cr.stream(1).attach(new io.jsst.engine.stream.StreamListener() {
            @Override public void data(ByteBuffer bytes, boolean endOfMessage) { }
            @Override public void datagram(byte[] datagram) {
                delivered.add(datagram);
            }
            @Override public void finished() { }
            @Override public void reset(long errorCode) { }
            @Override public void acknowledged(long bytes) { }
            @Override public void outputFinished() { }
            @Override public void channelClosed(Exception cause) { }
        });
        assertThat(delivered).as("a 200-byte datagram of which only 150 bytes arrived").isEmpty();
    }

    private static String hex(String ascii) {
        return java.util.HexFormat.of().formatHex(ascii(ascii));
    }

    /** The initiator's real IDENTITY signature, by the document: Ed25519 over the context, T and its key. */
    private byte[] signatureOfInitiator() {
        return identityI.sign(Channel.initiatorSignedBytes(transcript, identityI.publicKey()));
    }
}
