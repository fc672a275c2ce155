package io.jsst.engine.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * RESPONSE, sent by the responder once it accepted a cookie and keeps state:
 *
 * <pre>
 * prefix(6) | initiator channel id (8) | responder channel id (8) | suite (1)
 *           | N_r (32) | g^r (32) | responder host key (32) | signature (64)
 * </pre>
 *
 * The signature is the responder host key's Ed25519 signature over the handshake transcript (see
 * {@code docs/wire-format.md}).
 */
public record Response(int version, long initiatorChannelId, long responderChannelId, int cipherSuite,
                       byte[] nonce, byte[] ephemeralKey, byte[] hostKey, byte[] signature)
        implements HandshakePacket {

    public static final int LENGTH = PREFIX_LENGTH + 8 + 8 + 1 + NONCE_LENGTH + KEY_LENGTH + KEY_LENGTH
            + SIGNATURE_LENGTH;

    @Override
    public void encode(ByteBuffer out) {
        HandshakePacket.writePrefix(out, version, TYPE_RESPONSE);
        out.putLong(initiatorChannelId).putLong(responderChannelId).put((byte) cipherSuite);
        out.put(nonce).put(ephemeralKey).put(hostKey).put(signature);
    }

    static Response decodeBody(ByteBuffer in) {
        if (in.remaining() < LENGTH - PREFIX_LENGTH) {
            return null;
        }
        long icid = in.getLong();
        long rcid = in.getLong();
        int suite = in.get() & 0xFF;
        return new Response(VERSION_1, icid, rcid, suite, HandshakePacket.take(in, NONCE_LENGTH),
                HandshakePacket.take(in, KEY_LENGTH), HandshakePacket.take(in, KEY_LENGTH),
                HandshakePacket.take(in, SIGNATURE_LENGTH));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Response r && r.initiatorChannelId == initiatorChannelId
                && r.responderChannelId == responderChannelId && r.cipherSuite == cipherSuite
                && Arrays.equals(r.nonce, nonce) && Arrays.equals(r.ephemeralKey, ephemeralKey)
                && Arrays.equals(r.hostKey, hostKey) && Arrays.equals(r.signature, signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(responderChannelId);
    }
}
