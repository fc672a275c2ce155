package io.jsst.engine.loop;

import io.jsst.engine.crypto.AeadWarmup;
import io.jsst.engine.crypto.CipherSuite;
import java.util.EnumSet;
import java.util.Set;

/**
 * Runs {@link AeadWarmup} once per JVM, on a daemon thread of its own, when the first host that uses
 * AES-128-GCM binds a real socket: its first packets then find the AEAD compiled. ChaCha20-Poly1305
 * has no JDK 17 intrinsic to wait for, so it is not warmed. {@code -Djsst.warmup=false} turns it off.
 */
public final class AeadWarmupThread {

    private static final System.Logger LOG = System.getLogger(AeadWarmupThread.class.getName());
    private static final Set<CipherSuite> STARTED = EnumSet.noneOf(CipherSuite.class);

    private AeadWarmupThread() {}

    /** Starts the warm-up of {@code suite} unless it ran or runs already, or is turned off. Any thread. */
    public static void startOnce(CipherSuite suite) {
        if (suite != CipherSuite.AES_128_GCM || !Boolean.parseBoolean(System.getProperty("jsst.warmup", "true"))) {
            return;
        }
        synchronized (STARTED) {
            if (!STARTED.add(suite)) {
                return;
            }
        }
        Thread t = new Thread(() -> {
            try {
                AeadWarmup.run(suite);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "AEAD warm-up of " + suite + " failed", e);
            }
        }, "jsst-aead-warmup-" + suite.name().toLowerCase());
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}
