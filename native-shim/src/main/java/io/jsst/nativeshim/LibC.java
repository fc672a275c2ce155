package io.jsst.nativeshim;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The few Linux libc calls the shim needs, bound by JNA direct mapping: no per-call allocation,
 * pointers passed as {@code long} addresses (LP64 only; {@link UdpCapabilities} checks that), and
 * {@code errno} read afterwards with {@link Native#getLastError()}.
 *
 * <p>Loading this class loads JNA and libc; it fails with a {@link LinkageError} when JNA is not on
 * the class path or cannot load its native part, which {@link NativeUdp} catches.
 */
final class LibC {

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    // <sys/socket.h>, <netinet/in.h>, <netinet/udp.h> (Linux, asm-generic and x86 values)
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOL_SOCKET = 1;
    static final int SO_TYPE = 3;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_UDP = 17;
    static final int IP_TOS = 1;
    static final int IP_MTU_DISCOVER = 10;
    static final int IP_RECVTOS = 13;
    static final int IP_PMTUDISC_DO = 2;
    static final int IP_PMTUDISC_PROBE = 3;
    static final int IPV6_MTU_DISCOVER = 23;
    static final int IPV6_PMTUDISC_DO = 2;
    static final int IPV6_PMTUDISC_PROBE = 3;
    static final int IPV6_RECVTCLASS = 66;
    static final int IPV6_TCLASS = 67;
    static final int UDP_SEGMENT = 103;
    static final int UDP_GRO = 104;
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    // <errno.h>
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int ENOTSOCK = 88;
    static final int EMSGSIZE = 90;
    static final int ENOPROTOOPT = 92;
    static final int EOPNOTSUPP = 95;
    static final int ECONNREFUSED = 111;

    private LibC() {
    }

    static native int socket(int domain, int type, int protocol);

    static native int close(int fd);

    static native int setsockopt(int fd, int level, int name, long value, int length);

    static native int getsockopt(int fd, int level, int name, long value, long lengthAddress);

    static native int getsockname(int fd, long address, long lengthAddress);

    static native int sendmmsg(int fd, long messages, int count, int flags);

    static native int recvmmsg(int fd, long messages, int count, int flags, long timeout);

    static native String strerror(int errno);

    static int errno() {
        return Native.getLastError();
    }

    /** "name (errno N: text)", for exception messages. */
    static String describe(String call, int errno) {
        return call + " failed: errno " + errno + " (" + strerror(errno) + ")";
    }
}
