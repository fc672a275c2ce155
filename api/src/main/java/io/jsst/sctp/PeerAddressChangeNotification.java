package io.jsst.sctp;

import java.net.SocketAddress;

/**
 * Tells that one of the peer's addresses changed state: it became reachable or unreachable, was added or
 * removed, was made the primary address, or was confirmed.
 */
public abstract class PeerAddressChangeNotification implements Notification {
    /** For implementations, and for applications that make notifications of their own. */
    protected PeerAddressChangeNotification() {
    }

    /**
     * Returns the peer address that changed.
     *
     * @return the address
     */
    public abstract SocketAddress address();

    /**
     * Returns the association whose peer address changed.
     *
     * @return the association
     */
    @Override
    public abstract Association association();

    /**
     * Returns what happened to the address.
     *
     * @return the event
     */
    public abstract AddressChangeEvent event();

    /** What happened to a peer address. */
    public enum AddressChangeEvent {
        /** The address is reachable again. */
        ADDR_AVAILABLE,
        /** The address cannot be reached; traffic goes to the peer's other addresses, if any. */
        ADDR_UNREACHABLE,
        /** The peer removed the address from the association. */
        ADDR_REMOVED,
        /** The peer added the address to the association. */
        ADDR_ADDED,
        /** The address is now the primary one. */
        ADDR_MADE_PRIMARY,
        /** The address was confirmed as belonging to the peer. */
        ADDR_CONFIRMED;
    }
}
