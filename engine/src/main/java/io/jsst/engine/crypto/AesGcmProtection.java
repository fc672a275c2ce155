package io.jsst.engine.crypto;

import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.spec.GCMParameterSpec;

/** AEAD_AES_128_GCM (RFC 5116 §5.1) packet protection; the JDK uses AES-NI and CLMUL intrinsics. */
final class AesGcmProtection extends AeadProtection {

    /** RFC 5116 §5.1: AEAD_AES_128_GCM has K_LEN = 16. */
    static final int KEY_LENGTH = 16;

    AesGcmProtection(byte[] key, byte[] iv) {
        super("AES/GCM/NoPadding", "AES", KEY_LENGTH, key, iv);
    }

    @Override
    AlgorithmParameterSpec parameters(byte[] nonce) {
        return new GCMParameterSpec(TAG_LENGTH * 8, nonce);
    }
}
