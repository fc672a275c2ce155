package io.jsst.engine;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where to find a host: an address, or an EID the host must prove plus an address hint where it
 * can be reached (libsst's {@code Endpoint} and location hint).
 *
 * @param eid the identity the responder must prove, or null for whoever answers at the address
 * @param address where to send the handshake
 */
public record Endpoint(Eid eid, InetSocketAddress address) {

    public Endpoint {
        Objects.requireNonNull(address, "address");
    }

    /** Whoever answers at {@code address}. */
    public static Endpoint of(InetSocketAddress address) {
        return new Endpoint(null, address);
    }

    /** The host with identity {@code eid}, reached at {@code hint}; a different responder fails the connect. */
    public static Endpoint of(Eid eid, InetSocketAddress hint) {
        return new Endpoint(Objects.requireNonNull(eid, "eid"), hint);
    }

    @Override
    public String toString() {
        return eid == null ? address.toString() : eid.toString().substring(0, 16) + "...@" + address;
    }
}
