package io.jsst.engine.crypto;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless handshake cookies (JFK, as SST uses them): the responder answers a first handshake message
 * with a cookie and keeps no state for the peer until the cookie comes back, so spoofed sources cannot
 * fill its memory.
 *
 * <pre>
 *   initiator                                   responder
 *     I1: material (nonce, ephemeral key)  -->    cookie = issue(material, from, now)   (no state kept)
 *                                          <--    R1: cookie
 *     I2: material, cookie                 -->    verify(cookie, material, from, now)  -> now keep state
 *
 *   cookie (24 bytes) = issueSeconds (8, big-endian) | HMAC-SHA256(secret[epoch], issueSeconds | peer
 *                       address | peer port | material) truncated to 16 bytes
 *
 *   time (30 s epochs):   | epoch e-1: previous | epoch e: current |   secrets rotate lazily
 * </pre>
 *
 * <p>The rule: a cookie is valid iff its MAC matches under the secret of the 30-second epoch it was issued
 * in, that epoch is the current or the previous one, and it is at most 60 s old and at most 1 s in the
 * future. So a cookie lives between 30 and 60 s, and surely survives one rotation.
 *
 * <p>{@code nowNanos} is any monotonic clock in nanoseconds: it may start at 0 (virtual clock) or at
 * any reading of the system's monotonic clock, including a negative one. Not thread-safe: one host
 * engine owns it.
 */
public final class CookieGenerator {

    /** 8-byte issue time in whole seconds of nowNanos, then a 16-byte truncated HMAC-SHA256. */
    public static final int COOKIE_LENGTH = 24;

    /** How long a secret is current before it becomes the previous one. */
    public static final long ROTATION_NANOS = 30_000_000_000L;

    /** The oldest cookie accepted, in seconds. */
    public static final long MAX_AGE_SECONDS = 60;

    /** How far a cookie may be in the future, in seconds (rounding of coarse times). */
    public static final long MAX_FUTURE_SECONDS = 1;

    private static final int TIME_LENGTH = 8;
    private static final int MAC_LENGTH = COOKIE_LENGTH - TIME_LENGTH;
    private static final int SECRET_LENGTH = 32;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_EPOCH = ROTATION_NANOS / NANOS_PER_SECOND;
    private static final String HMAC = "HmacSHA256";

    private final SecureRandom random;
    private final Mac mac;
    private SecretKeySpec currentKey;
    private SecretKeySpec previousKey;
    private long currentEpoch;
    private boolean started;
    private final byte[] fullMac = new byte[Hkdf.HASH_LENGTH];
    private final byte[] expected = new byte[MAC_LENGTH];
    private final byte[] presented = new byte[MAC_LENGTH];

    /** @param random the source of the rotating secrets */
    public CookieGenerator(SecureRandom random) {
        this.random = random;
        try {
            this.mac = Mac.getInstance(HMAC);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform must support " + HMAC, e);
        }
    }

    /**
     * Issues a cookie for a peer's first handshake message.
     *
     * @param clientMaterial the initiator's handshake material the cookie binds (e.g. its nonce and
     *     ephemeral public key)
     * @param peer the address and port the message came from
     * @return a new {@link #COOKIE_LENGTH}-byte cookie
     * @throws NullPointerException if an argument is null
     */
    public byte[] issue(byte[] clientMaterial, InetSocketAddress peer, long nowNanos) {
        rotate(nowNanos);
        long seconds = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
        byte[] cookie = new byte[COOKIE_LENGTH];
        for (int i = 0; i < TIME_LENGTH; i++) {
            cookie[i] = (byte) (seconds >>> (8 * (TIME_LENGTH - 1 - i)));
        }
        SecretKeySpec key = keyFor(Math.floorDiv(seconds, SECONDS_PER_EPOCH));
        computeMac(key == null ? currentKey : key, seconds, clientMaterial, peer);
        System.arraycopy(fullMac, 0, cookie, TIME_LENGTH, MAC_LENGTH);
        return cookie;
    }

    /**
     * Checks a cookie that came back. Returns false, and never throws, for anything but a cookie this
     * generator issued for the same material and peer within the last 30 to 60 s (see the class rule).
     */
    public boolean verify(byte[] cookie, byte[] clientMaterial, InetSocketAddress peer, long nowNanos) {
        if (cookie == null || clientMaterial == null || peer == null || cookie.length != COOKIE_LENGTH) {
            return false;
        }
        try {
            rotate(nowNanos);
            long seconds = 0;
            for (int i = 0; i < TIME_LENGTH; i++) {
                seconds = (seconds << 8) | (cookie[i] & 0xff);
            }
            long nowSeconds = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
            // |nowSeconds| < 2^34, so these bounds cannot overflow whatever the cookie says.
            if (seconds < nowSeconds - MAX_AGE_SECONDS || seconds > nowSeconds + MAX_FUTURE_SECONDS) {
                return false;
            }
            SecretKeySpec key = keyFor(Math.floorDiv(seconds, SECONDS_PER_EPOCH));
            if (key == null) {
                return false;
            }
            computeMac(key, seconds, clientMaterial, peer);
            System.arraycopy(fullMac, 0, expected, 0, MAC_LENGTH);
            System.arraycopy(cookie, TIME_LENGTH, presented, 0, MAC_LENGTH);
            return MessageDigest.isEqual(expected, presented);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Lazily moves to the epoch of {@code nowNanos}: one step keeps the old current as previous. */
    private void rotate(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, ROTATION_NANOS);
        if (started && epoch <= currentEpoch) {
            return;
        }
        if (started && epoch == currentEpoch + 1) {
            previousKey = currentKey;
        } else {
            // First use, or no call for two epochs or more: nothing was issued under the previous epoch's
            // secret, so a fresh one is as good and forgets the stale one.
            previousKey = freshKey();
        }
        currentKey = freshKey();
        currentEpoch = epoch;
        started = true;
    }

    private SecretKeySpec freshKey() {
        byte[] secret = new byte[SECRET_LENGTH];
        random.nextBytes(secret);
        SecretKeySpec key = new SecretKeySpec(secret, HMAC); // copies
        java.util.Arrays.fill(secret, (byte) 0);
        return key;
    }

    private SecretKeySpec keyFor(long epoch) {
        if (epoch == currentEpoch) {
            return currentKey;
        }
        if (epoch == currentEpoch - 1) {
            return previousKey;
        }
        return null;
    }

    private void computeMac(SecretKeySpec key, long seconds, byte[] material, InetSocketAddress peer) {
        try {
            mac.init(key);
            for (int i = TIME_LENGTH - 1; i >= 0; i--) {
                mac.update((byte) (seconds >>> (8 * i)));
            }
            InetAddress address = peer.getAddress();
            if (address != null) {
                byte[] raw = address.getAddress();
                mac.update((byte) raw.length);
                mac.update(raw);
            } else {
                byte[] host = peer.getHostString().getBytes(StandardCharsets.UTF_8);
                mac.update((byte) 0);
                mac.update((byte) (host.length >>> 8));
                mac.update((byte) host.length);
                mac.update(host);
            }
            int port = peer.getPort();
            mac.update((byte) (port >>> 8));
            mac.update((byte) port);
            mac.update(material);
            mac.doFinal(fullMac, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 failed", e);
        }
    }
}
