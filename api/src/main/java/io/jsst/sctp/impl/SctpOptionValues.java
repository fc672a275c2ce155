package io.jsst.sctp.impl;

import io.jsst.association.StreamLimits;
import io.jsst.sctp.SctpSocketOption;
import io.jsst.sctp.SctpStandardSocketOptions;
import io.jsst.sctp.SctpStandardSocketOptions.InitMaxStreams;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The socket option values of one jsst SCTP channel, checked as the JDK checks them. Options
 * that act on an association (the primary address) are handled by the channel; this holds the
 * rest.
 */
final class SctpOptionValues {

    /** What SctpChannel and SctpMultiChannel support: all ten standard options. */
    static final Set<SctpSocketOption<?>> CHANNEL_OPTIONS = Set.of(
            SctpStandardSocketOptions.SCTP_DISABLE_FRAGMENTS,
            SctpStandardSocketOptions.SCTP_EXPLICIT_COMPLETE,
            SctpStandardSocketOptions.SCTP_FRAGMENT_INTERLEAVE,
            SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS,
            SctpStandardSocketOptions.SCTP_NODELAY,
            SctpStandardSocketOptions.SCTP_PRIMARY_ADDR,
            SctpStandardSocketOptions.SCTP_SET_PEER_PRIMARY_ADDR,
            SctpStandardSocketOptions.SO_SNDBUF,
            SctpStandardSocketOptions.SO_RCVBUF,
            SctpStandardSocketOptions.SO_LINGER);

    /** What SctpServerChannel supports. */
    static final Set<SctpSocketOption<?>> SERVER_OPTIONS = Set.of(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS);

    static final int DEFAULT_SNDBUF = 1024 * 1024;
    static final int DEFAULT_RCVBUF = 256 * 1024;

    private final Map<SctpSocketOption<?>, Object> values = new HashMap<>();

    SctpOptionValues() {
        values.put(SctpStandardSocketOptions.SCTP_DISABLE_FRAGMENTS, false);
        values.put(SctpStandardSocketOptions.SCTP_EXPLICIT_COMPLETE, false);
        values.put(SctpStandardSocketOptions.SCTP_FRAGMENT_INTERLEAVE, 0);
        values.put(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS, InitMaxStreams.create(0, 0));
        values.put(SctpStandardSocketOptions.SCTP_NODELAY, false);
        values.put(SctpStandardSocketOptions.SO_SNDBUF, DEFAULT_SNDBUF);
        values.put(SctpStandardSocketOptions.SO_RCVBUF, DEFAULT_RCVBUF);
        values.put(SctpStandardSocketOptions.SO_LINGER, -1);
    }

    /**
     * Checks an option and its value as the JDK does.
     *
     * @throws NullPointerException if {@code name} is null
     * @throws UnsupportedOperationException if the channel does not support it
     * @throws IllegalArgumentException if the value is not valid for it
     */
    static void checkSet(SctpSocketOption<?> name, Object value, Set<SctpSocketOption<?>> supported) {
        checkSupported(name, supported);
        if (value == null) {
            throw new IllegalArgumentException("Invalid option value");
        }
        if (name == SctpStandardSocketOptions.SO_SNDBUF || name == SctpStandardSocketOptions.SO_RCVBUF) {
            if ((Integer) value < 0) {
                throw new IllegalArgumentException("Invalid send/receive buffer size");
            }
        } else if (name == SctpStandardSocketOptions.SCTP_FRAGMENT_INTERLEAVE) {
            int v = (Integer) value;
            if (v < 0 || v > 2) {
                throw new IllegalArgumentException("Invalid value for SCTP_FRAGMENT_INTERLEAVE");
            }
        } else if (name == SctpStandardSocketOptions.SCTP_PRIMARY_ADDR
                || name == SctpStandardSocketOptions.SCTP_SET_PEER_PRIMARY_ADDR) {
            if (!(value instanceof java.net.InetSocketAddress)) {
                throw new java.nio.channels.UnsupportedAddressTypeException();
            }
        }
        name.type().cast(value);
    }

    static void checkSupported(SctpSocketOption<?> name, Set<SctpSocketOption<?>> supported) {
        Objects.requireNonNull(name, "name");
        if (!supported.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
    }

    synchronized Object get(SctpSocketOption<?> name) {
        return values.get(name);
    }

    synchronized void set(SctpSocketOption<?> name, Object value) {
        values.put(name, value);
    }

    /** The stream limits SCTP_INIT_MAXSTREAMS asks for. */
    synchronized StreamLimits limits() {
        InitMaxStreams m = (InitMaxStreams) values.get(SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS);
        return new StreamLimits(m.maxOutStreams(), m.maxInStreams());
    }

    synchronized int receiveBuffer() {
        return Math.max(4096, (Integer) values.get(SctpStandardSocketOptions.SO_RCVBUF));
    }

    synchronized int sendBuffer() {
        return Math.max(4096, (Integer) values.get(SctpStandardSocketOptions.SO_SNDBUF));
    }

    synchronized boolean explicitComplete() {
        return (Boolean) values.get(SctpStandardSocketOptions.SCTP_EXPLICIT_COMPLETE);
    }

    synchronized int linger() {
        return (Integer) values.get(SctpStandardSocketOptions.SO_LINGER);
    }

    synchronized SocketAddress address(SctpSocketOption<?> name) {
        return (SocketAddress) values.get(name);
    }
}
