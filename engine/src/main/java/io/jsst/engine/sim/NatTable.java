package io.jsst.engine.sim;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps the address a host is bound to (its private address) to the address the network sees
 * (its public address), both ways. Without a rebinding the two are the same.
 *
 * <pre>
 *   host bound at 10.0.0.1:5000 --sends--&gt; appears from public 198.51.100.7:40001
 *   datagram to 198.51.100.7:40001 -----------&gt; reaches 10.0.0.1:5000
 *   after rebind to :40002: datagrams to :40001 are dropped (mapping retired, no ICMP)
 * </pre>
 */
final class NatTable {

    private final Map<InetSocketAddress, InetSocketAddress> publicByBound = new HashMap<>();
    private final Map<InetSocketAddress, InetSocketAddress> boundByPublic = new HashMap<>();
    private final Set<InetSocketAddress> retired = new HashSet<>();

    /** Whether {@code address} is in use as a bound or a public address. */
    boolean inUse(InetSocketAddress address) {
        return publicByBound.containsKey(address) || boundByPublic.containsKey(address);
    }

    void add(InetSocketAddress bound) {
        publicByBound.put(bound, bound);
        boundByPublic.put(bound, bound);
        retired.remove(bound);
    }

    void remove(InetSocketAddress bound) {
        InetSocketAddress pub = publicByBound.remove(bound);
        if (pub != null) {
            boundByPublic.remove(pub);
        }
    }

    /** The public address of the host bound at {@code bound}, or {@code null}. */
    InetSocketAddress publicOf(InetSocketAddress bound) {
        return publicByBound.get(bound);
    }

    /** The bound address behind {@code publicAddress}, or {@code null}. */
    InetSocketAddress boundBehind(InetSocketAddress publicAddress) {
        return boundByPublic.get(publicAddress);
    }

    /** Whether {@code publicAddress} was a mapping that a rebinding removed. */
    boolean isRetired(InetSocketAddress publicAddress) {
        return retired.contains(publicAddress);
    }

    /** Moves the host at {@code bound} to {@code newPublic}; returns the old public address. */
    InetSocketAddress rebind(InetSocketAddress bound, InetSocketAddress newPublic) {
        InetSocketAddress old = publicByBound.get(bound);
        if (old == null) {
            throw new IllegalArgumentException("no host bound at " + bound);
        }
        if (old.equals(newPublic)) {
            return old;
        }
        if (boundByPublic.containsKey(newPublic)) {
            throw new IllegalStateException("address in use: " + newPublic);
        }
        boundByPublic.remove(old);
        retired.add(old);
        retired.remove(newPublic);
        publicByBound.put(bound, newPublic);
        boundByPublic.put(newPublic, bound);
        return old;
    }
}
