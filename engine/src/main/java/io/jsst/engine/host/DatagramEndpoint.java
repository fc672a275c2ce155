package io.jsst.engine.host;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The sans-I/O face of a host, as its driver sees it (the shape of quiche and quinn).
 *
 * <pre>
 *   driver                                   endpoint (protocol core)
 *   ------                                   ------------------------
 *   datagram arrives  ---handleDatagram---&gt;   demux, decrypt, process
 *   ICMP unreachable  ---handleUnreachable-&gt;  fail a pending connect
 *   timer fires       ---handleTimeout-----&gt;  loss detection, PTO, acks
 *   after every turn  &lt;--pollTransmit------   next datagram, or null
 *                     &lt;--nextTimeoutNanos--   when to call handleTimeout next
 * </pre>
 *
 * <p>Rule: every call into an endpoint happens on its driver's thread, inside one driver turn,
 * with {@code nowNanos} read from the driver's clock. After each turn (a datagram, a timeout, or a
 * task handed in by an application thread) the driver calls {@link #pollTransmit} until it
 * returns {@code null} and then re-reads {@link #nextTimeoutNanos()}. An endpoint never throws
 * from these methods because of what the network sent it.
 */
public interface DatagramEndpoint {

    /**
     * Processes one received datagram: the bytes between its position and limit. The endpoint
     * does not keep a reference to {@code datagram} after returning.
     */
    void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos);

    /** The network reported {@code destination} unreachable (ICMP port unreachable or alike). */
    void handleUnreachable(InetSocketAddress destination, long nowNanos);

    /** Called at or after {@link #nextTimeoutNanos()}. */
    void handleTimeout(long nowNanos);

    /**
     * Writes the next datagram to send into {@code out} and returns its destination, or returns
     * {@code null} if nothing may be sent now (nothing queued, or pacing and congestion control
     * hold it back; {@link #nextTimeoutNanos()} then says when to ask again).
     *
     * @param out a buffer with position 0 and at least 65,535 bytes remaining; on a non-null
     *            return its position is 0 and its limit the datagram's length
     */
    InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos);

    /** The absolute time at which {@link #handleTimeout} is due, or {@link Long#MAX_VALUE}. */
    long nextTimeoutNanos();
}
