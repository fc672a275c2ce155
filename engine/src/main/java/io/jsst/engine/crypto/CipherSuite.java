package io.jsst.engine.crypto;

/**
 * The AEAD algorithms a channel can protect its packets with, and how a 32-byte traffic secret becomes
 * a key and IV for each.
 *
 * <pre>
 *   traffic secret (32) --expandLabel "key"--> key (16 for AES-128-GCM, 32 for ChaCha20-Poly1305)
 *                       --expandLabel "iv" --> iv (12)          => newProtection(secret)
 *                       --expandLabel "ku" --> next generation's traffic secret (key update)
 * </pre>
 *
 * <p>A sender must update keys ({@link #nextSecret}) before it has sealed {@link #confidentialityLimit()}
 * packets with one key, and a receiver should close the channel once {@link #integrityLimit()} packets
 * failed to open under one key (RFC 9001 §6.6).
 */
public enum CipherSuite {
    /** AEAD_AES_128_GCM (RFC 5116); fast where the CPU has AES instructions. */
    AES_128_GCM(1, AesGcmProtection.KEY_LENGTH, 1L << 23, 1L << 52),
    /** AEAD_CHACHA20_POLY1305 (RFC 8439); fast in software. */
    CHACHA20_POLY1305(2, ChaCha20Poly1305Protection.KEY_LENGTH, 1L << 62, 1L << 36);

    /** Length of a traffic secret: the output length of HKDF-SHA256. */
    public static final int SECRET_LENGTH = Hkdf.HASH_LENGTH;

    private final int wireCode;
    private final int keyLength;
    private final long confidentialityLimit;
    private final long integrityLimit;

    CipherSuite(int wireCode, int keyLength, long confidentialityLimit, long integrityLimit) {
        this.wireCode = wireCode;
        this.keyLength = keyLength;
        this.confidentialityLimit = confidentialityLimit;
        this.integrityLimit = integrityLimit;
    }

    /** The suite's code in the handshake: 1 for AES-128-GCM, 2 for ChaCha20-Poly1305. */
    public int wireCode() {
        return wireCode;
    }

    /** Returns the suite with that wire code, or null if the code is unknown. */
    public static CipherSuite fromWireCode(int code) {
        for (CipherSuite suite : values()) {
            if (suite.wireCode == code) {
                return suite;
            }
        }
        return null;
    }

    /**
     * RFC 9001 §6.6 confidentiality limit, in packets sealed with one key: "For AEAD_AES_128_GCM and
     * AEAD_AES_256_GCM, the confidentiality limit is 2^23 encrypted packets ... For
     * AEAD_CHACHA20_POLY1305, the confidentiality limit is greater than the number of possible packets
     * (2^62)".
     */
    public long confidentialityLimit() {
        return confidentialityLimit;
    }

    /**
     * RFC 9001 §6.6 integrity limit, in packets that failed to open under one key: "For AEAD_AES_128_GCM
     * and AEAD_AES_256_GCM, the integrity limit is 2^52 invalid packets ... For AEAD_CHACHA20_POLY1305,
     * the integrity limit is 2^36 invalid packets".
     */
    public long integrityLimit() {
        return integrityLimit;
    }

    /**
     * Returns a fresh packet protection keyed from a 32-byte traffic secret: key = expandLabel(secret,
     * "key", 16 or 32), iv = expandLabel(secret, "iv", 12).
     *
     * @throws IllegalArgumentException unless the secret is 32 bytes
     */
    public PacketProtection newProtection(byte[] trafficSecret) {
        checkSecret(trafficSecret);
        byte[] key = Hkdf.expandLabel(trafficSecret, "key", keyLength);
        byte[] iv = Hkdf.expandLabel(trafficSecret, "iv", AeadProtection.NONCE_LENGTH);
        PacketProtection protection =
                switch (this) {
                    case AES_128_GCM -> new AesGcmProtection(key, iv);
                    case CHACHA20_POLY1305 -> new ChaCha20Poly1305Protection(key, iv);
                };
        java.util.Arrays.fill(key, (byte) 0);
        return protection;
    }

    /**
     * The next key generation's traffic secret: expandLabel(secret, "ku", 32). RFC 9001 §6.1: "The
     * endpoint uses the same KDF ... to derive the next secret from the current one"; the IV is derived
     * anew from it, as in jsst both change together.
     *
     * @throws IllegalArgumentException unless the secret is 32 bytes
     */
    public static byte[] nextSecret(byte[] trafficSecret) {
        checkSecret(trafficSecret);
        return Hkdf.expandLabel(trafficSecret, "ku", SECRET_LENGTH);
    }

    private static void checkSecret(byte[] trafficSecret) {
        if (trafficSecret.length != SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "traffic secret must be " + SECRET_LENGTH + " bytes, got " + trafficSecret.length);
        }
    }
}
