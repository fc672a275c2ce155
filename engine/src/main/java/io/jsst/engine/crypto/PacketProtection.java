package io.jsst.engine.crypto;

import java.nio.ByteBuffer;

/**
 * AEAD packet protection with one key and IV, in place (RFC 9001 §5.3 style).
 *
 * <pre>
 *   buf:  | header (AAD) | payload            |           before seal
 *         ^headerOffset  ^payloadOffset
 *   buf:  | header (AAD) | ciphertext         | tag (16) | after seal
 *
 *   nonce = iv XOR (0^4 | packetNumber as 8 big-endian bytes)      (RFC 9001 §5.3)
 * </pre>
 *
 * <p>Both methods use absolute indexes and leave {@code buf}'s position alone; {@code seal} may raise
 * the limit so that it covers the tag. {@code buf} may be a heap or a direct buffer. An object is
 * <em>not</em> thread-safe: the channel that owns it calls it from one thread. Obtain instances from
 * {@link CipherSuite#newProtection(byte[])}.
 */
public interface PacketProtection {

    /** RFC 9001 §5.3: AEAD_AES_128_GCM and AEAD_CHACHA20_POLY1305 both have a 16-byte tag. */
    int TAG_LENGTH = 16;

    /**
     * Encrypts {@code buf[payloadOffset, payloadOffset+payloadLength)} in place, authenticating {@code
     * buf[headerOffset, payloadOffset)} as associated data, and writes the 16-byte tag right after the
     * ciphertext.
     *
     * <p>Each packet number must be sealed at most once per key: sealing the same packet number twice
     * would reuse a nonce, and this method refuses it (the JDK detects a repeat of the last nonce).
     *
     * @return {@code payloadLength + TAG_LENGTH}
     * @throws IndexOutOfBoundsException if the ranges are negative or misordered, or {@code buf}'s capacity
     *     cannot hold the tag
     * @throws java.nio.ReadOnlyBufferException if {@code buf} is read-only
     * @throws IllegalStateException if the packet number was just sealed with this key (nonce reuse)
     */
    int seal(ByteBuffer buf, int headerOffset, int payloadOffset, int payloadLength, long packetNumber);

    /**
     * Authenticates and decrypts {@code buf[payloadOffset, payloadOffset+ciphertextLength)} in place, where
     * {@code ciphertextLength} includes the 16-byte tag, with {@code buf[headerOffset, payloadOffset)} as
     * associated data. On success the plaintext starts at {@code payloadOffset}; on failure the payload
     * bytes are unspecified and the packet must be dropped. Never throws for bad packet input.
     *
     * @return the plaintext length ({@code ciphertextLength - TAG_LENGTH}), or -1 if authentication fails,
     *     the input is shorter than a tag, or the ranges do not fit in {@code buf}'s limit
     * @throws java.nio.ReadOnlyBufferException if {@code buf} is read-only (a caller bug, not bad input)
     */
    int open(ByteBuffer buf, int headerOffset, int payloadOffset, int ciphertextLength, long packetNumber);

    /**
     * Lets go of the JDK cipher objects behind {@link #seal} and {@link #open} (for AES-128-GCM about
     * 650 bytes each, most of it the AES key schedule), for a channel that has gone idle. The next
     * seal or open creates them again, which takes a few microseconds. The key, the IV and what
     * {@code seal} refuses stay as they were.
     */
    void releaseCiphers();

    /** Whether a seal or open since construction or the last {@link #releaseCiphers} holds cipher objects. */
    boolean holdsCiphers();
}
