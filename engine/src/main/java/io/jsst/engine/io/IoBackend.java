package io.jsst.engine.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Which {@link DatagramIo} a host binds its sockets with, chosen by the system property
 * {@value #PROPERTY}: {@code native}, {@code nio} or {@code auto} (the default).
 *
 * <pre>
 *   auto   --native usable?--yes--&gt; NativeDatagramIo   (a bind that fails natively falls back)
 *                           --no---&gt; NioDatagramIo
 *   native --------------------------&gt; NativeDatagramIo, or IOException naming what is missing
 *   nio    --------------------------&gt; NioDatagramIo
 * </pre>
 *
 * <p>The native path needs native-shim (an optional dependency of the engine) and JNA on the class
 * path, and 64-bit Linux with {@code sendmmsg} and {@code recvmmsg}; every other case is "not
 * usable", never an error, under {@code auto}.
 */
public enum IoBackend {
    /** {@link NativeDatagramIo}, or fail. */
    NATIVE,
    /** {@link NioDatagramIo}. */
    NIO,
    /** {@link NativeDatagramIo} where usable, else {@link NioDatagramIo}. */
    AUTO;

    /** The system property that picks the backend. */
    public static final String PROPERTY = "jsst.io";

    private static final System.Logger LOG = System.getLogger(IoBackend.class.getName());

    /**
     * The backend {@value #PROPERTY} names (read at each call).
     *
     * @throws IllegalArgumentException if the property has another value
     */
    public static IoBackend configured() {
        String value = System.getProperty(PROPERTY, "auto").trim();
        for (IoBackend b : values()) {
            if (b.name().equalsIgnoreCase(value)) {
                return b;
            }
        }
        throw new IllegalArgumentException("-D" + PROPERTY + " must be native, nio or auto: " + value);
    }

    /**
     * Why the native backend cannot be used here (naming the missing capability or library), or
     * {@code null} if it can. Never throws.
     */
    public static String nativeUnavailableReason() {
        try {
            return NativeDatagramIo.unavailableReason();
        } catch (LinkageError e) {
            return "native-shim not on the class path (" + e + ")";
        }
    }

    /**
     * Opens a non-blocking UDP socket bound to {@code local} with this backend.
     *
     * @throws IOException if the socket cannot be bound, or (for {@link #NATIVE}) the native path
     *     is unusable: the message says which capability or library is missing
     */
    public DatagramIo bind(InetSocketAddress local) throws IOException {
        switch (this) {
            case NIO:
                return NioDatagramIo.bind(local);
            case NATIVE: {
                String unavailable = nativeUnavailableReason();
                if (unavailable != null) {
                    throw new IOException("-D" + PROPERTY + "=native but native datagram I/O is unavailable: "
                            + unavailable);
                }
                return NativeDatagramIo.bind(local);
            }
            default: {
                if (nativeUnavailableReason() == null) {
                    try {
                        return NativeDatagramIo.bind(local);
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.DEBUG, "native bind of " + local + " failed; using NIO", e);
                    }
                }
                return NioDatagramIo.bind(local);
            }
        }
    }
}
