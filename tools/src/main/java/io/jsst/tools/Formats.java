package io.jsst.tools;

import io.jsst.engine.Eid;
import java.net.InetSocketAddress;
import java.util.Locale;

/** How the tools print EIDs, addresses, sizes, rates and durations for people. */
public final class Formats {
    private Formats() {
    }

    /** The first 8 and last 4 hex digits of an EID, e.g. {@code 3f9a1c2b..e1d0}. */
    public static String shortEid(Eid eid) {
        String hex = eid.toString();
        return hex.substring(0, 8) + ".." + hex.substring(hex.length() - 4);
    }

    /** {@code host:port} without the resolver's {@code name/} prefix. */
    public static String address(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** A byte count in the largest binary unit that keeps it at least 1, e.g. {@code 64.0 MiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Nanoseconds as milliseconds with two decimals, e.g. {@code 0.21 ms}. */
    public static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    /** A transfer rate in MiB/s, e.g. {@code 412.3 MiB/s}. */
    public static String rate(long bytes, long nanos) {
        return String.format(Locale.ROOT, "%.1f MiB/s", mibPerSecond(bytes, nanos));
    }

    public static double mibPerSecond(long bytes, long nanos) {
        return nanos <= 0 ? 0 : bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }

    /** A count with thousands separators, e.g. {@code 52,345}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
