package io.jsst.nativeshim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.nativeshim.UdpCapabilities.Capability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.DatagramChannel;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UdpCapabilitiesTest {

    @Test
    void withoutJnaOnTheClassPathEveryCapabilityIsMissingAndNothingThrows() throws Exception {
        ClassLoader hidingJna = new HidingJnaLoader(getClass().getClassLoader());
        Class<?> nativeUdp = Class.forName(NativeUdp.class.getName(), true, hidingJna);
        assertThat(nativeUdp.getClassLoader()).isSameAs(hidingJna);

        Object caps = nativeUdp.getMethod("capabilities").invoke(null);

        Object available = caps.getClass().getMethod("available").invoke(caps);
        assertThat((Set<?>) available).isEmpty();
        Class<?> capability = Class.forName(Capability.class.getName(), true, hidingJna);
        Object sendmmsg = capability.getField("SENDMMSG").get(null);
        Object reason = caps.getClass().getMethod("reasonMissing", capability).invoke(caps, sendmmsg);
        assertThat((String) reason).contains("JNA unavailable").contains("com/sun/jna");
    }

    @Test
    void aTrialThatFailsWithEnosysMakesOnlyThatCapabilityMissing() {
        UdpCapabilities caps = UdpCapabilities.fromTrials(Map.of(Capability.SENDMMSG, 38),
                Set.of(), Map.of(Capability.SENDMMSG, "sendmmsg"));

        assertThat(caps.has(Capability.SENDMMSG)).isFalse();
        assertThat(caps.reasonMissing(Capability.SENDMMSG)).isEqualTo("sendmmsg failed with errno 38 (ENOSYS)");
        assertThat(caps.available()).containsExactlyInAnyOrder(Capability.RECVMMSG, Capability.GSO,
                Capability.GRO, Capability.DONT_FRAGMENT, Capability.ECN);
    }

    @Test
    void anUnknownSocketOptionMakesItsCapabilityMissingWithTheErrnoNamed() {
        UdpCapabilities caps = UdpCapabilities.fromTrials(
                Map.of(Capability.GSO, 92, Capability.GRO, 22), Set.of(), Map.of());

        assertThat(caps.reasonMissing(Capability.GSO)).contains("ENOPROTOOPT");
        assertThat(caps.reasonMissing(Capability.GRO)).contains("EINVAL");
        assertThat(caps.hasAll(Capability.SENDMMSG, Capability.RECVMMSG)).isTrue();
    }

    @Test
    void aCapabilityDisabledOnTheCommandLineIsMissingEvenWhereTheKernelHasIt() {
        UdpCapabilities caps = NativeUdp.probe(EnumSet.of(Capability.GSO));

        assertThat(caps.has(Capability.GSO)).isFalse();
        assertThat(caps.reasonMissing(Capability.GSO)).contains(UdpCapabilities.DISABLE_PROPERTY);
    }

    @Test
    void wrappingWithoutBatchedSystemCallsFailsNamingTheMissingOne() throws IOException {
        UdpCapabilities none = UdpCapabilities.none("not Linux");
        try (DatagramChannel ch = DatagramChannel.open()) {
            assertThatThrownBy(() -> NativeUdp.wrap(ch, 16, none))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("SENDMMSG missing: not Linux");
        }
    }

    /** Loads the shim's own classes afresh and refuses JNA, as a class path without it would. */
    private static final class HidingJnaLoader extends ClassLoader {
        HidingJnaLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("com.sun.jna.")) {
                    throw new ClassNotFoundException(name + " hidden");
                }
                if (!name.startsWith("io.jsst.nativeshim.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    String resource = name.replace('.', '/') + ".class";
                    try (InputStream in = getParent().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
