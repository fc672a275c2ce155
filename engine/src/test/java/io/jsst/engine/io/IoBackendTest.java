package io.jsst.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IoBackendTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(IoBackend.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(IoBackend.PROPERTY);
        } else {
            System.setProperty(IoBackend.PROPERTY, saved);
        }
    }

    @Test
    void thePropertyPicksTheBackendAndDefaultsToAuto() {
        System.clearProperty(IoBackend.PROPERTY);
        assertThat(IoBackend.configured()).isEqualTo(IoBackend.AUTO);
        System.setProperty(IoBackend.PROPERTY, "NIO");
        assertThat(IoBackend.configured()).isEqualTo(IoBackend.NIO);
        System.setProperty(IoBackend.PROPERTY, "native");
        assertThat(IoBackend.configured()).isEqualTo(IoBackend.NATIVE);
    }

    @Test
    void anUnknownValueIsRefusedNamingTheChoices() {
        System.setProperty(IoBackend.PROPERTY, "epoll");

        assertThatThrownBy(IoBackend::configured)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("native, nio or auto");
    }

    @Test
    void nioIsPureJavaAndAutoIsNativeExactlyWhereTheProbeSaysSo() throws Exception {
        try (DatagramIo nio = IoBackend.NIO.bind(LOOPBACK); DatagramIo auto = IoBackend.AUTO.bind(LOOPBACK)) {
            assertThat(nio).isInstanceOf(NioDatagramIo.class);
            assertThat(auto).isInstanceOf(IoBackend.nativeUnavailableReason() == null
                    ? NativeDatagramIo.class : NioDatagramIo.class);
        }
    }

    @Test
    void withoutJnaAutoFallsBackToPureJavaAndNativeFailsNamingTheMissingCapability() throws Exception {
        ClassLoader withoutJna = new HidingLoader(getClass().getClassLoader(), "com.sun.jna.");
        Class<?> backend = Class.forName(IoBackend.class.getName(), true, withoutJna);
        java.lang.reflect.Method bind = backend.getMethod("bind", InetSocketAddress.class);

        try (java.io.Closeable auto = (java.io.Closeable) bind.invoke(backend.getField("AUTO").get(null), LOOPBACK)) {
            assertThat(auto.getClass().getName()).isEqualTo(NioDatagramIo.class.getName());
            assertThat(auto.getClass().getClassLoader()).isSameAs(withoutJna);
        }
        Object nativeBackend = backend.getField("NATIVE").get(null);
        assertThatThrownBy(() -> bind.invoke(nativeBackend, LOOPBACK))
                .hasCauseInstanceOf(java.io.IOException.class)
                .cause()
                .hasMessageContaining("jsst.io=native")
                .hasMessageContaining("SENDMMSG missing")
                .hasMessageContaining("JNA unavailable");
    }

    @Test
    void withoutNativeShimOnTheClassPathTheNativePathIsUnavailableNotAnError() throws Exception {
        ClassLoader withoutShim = new HidingLoader(getClass().getClassLoader(), "io.jsst.nativeshim.");
        Class<?> backend = Class.forName(IoBackend.class.getName(), true, withoutShim);

        String reason = (String) backend.getMethod("nativeUnavailableReason").invoke(null);

        assertThat(reason).startsWith("native-shim not on the class path");
        try (java.io.Closeable auto = (java.io.Closeable) backend.getMethod("bind", InetSocketAddress.class)
                .invoke(backend.getField("AUTO").get(null), LOOPBACK)) {
            assertThat(auto.getClass().getName()).isEqualTo(NioDatagramIo.class.getName());
        }
    }

    @Test
    void forcingNativeWhereItIsUnavailableFailsNamingTheMissingCapability() throws Exception {
        String reason = IoBackend.nativeUnavailableReason();
        if (reason == null) {
            try (DatagramIo io = IoBackend.NATIVE.bind(LOOPBACK)) {
                assertThat(io).isInstanceOf(NativeDatagramIo.class);
            }
        } else {
            assertThatThrownBy(() -> IoBackend.NATIVE.bind(LOOPBACK))
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("jsst.io=native")
                    .hasMessageContaining(reason);
        }
    }

    /**
     * Loads the engine's io classes and the shim afresh, and refuses the classes under
     * {@code hidden}, as a class path without them would.
     */
    private static final class HidingLoader extends ClassLoader {
        private final String hidden;

        HidingLoader(ClassLoader parent, String hidden) {
            super(parent);
            this.hidden = hidden;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith(hidden)) {
                    throw new ClassNotFoundException(name + " hidden");
                }
                if (!name.startsWith("io.jsst.nativeshim.") && !name.startsWith("io.jsst.engine.io.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (java.io.InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (java.io.IOException e) {
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
