package io.jsst.engine.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * COOKIE, the responder's stateless answer to an INITIATE without a valid cookie:
 * {@code prefix(6) | initiator channel id (8) | cookie length (1, 1 to 64) | cookie}.
 */
public record CookieChallenge(int version, long initiatorChannelId, byte[] cookie) implements HandshakePacket {

    @Override
    public void encode(ByteBuffer out) {
        HandshakePacket.writePrefix(out, version, TYPE_COOKIE);
        out.putLong(initiatorChannelId).put((byte) cookie.length).put(cookie);
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
        return cookie == null ? null : new CookieChallenge(VERSION_1, cid, cookie);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CookieChallenge c && c.initiatorChannelId == initiatorChannelId
                && Arrays.equals(c.cookie, cookie);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(initiatorChannelId);
    }
}
