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

    /** Packet sizes of the hot paths: a small message, the default and probed datagrams, bulk on loopback. */
    private static final int[] PAYLOAD_SIZES = {48, 100, 1_152, 1_404, 8_000, 64_900};
    /** Rounds per size; measured: ~5,000 compile the small paths, the 64 KB rounds cost most of the time. */
    private static final int SMALL_ROUNDS = 6_000;
    private static final int LARGE_ROUNDS = 400;
    private static final int HEADER_LENGTH = 12;

    private AeadWarmup() {}

    /**
     * Seals and opens packets of each hot size with {@code suite}, on direct buffers as the channel
     * does. Takes a few hundred milliseconds of one CPU.
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
        for (int size : PAYLOAD_SIZES) {
            int rounds = size > 10_000 ? LARGE_ROUNDS : SMALL_ROUNDS;
            for (int i = 0; i < rounds; i++, packetNumber++) {
                buf.clear();
                protection.seal(buf, 0, HEADER_LENGTH, size, packetNumber);
                if (protection.open(buf, 0, HEADER_LENGTH, size + PacketProtection.TAG_LENGTH, packetNumber) != size) {
                    throw new IllegalStateException(suite + " did not open a packet it sealed");
                }
            }
        }
    }
}
