package io.jsst.nativeshim;

import io.jsst.nativeshim.UdpCapabilities.Capability;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.Set;

/**
 * Entry point of the native UDP fast paths: the capability probe, and wrapping a JDK
 * {@link DatagramChannel}'s socket for batched, offloaded I/O ({@link NativeUdpSocket}).
 *
 * <p>This class refers to no JNA type, so it loads without JNA; {@link #capabilities()} is the
 * question to ask first and never throws.
 */
public final class NativeUdp {

    private static volatile UdpCapabilities cached;

    private NativeUdp() {
    }

    /**
     * What this JVM and kernel support, probed once (the first call pays for a scratch socket and
     * a few system calls) and cached. Honours {@code -D}{@value UdpCapabilities#DISABLE_PROPERTY}
     * as it was at the first call. Never throws: anything that goes wrong makes every capability
     * missing, with the reason.
     */
    public static UdpCapabilities capabilities() {
        UdpCapabilities c = cached;
        if (c == null) {
            c = probe(UdpCapabilities.disabledByProperty());
            cached = c;
        }
        return c;
    }

    /** Probes afresh (not cached), treating {@code disabled} as missing. Never throws. */
    public static UdpCapabilities probe(Set<Capability> disabled) {
        try {
            return CapabilityProbe.probe(disabled);
        } catch (LinkageError e) {
            // NoClassDefFoundError: JNA not on the class path; UnsatisfiedLinkError: its native
            // part or libc could not load.
            return UdpCapabilities.none("JNA unavailable: " + e);
        } catch (RuntimeException e) {
            return UdpCapabilities.none("probe failed: " + e);
        }
    }

    /**
     * Opens a {@link DatagramChannel} whose descriptor {@link #wrap} then finds at once (without
     * this, or {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}, it scans the process's
     * descriptors). Needs only what {@link DatagramChannel#open(ProtocolFamily)} needs.
     *
     * @throws IOException as {@link DatagramChannel#open(ProtocolFamily)}
     * @throws UnsupportedOperationException as {@link DatagramChannel#open(ProtocolFamily)}
     */
    public static DatagramChannel openChannel(ProtocolFamily family) throws IOException {
        if (!capabilities().hasAll(Capability.SENDMMSG, Capability.RECVMMSG)) {
            return DatagramChannel.open(family);
        }
        return SocketFd.open(family);
    }

    /**
     * Wraps the socket of {@code channel} (bound, any blocking mode) for native batched I/O; the
     * channel still owns the socket, stays usable with a {@link java.nio.channels.Selector}, and
     * closing it makes the wrapper unusable.
     *
     * @param batchCapacity the most datagrams one {@link NativeUdpSocket#send} or
     *                      {@link NativeUdpSocket#receive} call handles, 1 to 1024
     * @throws IOException if {@link Capability#SENDMMSG} or {@link Capability#RECVMMSG} is
     *     missing (the message names it), or the channel's file descriptor cannot be found
     * @throws IllegalArgumentException if {@code batchCapacity} is out of range
     * @throws java.nio.channels.NotYetBoundException if the channel is not bound
     */
    public static NativeUdpSocket wrap(DatagramChannel channel, int batchCapacity) throws IOException {
        return wrap(channel, batchCapacity, capabilities());
    }

    static NativeUdpSocket wrap(DatagramChannel channel, int batchCapacity, UdpCapabilities c) throws IOException {
        for (Capability required : new Capability[] {Capability.SENDMMSG, Capability.RECVMMSG}) {
            if (!c.has(required)) {
                throw new IOException("native UDP unavailable: " + required + " missing: "
                        + c.reasonMissing(required));
            }
        }
        return NativeUdpSocket.wrap(channel, batchCapacity, c);
    }
}
