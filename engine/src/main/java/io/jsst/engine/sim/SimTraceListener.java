package io.jsst.engine.sim;

import java.net.InetSocketAddress;

/**
 * Observes every datagram event in a {@link SimNetwork}, on the simulation's thread, in virtual
 * time order. {@code from} is the sender's public address, {@code to} the destination it sent to.
 */
@FunctionalInterface
public interface SimTraceListener {

    void onPacket(long timeNanos, InetSocketAddress from, InetSocketAddress to, int length, SimFate fate);
}
