package io.jsst.engine.host;

import io.jsst.engine.crypto.Hkdf;
import io.jsst.engine.wire.Initiate;
import io.jsst.engine.wire.Response;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The handshake's transcript and key schedule, the same computation on both sides.
 *
 * <pre>
 *  transcript = SHA-256("jsst v1" | cid_i | suites offered | N_i | g^i | cid_r | suite | N_r | g^r | key_R)
 *  sig_R      = Ed25519_R("jsst responder" | transcript)
 *  sig_I      = Ed25519_I("jsst initiator" | transcript | key_I)
 *  prk        = HKDF-Extract(salt = transcript, ikm = X25519(i, g^r) = X25519(r, g^i))
 *  i-&gt;r secret = HKDF-Expand(prk, "jsst i2r", 32);  r-&gt;i secret = HKDF-Expand(prk, "jsst r2i", 32)
 * </pre>
 */
final class Handshake {
    private static final byte[] TRANSCRIPT_LABEL = "jsst v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONDER_CONTEXT = "jsst responder".getBytes(StandardCharsets.US_ASCII);

    private Handshake() {
    }

    static byte[] transcriptHash(Initiate init, long responderChannelId, int suite, byte[] responderNonce,
                                 byte[] responderEphemeral, byte[] responderHostKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(TRANSCRIPT_LABEL);
            ByteBuffer b = ByteBuffer.allocate(8 + 1 + init.cipherSuites().length);
            b.putLong(init.initiatorChannelId()).put((byte) init.cipherSuites().length);
            for (int s : init.cipherSuites()) {
                b.put((byte) s);
            }
            sha.update(b.array());
            sha.update(init.nonce());
            sha.update(init.ephemeralKey());
            sha.update(ByteBuffer.allocate(9).putLong(responderChannelId).put((byte) suite).array());
            sha.update(responderNonce);
            sha.update(responderEphemeral);
            sha.update(responderHostKey);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    static byte[] transcriptHash(Initiate init, Response r) {
        return transcriptHash(init, r.responderChannelId(), r.cipherSuite(), r.nonce(), r.ephemeralKey(), r.hostKey());
    }

    static byte[] responderSignedBytes(byte[] transcriptHash) {
        return ByteBuffer.allocate(RESPONDER_CONTEXT.length + transcriptHash.length)
                .put(RESPONDER_CONTEXT).put(transcriptHash).array();
    }

    /** The two traffic secrets: index 0 initiator to responder, 1 responder to initiator. */
    static byte[][] trafficSecrets(byte[] transcriptHash, byte[] sharedSecret) {
        byte[] prk = Hkdf.extract(transcriptHash, sharedSecret);
        return new byte[][] {Hkdf.expandLabel(prk, "i2r", 32), Hkdf.expandLabel(prk, "r2i", 32)};
    }
}
