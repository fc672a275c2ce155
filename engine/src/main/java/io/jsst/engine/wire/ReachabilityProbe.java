package io.jsst.engine.wire;

import java.nio.ByteBuffer;

/**
 * A bare prefix that a host ignores: sent from a connected side socket so that the OS reports an
 * ICMP port-unreachable for a destination where nothing listens.
 */
public record ReachabilityProbe() implements HandshakePacket {

    @Override
    public int version() {
        return VERSION_1;
    }

    @Override
    public void encode(ByteBuffer out) {
        HandshakePacket.writePrefix(out, VERSION_1, TYPE_REACHABILITY_PROBE);
    }
}
