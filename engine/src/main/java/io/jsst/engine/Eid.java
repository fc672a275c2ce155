package io.jsst.engine;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An endpoint identifier (EID): the SHA-256 hash of a host's raw 32-byte Ed25519 public key.
 *
 * <p>As in SST, an EID names a host independently of its network address: a peer that proves
 * possession of the private key during the handshake is the host with that EID, whatever address its
 * packets come from.
 *
 * <pre>
 *   Ed25519 public key (32 raw bytes) --SHA-256--> EID (32 bytes) --hex--> "3f9a...e1" (64 chars)
 * </pre>
 *
 * <p>Instances are immutable and compare by value. The textual form ({@link #toString()}) is lowercase
 * hex and is accepted back by {@link #parse(String)}.
 */
public final class Eid {

    /** Length of an EID in bytes. */
    public static final int LENGTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final int hash;

    private Eid(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * Returns the EID with the given 32 bytes, copying them.
     *
     * @throws NullPointerException if {@code bytes} is null
     * @throws IllegalArgumentException unless {@code bytes} has exactly {@link #LENGTH} bytes
     */
    public static Eid of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("EID must be " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Eid(bytes.clone());
    }

    /**
     * Returns the EID of a host: the SHA-256 of its raw 32-byte Ed25519 public key (RFC 8032 §5.1.5
     * encoding).
     *
     * @throws NullPointerException if the key is null
     * @throws IllegalArgumentException unless the key has exactly 32 bytes
     */
    public static Eid ofPublicKey(byte[] rawEd25519PublicKey) {
        if (rawEd25519PublicKey.length != 32) {
            throw new IllegalArgumentException(
                    "raw Ed25519 public key must be 32 bytes, got " + rawEd25519PublicKey.length);
        }
        try {
            return new Eid(MessageDigest.getInstance("SHA-256").digest(rawEd25519PublicKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }

    /**
     * Parses the textual form: exactly 64 hex digits (either case).
     *
     * @throws NullPointerException if {@code hex} is null
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
     */
    public static Eid parse(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("EID must be " + 2 * LENGTH + " hex digits: " + hex);
        }
        try {
            return new Eid(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EID is not hex: " + hex, e);
        }
    }

    /** Returns a copy of the 32 bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * Writes the 32 bytes at {@code out}'s position, advancing it by {@link #LENGTH}.
     *
     * @throws java.nio.BufferOverflowException if fewer than 32 bytes remain
     * @throws java.nio.ReadOnlyBufferException if {@code out} is read-only
     */
    public void writeTo(ByteBuffer out) {
        out.put(bytes);
    }

    /** Returns the EID as 64 lowercase hex digits. */
    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Eid other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
