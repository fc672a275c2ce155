package io.jsst.tools;

import io.jsst.engine.crypto.CipherSuite;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code --cipher} option: {@code aes} (AES-128-GCM) or {@code chacha}
 * (ChaCha20-Poly1305); the enum constant's name is accepted too.
 */
public final class CipherSuiteConverter implements ITypeConverter<CipherSuite> {

    @Override
    public CipherSuite convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "aes":
            case "aes-gcm":
            case "aes_128_gcm":
                return CipherSuite.AES_128_GCM;
            case "chacha":
            case "chacha20":
            case "chacha20_poly1305":
                return CipherSuite.CHACHA20_POLY1305;
            default:
                throw new TypeConversionException("unknown cipher '" + value + "' (expected aes or chacha)");
        }
    }
}
