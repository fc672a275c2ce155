package io.jsst.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate and its key for the QUIC peers' TLS, made once per run by the JDK's
 * own {@code keytool} (no extra dependency) into a temporary PKCS#12 key store.
 *
 * @param keyStore the store holding {@link #ALIAS}, password {@link #PASSWORD}
 */
record SelfSignedKeys(KeyStore keyStore, PrivateKey key, X509Certificate certificate) {

    static final String ALIAS = "bench";
    static final char[] PASSWORD = "bench-secret".toCharArray();

    private static SelfSignedKeys made;

    /**
     * Makes (once) an EC P-256 key and certificate for "localhost".
     *
     * @throws IOException if keytool cannot be run or fails
     */
    static synchronized SelfSignedKeys get() throws IOException {
        if (made != null) {
            return made;
        }
        Path dir = Files.createTempDirectory("jsst-bench-keys");
        Path file = dir.resolve("bench.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                throw new IOException("keytool failed: " + new String(p.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(file)) {
                ks.load(in, PASSWORD);
            }
            made = new SelfSignedKeys(ks, (PrivateKey) ks.getKey(ALIAS, PASSWORD),
                    (X509Certificate) ks.getCertificate(ALIAS));
            return made;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a certificate", e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot read the certificate keytool made: " + e, e);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
