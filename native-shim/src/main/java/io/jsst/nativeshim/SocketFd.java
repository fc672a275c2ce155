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
import java.net.ProtocolFamily;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the file descriptor behind a JDK {@link DatagramChannel}.
 *
 * <p>Why a JDK channel at all, rather than a socket made with {@code socket(2)}: the engine's
 * event loop waits on a {@link java.nio.channels.Selector}, which accepts only JDK channels, and
 * the loop also lends itself to application threads that select on it. Keeping the JDK channel for
 * readiness and doing the I/O natively on its descriptor keeps one wait for all sockets and leaves
 * the loop unchanged. The JDK hides the descriptor; two ways to it:
 * <ol>
 *   <li>for a channel {@link NativeUdp#openChannel} opened: the descriptor predicted then, checked;</li>
 *   <li>{@code DatagramChannelImpl.getFDVal()} by reflection, which works when the JVM runs with
 *       {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED};</li>
 *   <li>otherwise, the sockets listed in {@code /proc/self/fd}: the one UDP socket whose
 *       {@code getsockname} is the channel's bound address (two UDP sockets of one process cannot
 *       share one without {@code SO_REUSEPORT}, which the JDK does not set). This costs two
 *       system calls per open descriptor.</li>
 * </ol>
 */
final class SocketFd {

    /** Channels opened by {@link #open}, with the descriptor they were predicted to get. */
    private static final Map<DatagramChannel, Integer> PREDICTED =
            Collections.synchronizedMap(new WeakHashMap<>());

    private SocketFd() {
    }

    /**
     * Opens a channel and predicts its descriptor: the kernel gives a new socket the lowest free
     * descriptor, so the one a scratch socket got just before is the channel's unless another
     * thread took it meanwhile ({@link #of} checks).
     */
    static DatagramChannel open(ProtocolFamily family) throws IOException {
        int scratch = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM, 0);
        if (scratch >= 0) {
            LibC.close(scratch);
        }
        DatagramChannel channel = DatagramChannel.open(family);
        if (scratch >= 0) {
            PREDICTED.put(channel, scratch);
        }
        return channel;
    }

    static int of(DatagramChannel channel) throws IOException {
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        if (local == null) {
            throw new NotYetBoundException();
        }
        try (Memory scratch = new Memory(64)) {
            Integer predicted = PREDICTED.remove(channel);
            if (predicted != null && matches(predicted, local, scratch)) {
                return predicted;
            }
            int fd = byReflection(channel);
            if (fd >= 0 && matches(fd, local, scratch)) {
                return fd;
            }
            return byLocalAddress(local, scratch);
        }
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

    private static int byLocalAddress(InetSocketAddress local, Memory scratch) throws IOException {
        int found = -1;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path p : fds) {
                int fd;
                try {
                    fd = Integer.parseInt(p.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (matches(fd, local, scratch)) {
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

    /** Whether {@code fd} is a UDP socket bound to {@code local} (not a socket: ENOTSOCK, false). */
    private static boolean matches(int fd, InetSocketAddress local, Memory scratch) {
        long p = Pointer.nativeValue(scratch);
        scratch.setInt(0, 4);
        if (LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_TYPE, p + 8, p) < 0 || scratch.getInt(8) != LibC.SOCK_DGRAM) {
            return false;
        }
        scratch.setInt(0, 32);
        if (LibC.getsockname(fd, p + 16, p) < 0) {
            return false;
        }
        ByteBuffer name = scratch.getByteBuffer(16, 32).order(ByteOrder.nativeOrder());
        return local.equals(Sockaddr.decode(name, 0));
    }
}
