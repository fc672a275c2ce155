package io.jsst.engine.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * VERSION_NEGOTIATION, the responder's answer to an INITIATE of a version it does not speak; its
 * own prefix carries version 1 (the one format every version keeps):
 * {@code prefix(6) | initiator channel id (8) | count (1) | supported versions (1 each)}.
 */
public record VersionNegotiation(int version, long initiatorChannelId, int[] supportedVersions)
        implements HandshakePacket {

    @Override
    public void encode(ByteBuffer out) {
        HandshakePacket.writePrefix(out, version, TYPE_VERSION_NEGOTIATION);
        out.putLong(initiatorChannelId).put((byte) supportedVersions.length);
        for (int v : supportedVersions) {
            out.put((byte) v);
        }
    }

    static VersionNegotiation decodeBody(ByteBuffer in) {
        if (in.remaining() < 9) {
            return null;
        }
        long cid = in.getLong();
        int count = in.get() & 0xFF;
        if (count == 0 || in.remaining() < count) {
            return null;
        }
        int[] versions = new int[count];
        for (int i = 0; i < count; i++) {
            versions[i] = in.get() & 0xFF;
        }
        return new VersionNegotiation(VERSION_1, cid, versions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionNegotiation v && v.initiatorChannelId == initiatorChannelId
                && Arrays.equals(v.supportedVersions, supportedVersions);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(initiatorChannelId);
    }
}
