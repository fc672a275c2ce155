package io.jsst.engine.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), and jsst's labelled expansion.
 *
 * <pre>
 *   shared secret (IKM) --extract(salt)--> PRK (32 bytes)
 *   PRK --expand(info, L)--> OKM: T(1) | T(2) | ... truncated to L bytes
 *   secret --expandLabel(secret, "key", 16)--> expand(secret, "jsst key", 16)
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class Hkdf {

    /** RFC 5869 §2.2: HashLen for SHA-256. */
    public static final int HASH_LENGTH = 32;

    /** RFC 5869 §2.3: L &lt;= 255*HashLen. */
    public static final int MAX_OUTPUT_LENGTH = 255 * HASH_LENGTH;

    /** Prefix of every label given to {@link #expandLabel}: jsst keys never collide with another protocol's. */
    public static final String LABEL_PREFIX = "jsst ";

    private static final String HMAC = "HmacSHA256";

    private Hkdf() {}

    /**
     * RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM). A null or empty salt means HashLen zero bytes.
     *
     * @return the 32-byte pseudorandom key
     * @throws NullPointerException if ikm is null
     */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        // RFC 5869 §2.2: "if not provided, [salt] is set to a string of HashLen zeros".
        byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        Mac mac = hmac(key);
        return mac.doFinal(ikm);
    }

    /**
     * RFC 5869 §2.3: OKM = first L bytes of T(1) | T(2) | ..., where T(i) = HMAC-Hash(PRK, T(i-1) | info |
     * i).
     *
     * @param prk a pseudorandom key of at least 32 bytes (usually {@link #extract}'s output)
     * @param info context; null means empty
     * @param length L, from 0 to {@link #MAX_OUTPUT_LENGTH}
     * @throws IllegalArgumentException if length is out of range or prk is shorter than 32 bytes
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > MAX_OUTPUT_LENGTH) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        // RFC 5869 §2.3: "PRK  a pseudorandom key of at least HashLen octets".
        if (prk.length < HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF PRK must be at least 32 bytes, got " + prk.length);
        }
        Mac mac = hmac(prk);
        byte[] okm = new byte[length];
        byte[] t = new byte[HASH_LENGTH];
        int done = 0;
        try {
            for (int i = 1; done < length; i++) {
                if (i > 1) {
                    mac.update(t);
                }
                if (info != null) {
                    mac.update(info);
                }
                mac.update((byte) i);
                mac.doFinal(t, 0);
                int n = Math.min(HASH_LENGTH, length - done);
                System.arraycopy(t, 0, okm, done, n);
                done += n;
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        return okm;
    }

    /**
     * Expands {@code secret} under a named label: {@code expand(secret, UTF-8("jsst " + label), length)}.
     *
     * @throws IllegalArgumentException as {@link #expand}
     */
    public static byte[] expandLabel(byte[] secret, String label, int length) {
        return expand(secret, (LABEL_PREFIX + label).getBytes(StandardCharsets.UTF_8), length);
    }

    private static Mac hmac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("bad HMAC key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform must support " + HMAC, e);
        }
    }
}
