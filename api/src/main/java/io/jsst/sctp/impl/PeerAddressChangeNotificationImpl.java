package io.jsst.sctp.impl;

import io.jsst.sctp.Association;
import io.jsst.sctp.PeerAddressChangeNotification;
import java.net.SocketAddress;

/** The {@link PeerAddressChangeNotification} that jsst delivers. Immutable. */
public final class PeerAddressChangeNotificationImpl extends PeerAddressChangeNotification {
    private final Association association;
    private final SocketAddress address;
    private final AddressChangeEvent event;

    /**
     * Creates the notification.
     *
     * @param association the association whose peer address changed
     * @param address the peer address that changed
     * @param event what happened to it
     * @throws NullPointerException if {@code event} is {@code null}
     */
    public PeerAddressChangeNotificationImpl(Association association, SocketAddress address,
            AddressChangeEvent event) {
        if (event == null) {
            throw new NullPointerException("event");
        }
        this.association = association;
        this.address = address;
        this.event = event;
    }

    @Override
    public SocketAddress address() {
        return address;
    }

    @Override
    public Association association() {
        return association;
    }

    @Override
    public AddressChangeEvent event() {
        return event;
    }

    /** The JDK's form: {@code Object.toString()} then the address, the association and the event. */
    @Override
    public String toString() {
        return super.toString() + " [Address: " + address + ", Association:" + association
                + ", Event: " + event + "]";
    }
}
