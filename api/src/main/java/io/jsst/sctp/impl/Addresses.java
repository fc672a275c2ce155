package io.jsst.sctp.impl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Collection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;

/** The JDK's checks and conversions of socket addresses for SCTP channels. */
final class Addresses {

    private Addresses() {
    }

    /**
     * @throws NullPointerException if {@code a} is null, as the JDK's check
     * @throws UnsupportedAddressTypeException if {@code a} is not an {@link InetSocketAddress}
     * @throws UnresolvedAddressException if it is unresolved
     */
    static InetSocketAddress check(SocketAddress a) {
        java.util.Objects.requireNonNull(a, "address");
        if (!(a instanceof InetSocketAddress isa)) {
            throw new UnsupportedAddressTypeException();
        }
        if (isa.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        return isa;
    }

    /** A remote address to connect to: a wildcard address means this host, as in the JDK. */
    static InetSocketAddress remote(SocketAddress a) {
        InetSocketAddress isa = check(a);
        if (isa.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), isa.getPort());
        }
        return isa;
    }

    /** @throws IllegalArgumentException if {@code a} is null: the JDK checks this before the channel's state */
    static void checkNotNull(InetAddress a) {
        if (a == null) {
            throw new IllegalArgumentException("address cannot be null");
        }
    }

    /**
     * The addresses a channel bound to {@code bound} (all on one port) has after adding or removing
     * {@code address}, checked in the JDK's order.
     *
     * @throws IllegalStateException if the channel is bound to the wildcard address
     * @throws IllegalArgumentException if {@code address} is the wildcard address
     * @throws java.nio.channels.AlreadyBoundException if adding an address it is bound to already
     * @throws io.jsst.sctp.IllegalUnbindException if removing one it is not bound to, or its only one
     */
    static List<InetSocketAddress> changed(List<InetSocketAddress> bound, InetAddress address, boolean add) {
        if (bound.stream().anyMatch(a -> a.getAddress().isAnyLocalAddress())) {
            throw new IllegalStateException(
                    "Cannot add or remove addresses from a channel that is bound to the wildcard address");
        }
        if (address.isAnyLocalAddress()) {
            throw new IllegalArgumentException("Cannot add or remove the wildcard address");
        }
        List<InetSocketAddress> next = new ArrayList<>(bound);
        boolean present = next.removeIf(a -> a.getAddress().equals(address));
        if (add) {
            if (present) {
                throw new java.nio.channels.AlreadyBoundException();
            }
            next = new ArrayList<>(bound);
            next.add(new InetSocketAddress(address, bound.get(0).getPort()));
        } else if (!present) {
            throw new io.jsst.sctp.IllegalUnbindException("Cannot remove address from a channel not bound to it");
        } else if (next.isEmpty()) {
            throw new io.jsst.sctp.IllegalUnbindException("Cannot remove the only address of a channel");
        }
        return next;
    }

    static Set<SocketAddress> setOf(Collection<InetSocketAddress> addresses) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(addresses));
    }
}
