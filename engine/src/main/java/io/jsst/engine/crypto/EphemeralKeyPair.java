package io.jsst.engine.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * An X25519 key pair (RFC 7748) used for one handshake and then dropped, which gives the channel
 * keys forward secrecy.
 *
 * <pre>
 *   initiator: a = generate()          responder: b = generate()
 *              a.publicKey() ------------------->
 *                           <------------------- b.publicKey()
 *   a.sharedSecret(B) == b.sharedSecret(A)  (32 bytes, input to Hkdf.extract)
 * </pre>
 *
 * <p>Not thread-safe; a handshake uses it from one thread.
 */
public final class EphemeralKeyPair {

    /** RFC 7748 §5: X25519 public keys and shared secrets are 32 bytes. */
    public static final int KEY_LENGTH = 32;

    /**
     * RFC 8410 §4: DER prefix of a SubjectPublicKeyInfo for X25519 (id-X25519 1.3.101.110), followed by the
     * 32-byte little-endian u-coordinate.
     */
    private static final byte[] X509_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00
    };

    private final KeyPair pair;
    private final byte[] publicKey;

    private EphemeralKeyPair(KeyPair pair) {
        this.pair = pair;
        byte[] encoded = pair.getPublic().getEncoded();
        if (encoded.length != X509_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalStateException("unexpected X25519 public key encoding");
        }
        this.publicKey = Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length);
    }

    /** Generates a fresh key pair from {@code random}. */
    public static EphemeralKeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            return new EphemeralKeyPair(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks X25519 (required since Java 11)", e);
        }
    }

    /** Returns a copy of the raw 32-byte public key: the little-endian u-coordinate (RFC 7748 §5). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * Computes X25519(our private key, peerPublic).
     *
     * <p>RFC 7748 §6.1: "implementations MAY check ... whether the computed value is the all-zero value
     * and abort if so"; we do, which rejects peer keys of small order.
     *
     * @return the 32-byte shared secret
     * @throws GeneralSecurityException if peerPublic is null or not 32 bytes or the shared secret is all
     *     zero
     */
    public byte[] sharedSecret(byte[] peerPublic) throws GeneralSecurityException {
        if (peerPublic == null || peerPublic.length != KEY_LENGTH) {
            throw new InvalidKeyException(
                    "X25519 public key must be 32 bytes, got " + (peerPublic == null ? "null" : peerPublic.length));
        }
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_LENGTH);
        System.arraycopy(peerPublic, 0, encoded, X509_PREFIX.length, KEY_LENGTH);
        PublicKey peer = KeyFactory.getInstance("X25519").generatePublic(new X509EncodedKeySpec(encoded));
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(pair.getPrivate());
        agreement.doPhase(peer, true);
        byte[] secret = agreement.generateSecret();
        int or = 0;
        for (byte b : secret) {
            or |= b;
        }
        if (or == 0) {
            throw new InvalidKeyException("X25519 shared secret is all zero (peer key of small order)");
        }
        return secret;
    }
}
