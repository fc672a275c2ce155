package io.jsst.engine.crypto;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Seals and opens throw-away packets so that the JIT compiles the packet-protection path before real
 * traffic needs it. Until C2 compiles the callers of the JDK's AES-GCM, its GHASH runs as Java code
 * ({@code GHASH.blockMult}) instead of the CLMUL intrinsic: a fresh process moved 1200-byte packets
 * at about half the rate of a warm one and bulk data at about 30 MiB/s for its first second.
 *
 * <p>Uses a random key of its own, never a channel's; nothing it produces leaves this class.
 */
public final class AeadWarmup {

    /** Payload sizes of the hot paths: small messages, the default and probed datagrams, bulk on loopback. */
    private static final int[] PAYLOAD_SIZES = {48, 100, 1_152, 1_404, 64_900};
    /**
     * Rounds per size. Small packets reach the JIT's thresholds cheaply and compile the code all sizes
     * share; the large ones are few, as each costs milliseconds while GHASH still runs as Java code.
     */
    private static final int[] ROUNDS = {5_000, 5_000, 1_000, 1_000, 20};
    private static final int HEADER_LENGTH = 12;

    private AeadWarmup() {}

    /**
     * Seals and opens packets of each hot size with {@code suite}, on direct buffers as the channel
     * does. Takes about half a second of one CPU.
     *
     * @throws IllegalStateException if a packet it sealed does not open (a broken JDK provider)
     */
    public static void run(CipherSuite suite) {
        byte[] secret = new byte[CipherSuite.SECRET_LENGTH];
        new SecureRandom().nextBytes(secret);
        PacketProtection protection = suite.newProtection(secret);
        ByteBuffer buf = ByteBuffer.allocateDirect(HEADER_LENGTH + PAYLOAD_SIZES[PAYLOAD_SIZES.length - 1]
                + PacketProtection.TAG_LENGTH);
        long packetNumber = 0;
        for (int s = 0; s < PAYLOAD_SIZES.length; s++) {
            int size = PAYLOAD_SIZES[s];
            for (int i = 0; i < ROUNDS[s]; i++, packetNumber++) {
                buf.clear();
                protection.seal(buf, 0, HEADER_LENGTH, size, packetNumber);
                if (protection.open(buf, 0, HEADER_LENGTH, size + PacketProtection.TAG_LENGTH, packetNumber) != size) {
                    throw new IllegalStateException(suite + " did not open a packet it sealed");
                }
            }
        }
    }
}
