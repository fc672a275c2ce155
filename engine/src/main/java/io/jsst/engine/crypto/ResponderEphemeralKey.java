package io.jsst.engine.crypto;

import java.security.SecureRandom;

/**
 * The responder's X25519 key pair, reused for every handshake of a short, bounded period and then
 * replaced: one X25519 agreement per handshake instead of a key generation and an agreement.
 *
 * <pre>
 *   now:   |--- key k (at most MAX_REUSE_NANOS) ---|--- key k+1 ---| ...
 *   every handshake answered within k's period uses k; the first one after it makes k+1
 * </pre>
 *
 * <p>JFK (Aiello et al., "Just Fast Keying", §2.2) allows it: "the responder ... can reuse the same
 * exponential for a period of time". Each channel's keys still differ, since the transcript that salts
 * them holds both nonces, both channel ids and the initiator's fresh key. Forward secrecy is per period:
 * a key pair taken from memory reveals the channels of its period, at most {@link #MAX_REUSE_NANOS}.
 *
 * <p>Because the key does not depend on the peer, a responder can name it in its stateless COOKIE
 * (a hint that lets the initiator compute its agreement early) without keeping per-peer state.
 *
 * <p>{@code nowNanos} is any monotonic clock. Not thread-safe: one host engine owns it.
 */
public final class ResponderEphemeralKey {

    /** The longest time one key pair answers handshakes. */
    public static final long MAX_REUSE_NANOS = 1_000_000_000L;

    private final SecureRandom random;
    private EphemeralKeyPair current;
    private long createdNanos;

    /** @param random the source of the key pairs */
    public ResponderEphemeralKey(SecureRandom random) {
        this.random = random;
    }

    /**
     * When the current key pair's period ends ({@link Long#MAX_VALUE} if there is none): the host
     * calls {@link #forgetExpired} then, so that a key does not outlive its period in memory after
     * the last handshake of a busy spell.
     */
    public long expiryNanos() {
        return current == null ? Long.MAX_VALUE : createdNanos + MAX_REUSE_NANOS;
    }

    /** Drops the key pair if its period is over at {@code nowNanos}. */
    public void forgetExpired(long nowNanos) {
        if (current != null && nowNanos - createdNanos >= MAX_REUSE_NANOS) {
            current = null;
        }
    }

    /** The key pair for a handshake answered at {@code nowNanos}: the current one, or a fresh one if it expired. */
    public EphemeralKeyPair current(long nowNanos) {
        if (current == null || nowNanos - createdNanos >= MAX_REUSE_NANOS || nowNanos - createdNanos < 0) {
            current = EphemeralKeyPair.generate(random);
            createdNanos = nowNanos;
        }
        return current;
    }
}
