package io.jsst.socket;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A datagram with its addresses, after Qt's {@code QNetworkDatagram}: the payload, the sender's and
 * destination's address and port. Immutable; the payload is copied in and out.
 *
 * <p>As Qt's, a datagram is valid when it has a sender or a destination address (its payload may
 * be empty): every datagram {@link SctpSocket#readDatagram()} returns with data is valid (its
 * sender is the peer, its destination this socket); what it returns when nothing is pending, and
 * {@link #NetworkDatagram()} and {@link #NetworkDatagram(byte[])}, are not. A socket sends the
 * payload of a datagram whether it is valid or not.
 */
public final class NetworkDatagram {

    private final byte[] data;
    private final InetAddress senderAddress;
    private final int senderPort;
    private final InetAddress destinationAddress;
    private final int destinationPort;

    /** An invalid, empty datagram. */
    public NetworkDatagram() {
        this(new byte[0], null, -1, null, -1);
    }

    /**
     * A datagram of {@code data} with no destination (a connected socket sends it to its peer).
     *
     * @throws NullPointerException if {@code data} is null
     */
    public NetworkDatagram(byte[] data) {
        this(data, null, -1);
    }

    /**
     * A datagram of {@code data} for {@code destinationAddress} and {@code port}.
     *
     * @throws NullPointerException if {@code data} is null
     */
    public NetworkDatagram(byte[] data, InetAddress destinationAddress, int port) {
        this(data.clone(), null, -1, destinationAddress, destinationAddress == null ? -1 : port);
    }

    private NetworkDatagram(byte[] data, InetAddress senderAddress, int senderPort, InetAddress destinationAddress,
                            int destinationPort) {
        this.data = Objects.requireNonNull(data, "data");
        this.senderAddress = senderAddress;
        this.senderPort = senderPort;
        this.destinationAddress = destinationAddress;
        this.destinationPort = destinationPort;
    }

    /** A received datagram; {@code data} is taken, not copied. */
    static NetworkDatagram received(byte[] data, InetAddress sender, int senderPort, InetAddress destination,
                                    int destinationPort) {
        return new NetworkDatagram(data, sender, senderPort, destination, destinationPort);
    }

    /** A copy of the payload (empty for an invalid datagram). */
    public byte[] data() {
        return data.clone();
    }

    /** The payload's length in bytes. */
    public int size() {
        return data.length;
    }

    /** Whether this datagram has a sender or a destination address (Qt's {@code isValid()}). */
    public boolean isValid() {
        return senderAddress != null || destinationAddress != null;
    }

    /** The opposite of {@link #isValid()}. */
    public boolean isNull() {
        return !isValid();
    }

    /** Who sent it (the peer, for a received datagram), or null if not known. */
    public InetAddress senderAddress() {
        return senderAddress;
    }

    /** The sender's port, or -1 if not known. */
    public int senderPort() {
        return senderPort;
    }

    /** Where it went (this socket's address, for a received datagram), or null if not known. */
    public InetAddress destinationAddress() {
        return destinationAddress;
    }

    /** The destination port, or -1 if not known. */
    public int destinationPort() {
        return destinationPort;
    }

    /**
     * A reply to this datagram carrying {@code payload}, as Qt's {@code makeReply}: its destination
     * is this datagram's sender; its sender is this datagram's destination only when that is a
     * global IPv6 unicast address (an IPv4 destination may have been a broadcast, which must not
     * become a sender).
     *
     * @throws NullPointerException if {@code payload} is null
     */
    public NetworkDatagram makeReply(byte[] payload) {
        boolean keepDestination = destinationAddress instanceof java.net.Inet6Address a && !a.isMulticastAddress()
                && !a.isLinkLocalAddress() && !a.isSiteLocalAddress() && !a.isLoopbackAddress()
                && !a.isAnyLocalAddress();
        return new NetworkDatagram(payload.clone(), keepDestination ? destinationAddress : null,
                keepDestination ? destinationPort : -1, senderAddress, senderAddress == null ? -1 : senderPort);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkDatagram d && Arrays.equals(data, d.data)
                && Objects.equals(senderAddress, d.senderAddress) && senderPort == d.senderPort
                && Objects.equals(destinationAddress, d.destinationAddress) && destinationPort == d.destinationPort;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data) * 31 + Objects.hash(senderAddress, senderPort, destinationAddress, destinationPort);
    }

    @Override
    public String toString() {
        return isValid() ? "NetworkDatagram[" + data.length + " bytes from " + senderAddress + ":" + senderPort + " to "
                + destinationAddress + ":" + destinationPort + "]" : "NetworkDatagram[invalid]";
    }
}
