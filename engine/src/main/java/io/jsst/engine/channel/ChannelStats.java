package io.jsst.engine.channel;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A snapshot of one channel's counters.
 *
 * @param smoothedRttNanos RFC 9002 smoothed RTT
 * @param rttVarNanos RFC 9002 RTT variation
 * @param minRttNanos smallest RTT sample
 * @param congestionWindow congestion window in bytes
 * @param bytesInFlight bytes sent and neither acknowledged nor declared lost
 * @param packetsSent every packet sent, acknowledgements included
 * @param packetsReceived packets received that authenticated
 * @param packetsLost packets declared lost
 * @param packetsRetransmitted packets that carried retransmitted stream data
 * @param bytesSent UDP payload bytes sent
 * @param bytesReceived UDP payload bytes received that authenticated
 * @param maxDatagramSize the largest datagram the path carries, as path-MTU probing found it
 * @param keyUpdates key generations started, both directions
 * @param congestionControl the congestion controller's name
 * @param peerAddress where the channel currently sends
 * @param drops dropped datagrams by reason
 */
public record ChannelStats(
        long smoothedRttNanos,
        long rttVarNanos,
        long minRttNanos,
        long congestionWindow,
        long bytesInFlight,
        long packetsSent,
        long packetsReceived,
        long packetsLost,
        long packetsRetransmitted,
        long bytesSent,
        long bytesReceived,
        int maxDatagramSize,
        long keyUpdates,
        String congestionControl,
        InetSocketAddress peerAddress,
        Map<DropReason, Long> drops) {

    /** Drops of one reason. */
    public long drops(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
