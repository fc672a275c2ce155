package io.jsst.engine.sim;

import java.util.SplittableRandom;

/**
 * Drops datagrams whose UDP payload does not fit the link MTU: at most {@code mtu - 28} bytes
 * (20 bytes of IPv4 header and 8 of UDP header), as {@link SimFate#DROPPED_MTU}.
 */
final class MtuLimit implements ImpairmentStage {

    /** IPv4 header (20) plus UDP header (8). */
    static final int IP_UDP_OVERHEAD = 28;

    private final int maxPayload;

    MtuLimit(int mtu) {
        this.maxPayload = mtu - IP_UDP_OVERHEAD;
    }

    @Override
    public boolean apply(SimPacket packet, SplittableRandom random) {
        if (packet.length > maxPayload) {
            packet.dropped = SimFate.DROPPED_MTU;
            return false;
        }
        return true;
    }
}
