package io.jsst.engine.crypto;

import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/** AEAD_CHACHA20_POLY1305 (RFC 8439 §2.8) packet protection, for hosts without AES hardware. */
final class ChaCha20Poly1305Protection extends AeadProtection {

    /** RFC 8439 §2.8: the key is 256 bits. */
    static final int KEY_LENGTH = 32;

    ChaCha20Poly1305Protection(byte[] key, byte[] iv) {
        super("ChaCha20-Poly1305", "ChaCha20", KEY_LENGTH, key, iv);
    }

    @Override
    AlgorithmParameterSpec parameters(byte[] nonce) {
        return new IvParameterSpec(nonce);
    }
}
