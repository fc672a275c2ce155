package io.jsst.nativeshim;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What the native UDP fast paths can do on this JVM and kernel, capability by capability, as
 * {@link NativeUdp#capabilities()} found by trying each once on a scratch socket. Immutable.
 *
 * <p>A capability is missing, with a reason saying why, when JNA is not on the class path or
 * cannot load, when the OS is not 64-bit Linux, when the system property
 * {@value #DISABLE_PROPERTY} names it, or when the kernel answers the trial call with an error
 * (ENOSYS for a system call it lacks, ENOPROTOOPT or EINVAL for a socket option it does not know).
 */
public final class UdpCapabilities {

    /** A comma-separated list of {@link Capability} names to treat as missing, e.g. {@code GSO,GRO}. */
    public static final String DISABLE_PROPERTY = "jsst.native.disable";

    /** One native fast path. */
    public enum Capability {
        /** {@code sendmmsg(2)}: many datagrams in one system call. */
        SENDMMSG,
        /** {@code recvmmsg(2)}: many datagrams in one system call. */
        RECVMMSG,
        /** UDP generic segmentation offload ({@code UDP_SEGMENT}, Linux 4.18). */
        GSO,
        /** UDP generic receive offload ({@code UDP_GRO}, Linux 5.0). */
        GRO,
        /** The don't-fragment bit for path-MTU probing ({@code IP_MTU_DISCOVER}). */
        DONT_FRAGMENT,
        /** Setting and receiving ECN marks ({@code IP_TOS}, {@code IP_RECVTOS}, {@code IPV6_TCLASS}). */
        ECN
    }

    private final Map<Capability, String> missing;

    private UdpCapabilities(Map<Capability, String> missing) {
        this.missing = missing.isEmpty()
                ? Collections.emptyMap() : Collections.unmodifiableMap(new EnumMap<>(missing));
    }

    /** Every capability missing, each for {@code reason}. */
    static UdpCapabilities none(String reason) {
        Map<Capability, String> m = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            m.put(c, reason);
        }
        return new UdpCapabilities(m);
    }

    /**
     * From the outcome of each trial: {@code errnos} maps a capability to the errno its trial call
     * failed with; a capability not in the map worked. {@code disabled} are missing regardless.
     */
    static UdpCapabilities fromTrials(Map<Capability, Integer> errnos, Set<Capability> disabled,
                                      Map<Capability, String> trialNames) {
        Map<Capability, String> m = new EnumMap<>(Capability.class);
        for (Map.Entry<Capability, Integer> e : errnos.entrySet()) {
            m.put(e.getKey(), trialNames.getOrDefault(e.getKey(), e.getKey().name())
                    + " failed with errno " + e.getValue() + " (" + errnoName(e.getValue()) + ")");
        }
        for (Capability c : disabled) {
            m.put(c, "disabled by -D" + DISABLE_PROPERTY);
        }
        return new UdpCapabilities(m);
    }

    /** The capabilities named in {@code -D}{@value #DISABLE_PROPERTY}; unknown names are ignored. */
    static Set<Capability> disabledByProperty() {
        Set<Capability> disabled = EnumSet.noneOf(Capability.class);
        String value = System.getProperty(DISABLE_PROPERTY, "");
        for (String name : value.split(",")) {
            for (Capability c : Capability.values()) {
                if (c.name().equalsIgnoreCase(name.trim())) {
                    disabled.add(c);
                }
            }
        }
        return disabled;
    }

    /** Whether {@code capability} is usable. */
    public boolean has(Capability capability) {
        return !missing.containsKey(capability);
    }

    /** Whether every one of {@code capabilities} is usable. */
    public boolean hasAll(Capability... capabilities) {
        for (Capability c : capabilities) {
            if (!has(c)) {
                return false;
            }
        }
        return true;
    }

    /** Why {@code capability} is missing, or {@code null} if it is usable. */
    public String reasonMissing(Capability capability) {
        return missing.get(capability);
    }

    /** The usable capabilities. */
    public Set<Capability> available() {
        Set<Capability> s = EnumSet.allOf(Capability.class);
        s.removeAll(missing.keySet());
        return s;
    }

    private static String errnoName(int errno) {
        switch (errno) {
            case 22: return "EINVAL";
            case 38: return "ENOSYS";
            case 92: return "ENOPROTOOPT";
            case 95: return "EOPNOTSUPP";
            case 1: return "EPERM";
            default: return "errno " + errno;
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("UdpCapabilities{available=").append(available());
        for (Map.Entry<Capability, String> e : missing.entrySet()) {
            s.append(", ").append(e.getKey()).append(": ").append(e.getValue());
        }
        return s.append('}').toString();
    }
}
