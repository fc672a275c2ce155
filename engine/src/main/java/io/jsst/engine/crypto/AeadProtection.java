package io.jsst.engine.crypto;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shared body of {@link AesGcmProtection} and {@link ChaCha20Poly1305Protection}: per-packet nonce,
 * range checks, and in-place encryption through the JDK {@link Cipher}.
 *
 * <p>Heap buffers go through the array methods of {@code Cipher} (copy-safe for the same array), which
 * allocate nothing per packet on our side. Direct buffers are copied into a per-thread scratch array
 * and back: JDK 17's AES-GCM on a direct buffer hashes through {@code GHASH.processBlocksDirect}, which
 * ran GHASH as Java code instead of the CLMUL intrinsic even when warm (a 1200-byte seal and open took
 * 1.7 us through an array and up to 14 us on the direct buffer; 16 KB, 10 against 89 us), and it
 * allocates more per packet. Two Cipher instances, one to seal
 * and one to open, because the JDK refuses to re-initialise an AEAD cipher for encryption with the key
 * and nonce it last encrypted with, and a seal followed by an open of the same packet number is legal.
 * Each is created on its first use (a channel seals with one key and opens with another, so the other
 * half of each pair would only take heap: a {@code Cipher} that was never initialised keeps the JDK's
 * provider look-up, about half a kilobyte) and dropped by {@link #releaseCiphers}. Because a new
 * {@code Cipher} does not know what its predecessor sealed, the refusal to seal one packet number
 * twice in a row is this class's own check, before the JDK's.
 */
abstract sealed class AeadProtection implements PacketProtection
        permits AesGcmProtection, ChaCha20Poly1305Protection {

    /** RFC 9001 §5.3: the AEAD nonce (and the IV) is 12 bytes for both suites. */
    static final int NONCE_LENGTH = 12;

    /** A UDP payload's largest size, the most a scratch array needs. */
    private static final int MAX_SCRATCH = 65_535;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[2048]);

    private final String transformation;
    private final SecretKeySpec key;
    private final byte[] iv;
    private final byte[] nonce = new byte[NONCE_LENGTH];
    /** Null until the first seal. */
    private Cipher sealer;
    /** Null until the first open. */
    private Cipher opener;
    /** The packet number {@link #opener} was last initialised for; see {@link #open}. */
    private long lastOpened;
    private boolean openedAny;
    private long lastSealed;
    private boolean sealedAny;

    AeadProtection(String transformation, String keyAlgorithm, int keyLength, byte[] key, byte[] iv) {
        if (key.length != keyLength) {
            throw new IllegalArgumentException(transformation + " key must be " + keyLength + " bytes");
        }
        if (iv.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("IV must be " + NONCE_LENGTH + " bytes");
        }
        this.transformation = transformation;
        this.key = new SecretKeySpec(key, keyAlgorithm);
        this.iv = iv.clone();
    }

    private Cipher newCipher() {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + transformation, e);
        }
    }

    /** The cipher's parameters for one nonce; the spec copies the array, so {@code nonce} may be reused. */
    abstract AlgorithmParameterSpec parameters(byte[] nonce);

    @Override
    public final int seal(
            ByteBuffer buf, int headerOffset, int payloadOffset, int payloadLength, long packetNumber) {
        Objects.checkFromToIndex(headerOffset, payloadOffset, buf.capacity());
        int end = Objects.checkFromIndexSize(payloadOffset, payloadLength, buf.capacity() - TAG_LENGTH)
                + payloadLength + TAG_LENGTH;
        if (buf.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        if (sealedAny && packetNumber == lastSealed) {
            throw new IllegalStateException("packet " + packetNumber + " was just sealed with this key");
        }
        if (sealer == null) {
            sealer = newCipher();
        }
        try {
            sealer.init(Cipher.ENCRYPT_MODE, key, parameters(nonce(packetNumber)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal packet " + packetNumber + ": " + e.getMessage(), e);
        }
        lastSealed = packetNumber;
        sealedAny = true;
        int written;
        try {
            if (buf.hasArray()) {
                byte[] a = buf.array();
                int base = buf.arrayOffset();
                sealer.updateAAD(a, base + headerOffset, payloadOffset - headerOffset);
                written = sealer.doFinal(a, base + payloadOffset, payloadLength, a, base + payloadOffset);
            } else {
                int aad = payloadOffset - headerOffset;
                byte[] a = scratch(aad + payloadLength + TAG_LENGTH);
                buf.get(headerOffset, a, 0, aad + payloadLength);
                sealer.updateAAD(a, 0, aad);
                written = sealer.doFinal(a, aad, payloadLength, a, aad);
                if (buf.limit() < end) {
                    buf.limit(end); // the absolute put is bounded by the limit; the tag goes past it
                }
                buf.put(payloadOffset, a, aad, written);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD seal failed", e);
        }
        if (written != payloadLength + TAG_LENGTH) {
            throw new IllegalStateException("AEAD seal wrote " + written + " bytes");
        }
        if (buf.limit() < end) {
            buf.limit(end);
        }
        return written;
    }

    @Override
    public final int open(
            ByteBuffer buf, int headerOffset, int payloadOffset, int ciphertextLength, long packetNumber) {
        int limit = buf.limit();
        if (ciphertextLength < TAG_LENGTH
                || headerOffset < 0
                || headerOffset > payloadOffset
                || payloadOffset > limit
                || ciphertextLength > limit - payloadOffset) {
            return -1;
        }
        if (buf.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int end = payloadOffset + ciphertextLength;
        if (opener == null) {
            opener = newCipher();
        }
        try {
            if (openedAny && packetNumber == lastOpened) {
                // The JDK 17 ChaCha20-Poly1305 cipher refuses any re-initialisation, even to decrypt, with the
                // key and nonce of its previous one. A packet number is opened twice when a forged or corrupted
                // packet comes first; the genuine one must still open, so step through another nonce.
                opener.init(Cipher.DECRYPT_MODE, key, parameters(nonce(~packetNumber)));
            }
            lastOpened = packetNumber;
            openedAny = true;
            opener.init(Cipher.DECRYPT_MODE, key, parameters(nonce(packetNumber)));
            int written;
            if (buf.hasArray()) {
                byte[] a = buf.array();
                int base = buf.arrayOffset();
                opener.updateAAD(a, base + headerOffset, payloadOffset - headerOffset);
                written = opener.doFinal(a, base + payloadOffset, ciphertextLength, a, base + payloadOffset);
            } else {
                int aad = payloadOffset - headerOffset;
                byte[] a = scratch(aad + ciphertextLength);
                buf.get(headerOffset, a, 0, aad + ciphertextLength);
                opener.updateAAD(a, 0, aad);
                written = opener.doFinal(a, aad, ciphertextLength, a, aad);
                buf.put(payloadOffset, a, aad, written);
            }
            return written == ciphertextLength - TAG_LENGTH ? written : -1;
        } catch (GeneralSecurityException e) {
            // AEADBadTagException: forged, corrupted, or wrong key / packet number. The packet is dropped.
            return -1;
        }
    }

    @Override
    public final void releaseCiphers() {
        sealer = null;
        opener = null;
    }

    @Override
    public final boolean holdsCiphers() {
        return sealer != null || opener != null;
    }

    /** RFC 9001 §5.3: "The 62 bits of the reconstructed QUIC packet number in network byte order are
     *  left-padded with zeros to the size of the IV. The exclusive OR of the padded packet number and the
     *  IV forms the AEAD nonce." */
    private byte[] nonce(long packetNumber) {
        System.arraycopy(iv, 0, nonce, 0, NONCE_LENGTH - 8);
        for (int i = 0; i < 8; i++) {
            int index = NONCE_LENGTH - 1 - i;
            nonce[index] = (byte) (iv[index] ^ (packetNumber >>> (8 * i)));
        }
        return nonce;
    }

    /**
     * This thread's scratch array of at least {@code length} bytes. Per thread because a host's
     * packets are sealed and opened by whichever thread owns its loop at the time; it grows to the
     * largest packet the thread has handled.
     */
    private static byte[] scratch(int length) {
        byte[] a = SCRATCH.get();
        if (a.length < length) {
            a = new byte[Math.max(length, Math.min(2 * a.length, MAX_SCRATCH))];
            SCRATCH.set(a);
        }
        return a;
    }
}
