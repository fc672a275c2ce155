package io.jsst.nativeshim;

import com.sun.jna.Memory;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.jsst.nativeshim.UdpCapabilities.Capability;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Tries each capability once on a scratch UDP socket. Uses JNA: call only where a
 * {@link LinkageError} is caught ({@link NativeUdp}).
 */
final class CapabilityProbe {

    private static final Map<Capability, String> TRIALS = new EnumMap<>(Map.of(
            Capability.SENDMMSG, "sendmmsg",
            Capability.RECVMMSG, "recvmmsg",
            Capability.GSO, "setsockopt(UDP_SEGMENT)",
            Capability.GRO, "setsockopt(UDP_GRO)",
            Capability.DONT_FRAGMENT, "setsockopt(IP_MTU_DISCOVER, IP_PMTUDISC_PROBE)",
            Capability.ECN, "setsockopt(IP_TOS/IP_RECVTOS)"));

    private CapabilityProbe() {
    }

    /** The platform's reason to say no to everything, or {@code null} if it may be worth trying. */
    static String platformUnsupported() {
        if (!Platform.isLinux()) {
            return "not Linux (os.name=" + System.getProperty("os.name") + ")";
        }
        if (!Platform.is64Bit() || !(Platform.ARCH.equals("x86-64") || Platform.ARCH.equals("aarch64")
                || Platform.ARCH.equals("riscv64"))) {
            return "unsupported architecture " + Platform.ARCH + " (struct layouts known for x86-64, aarch64, riscv64)";
        }
        return null;
    }

    static UdpCapabilities probe(Set<Capability> disabled) {
        String unsupported = platformUnsupported();
        if (unsupported != null) {
            return UdpCapabilities.none(unsupported);
        }
        int fd = LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM, 0);
        if (fd < 0) {
            return UdpCapabilities.none(LibC.describe("socket(AF_INET, SOCK_DGRAM)", LibC.errno()));
        }
        Map<Capability, Integer> failures = new EnumMap<>(Capability.class);
        try (Memory scratch = new Memory(64)) {
            long p = Pointer.nativeValue(scratch);
            scratch.clear();
            // vlen 0: the kernel checks nothing but that the call exists.
            if (LibC.sendmmsg(fd, p, 0, LibC.MSG_DONTWAIT) < 0 && LibC.errno() == LibC.ENOSYS) {
                failures.put(Capability.SENDMMSG, LibC.ENOSYS);
            }
            if (LibC.recvmmsg(fd, p, 0, LibC.MSG_DONTWAIT, 0) < 0 && LibC.errno() == LibC.ENOSYS) {
                failures.put(Capability.RECVMMSG, LibC.ENOSYS);
            }
            trySetInt(fd, LibC.IPPROTO_UDP, LibC.UDP_SEGMENT, 1200, 0, p, Capability.GSO, failures);
            trySetInt(fd, LibC.IPPROTO_UDP, LibC.UDP_GRO, 1, 0, p, Capability.GRO, failures);
            trySetInt(fd, LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER, LibC.IP_PMTUDISC_PROBE, 1, p,
                    Capability.DONT_FRAGMENT, failures);
            trySetInt(fd, LibC.IPPROTO_IP, LibC.IP_RECVTOS, 1, 0, p, Capability.ECN, failures);
            if (!failures.containsKey(Capability.ECN)) {
                trySetInt(fd, LibC.IPPROTO_IP, LibC.IP_TOS, 2, 0, p, Capability.ECN, failures);
            }
        } finally {
            LibC.close(fd);
        }
        return UdpCapabilities.fromTrials(failures, disabled, TRIALS);
    }

    /** Sets an int option to {@code value}, then back to {@code restore}; records the errno on failure. */
    private static void trySetInt(int fd, int level, int name, int value, int restore, long scratch,
                                  Capability capability, Map<Capability, Integer> failures) {
        Pointer at = new Pointer(scratch);
        at.setInt(0, value);
        if (LibC.setsockopt(fd, level, name, scratch, 4) < 0) {
            failures.put(capability, LibC.errno());
            return;
        }
        at.setInt(0, restore);
        LibC.setsockopt(fd, level, name, scratch, 4);
    }
}
