package io.jsst.nativeshim;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NotYetBoundException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the file descriptor behind a JDK {@link DatagramChannel}.
 *
 * <p>Why a JDK channel at all, rather than a socket made with {@code socket(2)}: the engine's
 * event loop waits on a {@link java.nio.channels.Selector}, which accepts only JDK channels, and
 * the loop also lends itself to application threads that select on it. Keeping the JDK channel for
 * readiness and doing the I/O natively on its descriptor keeps one wait for all sockets and leaves
 * the loop unchanged. The JDK hides the descriptor; two ways to it:
 * <ol>
 *   <li>{@code DatagramChannelImpl.getFDVal()} by reflection, which works when the JVM runs with
 *       {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED};</li>
 *   <li>otherwise, the sockets listed in {@code /proc/self/fd}: the one UDP socket whose
 *       {@code getsockname} is the channel's bound address (two UDP sockets of one process cannot
 *       share one without {@code SO_REUSEPORT}, which the JDK does not set).</li>
 * </ol>
 */
final class SocketFd {

    private SocketFd() {
    }

    static int of(DatagramChannel channel) throws IOException {
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        if (local == null) {
            throw new NotYetBoundException();
        }
        int fd = byReflection(channel);
        if (fd >= 0 && matches(fd, local)) {
            return fd;
        }
        return byLocalAddress(local);
    }

    private static int byReflection(DatagramChannel channel) {
        try {
            Method m = channel.getClass().getMethod("getFDVal");
            m.setAccessible(true);
            return (Integer) m.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // InaccessibleObjectException without --add-opens: look the descriptor up instead.
            return -1;
        }
    }

    private static int byLocalAddress(InetSocketAddress local) throws IOException {
        int found = -1;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path p : fds) {
                int fd;
                try {
                    fd = Integer.parseInt(p.getFileName().toString());
                    if (!Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        continue;
                    }
                } catch (NumberFormatException | IOException e) {
                    continue; // closed meanwhile, or not a descriptor
                }
                if (matches(fd, local)) {
                    if (found >= 0) {
                        throw new IOException("two UDP sockets bound to " + local + ": fds " + found + " and " + fd);
                    }
                    found = fd;
                }
            }
        }
        if (found < 0) {
            throw new IOException("no UDP socket bound to " + local + " in /proc/self/fd");
        }
        return found;
    }

    /** Whether {@code fd} is a UDP socket bound to {@code local}. */
    static boolean matches(int fd, InetSocketAddress local) {
        try (Memory m = new Memory(64)) {
            long p = Pointer.nativeValue(m);
            m.setInt(0, 4);
            if (LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_TYPE, p + 8, p) < 0 || m.getInt(8) != LibC.SOCK_DGRAM) {
                return false;
            }
            m.setInt(0, 32);
            if (LibC.getsockname(fd, p + 16, p) < 0) {
                return false;
            }
            ByteBuffer name = m.getByteBuffer(16, 32).order(ByteOrder.nativeOrder());
            InetSocketAddress bound = Sockaddr.decode(name, 0);
            return local.equals(bound);
        }
    }
}
