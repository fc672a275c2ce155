package io.jsst.tools.perf;

import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code host:port}, {@code [v6]:port} or a bare host (port {@link #DEFAULT_PORT}). */
public final class HostPort implements ITypeConverter<InetSocketAddress> {

    /** The port a perf server listens on unless told otherwise (iperf's, for familiarity). */
    public static final int DEFAULT_PORT = 5201;

    @Override
    public InetSocketAddress convert(String value) {
        return parse(value);
    }

    /** @throws TypeConversionException if the port is not a number from 0 to 65535 */
    public static InetSocketAddress parse(String value) {
        String v = value.trim();
        String host = v;
        String port = null;
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            if (end < 0) {
                throw new TypeConversionException("missing ']' in " + value);
            }
            host = v.substring(1, end);
            if (v.length() > end + 1) {
                if (v.charAt(end + 1) != ':') {
                    throw new TypeConversionException("expected ':port' after ']' in " + value);
                }
                port = v.substring(end + 2);
            }
        } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            host = v.substring(0, v.indexOf(':'));
            port = v.substring(v.indexOf(':') + 1);
        }
        int p = DEFAULT_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 0 || p > 65535) {
                throw new TypeConversionException("not a port: " + port + " (in " + value + ")");
            }
        }
        return host.isEmpty() ? new InetSocketAddress(p) : new InetSocketAddress(host, p);
    }
}
