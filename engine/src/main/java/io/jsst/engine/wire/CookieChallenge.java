package io.jsst.engine.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * COOKIE, the responder's stateless answer to an INITIATE without a valid cookie:
 * {@code prefix(6) | initiator channel id (8) | cookie length (1, 1 to 64) | cookie | [g^r (32)]}.
 *
 * <p>The optional trailing {@code g^r} is a hint: the X25519 public key the responder's RESPONSE
 * will most likely carry (it reuses its ephemeral key for a bounded period, as JFK allows), so the
 * initiator can compute the shared secret while the responder works. It binds nothing: an initiator
 * uses a precomputed secret only if the RESPONSE names the same key. Implementations that do not
 * know the hint ignore it as trailing bytes.
 *
 * @param keyHint the responder's current ephemeral public key, or null if the COOKIE has none
 */
public record CookieChallenge(int version, long initiatorChannelId, byte[] cookie, byte[] keyHint)
        implements HandshakePacket {

    /** A COOKIE without a key hint. */
    public CookieChallenge(int version, long initiatorChannelId, byte[] cookie) {
        this(version, initiatorChannelId, cookie, null);
    }

    /**
     * @throws IllegalArgumentException if the key hint is present and not 32 bytes
     */
    public CookieChallenge {
        if (keyHint != null && keyHint.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key hint must be " + KEY_LENGTH + " bytes, got " + keyHint.length);
        }
    }

    @Override
    public void encode(ByteBuffer out) {
        HandshakePacket.writePrefix(out, version, TYPE_COOKIE);
        out.putLong(initiatorChannelId).put((byte) cookie.length).put(cookie);
        if (keyHint != null) {
            out.put(keyHint);
        }
    }

    static CookieChallenge decodeBody(ByteBuffer in) {
        if (in.remaining() < 9) {
            return null;
        }
        long cid = in.getLong();
        int length = in.get() & 0xFF;
        if (length == 0 || length > Initiate.MAX_COOKIE) {
            // A cookie the INITIATE could not echo is useless to us.
            return null;
        }
        byte[] cookie = HandshakePacket.take(in, length);
        if (cookie == null) {
            return null;
        }
        // Fewer than 32 trailing bytes are not a hint: ignored, as trailing bytes always are.
        byte[] hint = in.remaining() >= KEY_LENGTH ? HandshakePacket.take(in, KEY_LENGTH) : null;
        return new CookieChallenge(VERSION_1, cid, cookie, hint);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CookieChallenge c && c.initiatorChannelId == initiatorChannelId
                && Arrays.equals(c.cookie, cookie) && Arrays.equals(c.keyHint, keyHint);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(initiatorChannelId);
    }
}
