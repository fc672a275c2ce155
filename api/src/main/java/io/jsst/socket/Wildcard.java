package io.jsst.socket;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The IPv4 wildcard address, 0.0.0.0: what a socket bound to no address in particular reports, as java.net's do. */
final class Wildcard {

    /** Parsed from its literal form: no name service is asked, so nothing can fail. */
    static final InetAddress IPV4 = new InetSocketAddress("0.0.0.0", 0).getAddress();

    private Wildcard() {}
}
