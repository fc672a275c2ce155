package io.jsst.engine.sim;

import java.net.InetSocketAddress;

/**
 * Sees the bytes of every datagram an attached endpoint sends, before the link impairs it: the
 * on-path observer of attack tests (capture, replay, mutate). {@code data} is the network's copy,
 * valid only during the call.
 */
@FunctionalInterface
public interface SimTap {

    void onSent(long timeNanos, InetSocketAddress from, InetSocketAddress to, byte[] data, int length);
}
