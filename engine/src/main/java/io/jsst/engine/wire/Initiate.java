package io.jsst.engine.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * INITIATE, from the initiator, sent twice: first without a cookie, then echoing the responder's
 * cookie. Padded to {@link #PADDED_LENGTH} so that the responder's answers stay within the
 * anti-amplification limit and the path is known to carry datagrams of that size.
 *
 * <pre>
 * prefix(6) | initiator channel id (8) | suite count (1) | suites (1 each)
 *           | N_i (32) | g^i (32) | cookie length (1) | cookie (0 to 64; 24 from this implementation) | zero padding
 * </pre>
 */
public record Initiate(int version, long initiatorChannelId, int[] cipherSuites, byte[] nonce,
                       byte[] ephemeralKey, byte[] cookie) implements HandshakePacket {

    public static final int PADDED_LENGTH = 1200;
    private static final int MAX_SUITES = 16;
    /** The longest cookie an INITIATE carries. */
    static final int MAX_COOKIE = 64;

    @Override
    public void encode(ByteBuffer out) {
        int start = out.position();
        HandshakePacket.writePrefix(out, version, TYPE_INITIATE);
        out.putLong(initiatorChannelId);
        out.put((byte) cipherSuites.length);
        for (int s : cipherSuites) {
            out.put((byte) s);
        }
        out.put(nonce).put(ephemeralKey);
        out.put((byte) cookie.length).put(cookie);
        while (out.position() - start < PADDED_LENGTH) {
            out.put((byte) 0);
        }
    }

    /**
     * The bytes the cookie binds: every field the transcript covers (channel id, suites, nonce,
     * ephemeral key), so a cookie never admits an INITIATE that differs from the one it answered.
     */
    public byte[] cookieMaterial() {
        ByteBuffer b = ByteBuffer.allocate(8 + 1 + cipherSuites.length + NONCE_LENGTH + KEY_LENGTH);
        b.putLong(initiatorChannelId).put((byte) cipherSuites.length);
        for (int s : cipherSuites) {
            b.put((byte) s);
        }
        b.put(nonce).put(ephemeralKey);
        return b.array();
    }

    static Initiate decodeBody(ByteBuffer in) {
        if (in.remaining() < 8 + 1) {
            return null;
        }
        long cid = in.getLong();
        int count = in.get() & 0xFF;
        if (count == 0 || count > MAX_SUITES || in.remaining() < count) {
            return null;
        }
        int[] suites = new int[count];
        for (int i = 0; i < count; i++) {
            suites[i] = in.get() & 0xFF;
        }
        byte[] nonce = HandshakePacket.take(in, NONCE_LENGTH);
        byte[] key = HandshakePacket.take(in, KEY_LENGTH);
        if (key == null || !in.hasRemaining()) {
            return null;
        }
        int cookieLength = in.get() & 0xFF;
        if (cookieLength > MAX_COOKIE) {
            return null;
        }
        byte[] cookie = HandshakePacket.take(in, cookieLength);
        if (cookie == null) {
            return null;
        }
        return new Initiate(VERSION_1, cid, suites, nonce, key, cookie);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Initiate i && i.version == version && i.initiatorChannelId == initiatorChannelId
                && Arrays.equals(i.cipherSuites, cipherSuites) && Arrays.equals(i.nonce, nonce)
                && Arrays.equals(i.ephemeralKey, ephemeralKey) && Arrays.equals(i.cookie, cookie);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(initiatorChannelId) * 31 + Arrays.hashCode(nonce);
    }

    @Override
    public String toString() {
        return "Initiate[cid=" + Long.toHexString(initiatorChannelId) + ", cookie=" + cookie.length + "B]";
    }
}
