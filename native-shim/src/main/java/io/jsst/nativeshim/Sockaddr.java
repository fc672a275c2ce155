package io.jsst.nativeshim;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

/**
 * Linux {@code sockaddr_in} (16 bytes) and {@code sockaddr_in6} (28 bytes) in a native-order
 * buffer: family in host order, port in network order. An IPv4-mapped IPv6 address decodes as
 * IPv4, as the JDK's channels report it.
 */
final class Sockaddr {

    /** Room for either form. */
    static final int SIZE = 32;

    private Sockaddr() {
    }

    static InetSocketAddress decode(ByteBuffer b, int at) {
        int family = b.getShort(at) & 0xFFFF;
        int port = ((b.get(at + 2) & 0xFF) << 8) | (b.get(at + 3) & 0xFF);
        try {
            if (family == LibC.AF_INET) {
                byte[] a = new byte[4];
                b.get(at + 4, a);
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            }
            if (family == LibC.AF_INET6) {
                byte[] a = new byte[16];
                b.get(at + 8, a);
                if (isV4Mapped(a)) {
                    byte[] v4 = {a[12], a[13], a[14], a[15]};
                    return new InetSocketAddress(InetAddress.getByAddress(v4), port);
                }
                int scope = b.getInt(at + 24);
                return new InetSocketAddress(Inet6Address.getByAddress(null, a, scope), port);
            }
        } catch (UnknownHostException e) {
            throw new AssertionError("fixed-length address rejected", e);
        }
        return null;
    }

    /**
     * Writes {@code address} at {@code at} in the form a socket of the given family takes.
     *
     * @return the sockaddr length
     * @throws UnresolvedAddressException if {@code address} is unresolved
     * @throws UnsupportedAddressTypeException for an IPv6 address on an IPv4 socket
     */
    static int encode(ByteBuffer b, int at, InetSocketAddress address, boolean ipv6Socket) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new UnresolvedAddressException();
        }
        int port = address.getPort();
        byte[] a = ip.getAddress();
        for (int i = 0; i < SIZE; i++) {
            b.put(at + i, (byte) 0);
        }
        b.put(at + 2, (byte) (port >>> 8)).put(at + 3, (byte) port);
        if (!ipv6Socket) {
            if (!(ip instanceof Inet4Address)) {
                throw new UnsupportedAddressTypeException();
            }
            b.putShort(at, (short) LibC.AF_INET);
            b.put(at + 4, a);
            return 16;
        }
        b.putShort(at, (short) LibC.AF_INET6);
        if (ip instanceof Inet4Address) {
            b.put(at + 18, (byte) 0xFF).put(at + 19, (byte) 0xFF);
            b.put(at + 20, a);
        } else {
            b.put(at + 8, a);
            b.putInt(at + 24, ((Inet6Address) ip).getScopeId());
        }
        return 28;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }
}
