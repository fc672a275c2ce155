package io.jsst.engine.wire;

import java.nio.ByteBuffer;

/**
 * The cleartext packets that set up a channel (SST's negotiation protocol, JFK-style with a
 * stateless cookie). All begin with the same six bytes:
 *
 * <pre>
 * +------+------+------+------+---------+------+
 * | 0x00 | 'S'  | 'S'  | 'T'  | version | type |
 * +------+------+------+------+---------+------+
 * </pre>
 *
 * Initiator I, responder R:
 * <pre>
 *  I                                                R
 *  | INITIATE(cid_i, N_i, g^i)        -----------&gt;  |  keeps nothing
 *  |        &lt;-----------  COOKIE(cookie, g^r hint)   |  cookie = MAC(addr, N_i, g^i, time)
 *  | INITIATE(cid_i, N_i, g^i, cookie) ----------&gt;  |  verifies cookie, now keeps state
 *  |  &lt;---  RESPONSE(cid_r, N_r, g^r, key_R, sig_R) |
 *  | [protected] IDENTITY(key_I, sig_I) + data ---&gt; |
 * </pre>
 */
public sealed interface HandshakePacket
        permits Initiate, CookieChallenge, Response, VersionNegotiation, ReachabilityProbe {

    /** "SST" after a zero byte: SST's magic for its negotiation protocol. */
    int MAGIC = 0x00535354;
    int PREFIX_LENGTH = 6;
    /** The protocol versions this implementation speaks. */
    int VERSION_1 = 1;

    int TYPE_INITIATE = 1;
    int TYPE_COOKIE = 2;
    int TYPE_RESPONSE = 3;
    int TYPE_VERSION_NEGOTIATION = 4;
    int TYPE_REACHABILITY_PROBE = 5;

    int NONCE_LENGTH = 32;
    int KEY_LENGTH = 32;
    int SIGNATURE_LENGTH = 64;

    /** The version this packet was written in. */
    int version();

    /** Encodes the packet at the buffer's position. */
    void encode(ByteBuffer out);

    /** Whether the datagram starts with the handshake magic. */
    static boolean isHandshake(ByteBuffer datagram) {
        return datagram.remaining() >= PREFIX_LENGTH && datagram.getInt(datagram.position()) == MAGIC;
    }

    /** The version byte of a datagram for which {@link #isHandshake} holds. */
    static int versionOf(ByteBuffer datagram) {
        return datagram.get(datagram.position() + 4) & 0xFF;
    }

    /**
     * Decodes a version-1 handshake packet between position and limit, or returns {@code null} if
     * it is malformed. The buffer's position is undefined afterwards.
     */
    static HandshakePacket decode(ByteBuffer in) {
        if (!isHandshake(in) || versionOf(in) != VERSION_1) {
            return null;
        }
        in.position(in.position() + 5);
        int type = in.get() & 0xFF;
        return switch (type) {
            case TYPE_INITIATE -> Initiate.decodeBody(in);
            case TYPE_COOKIE -> CookieChallenge.decodeBody(in);
            case TYPE_RESPONSE -> Response.decodeBody(in);
            case TYPE_VERSION_NEGOTIATION -> VersionNegotiation.decodeBody(in);
            case TYPE_REACHABILITY_PROBE -> new ReachabilityProbe();
            default -> null;
        };
    }

    static void writePrefix(ByteBuffer out, int version, int type) {
        out.putInt(MAGIC).put((byte) version).put((byte) type);
    }

    static byte[] take(ByteBuffer in, int length) {
        if (in.remaining() < length) {
            return null;
        }
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }
}
