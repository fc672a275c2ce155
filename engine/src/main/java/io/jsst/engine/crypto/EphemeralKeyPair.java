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

    /**
     * The encodings of the X25519 points of small order, whose agreement with any key is all zero:
     * u = 0, 1, the two points of order 8, and p - 1, p, p + 1 (the only other values below 2^255
     * that reduce to one of them). The most significant bit is ignored, as RFC 7748 §5 masks it.
     */
    private static final byte[][] SMALL_ORDER = {
        java.util.HexFormat.of().parseHex("0000000000000000000000000000000000000000000000000000000000000000"),
        java.util.HexFormat.of().parseHex("0100000000000000000000000000000000000000000000000000000000000000"),
        java.util.HexFormat.of().parseHex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
        java.util.HexFormat.of().parseHex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
        java.util.HexFormat.of().parseHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        java.util.HexFormat.of().parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        java.util.HexFormat.of().parseHex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    };

    /**
     * Whether {@code publicKey} is the encoding of a point of small order: an agreement with it
     * would be all zero ({@link #sharedSecret} refuses it). A cheap check, for a responder that
     * answers before it computes the agreement.
     */
    public static boolean isSmallOrder(byte[] publicKey) {
        if (publicKey == null || publicKey.length != KEY_LENGTH) {
            return false;
        }
        for (byte[] point : SMALL_ORDER) {
            int diff = (point[KEY_LENGTH - 1] ^ publicKey[KEY_LENGTH - 1]) & 0x7f;
            for (int i = 0; i < KEY_LENGTH - 1; i++) {
                diff |= point[i] ^ publicKey[i];
            }
            if (diff == 0) {
                return true;
            }
        }
        return false;
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
