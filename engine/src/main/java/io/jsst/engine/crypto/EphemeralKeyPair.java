package io.jsst.engine.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

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

    // Bouncy Castle's X25519: a few times faster than the JDK 17's, and a handshake does two.
    private final X25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    private EphemeralKeyPair(X25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    /** Generates a fresh key pair from {@code random}. */
    public static EphemeralKeyPair generate(SecureRandom random) {
        return new EphemeralKeyPair(new X25519PrivateKeyParameters(random));
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
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(privateKey);
        byte[] secret = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(peerPublic, 0), secret, 0);
        } catch (IllegalStateException e) {
            throw new InvalidKeyException("X25519 shared secret is all zero (peer key of small order)");
        }
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
