package io.jsst.engine.channel;

import io.jsst.engine.channel.cc.CongestionControl;
import io.jsst.engine.crypto.CipherSuite;

/**
 * The tunables of a channel, in the core's units (nanoseconds, bytes, packets).
 *
 * @param cipherSuite the AEAD this host prefers
 * @param congestionControl the congestion controller
 * @param idleTimeoutNanos silence after which a channel is declared lost
 * @param keepAliveNanos send a PING after this much silence from us (0: never)
 * @param initialRttNanos the RTT assumed before the first sample
 * @param maxAckDelayNanos how long a receiver may delay an acknowledgement
 * @param streamReceiveWindow bytes a stream's reader lets the sender have in flight beyond what it read
 * @param channelReceiveWindow the same for all streams of the channel together
 * @param maxDatagramSize the largest UDP payload path-MTU probing may try
 * @param keyUpdateInterval packets sent under one key before the next key generation
 */
public record ChannelConfig(
        CipherSuite cipherSuite,
        CongestionControl congestionControl,
        long idleTimeoutNanos,
        long keepAliveNanos,
        long initialRttNanos,
        long maxAckDelayNanos,
        long streamReceiveWindow,
        long channelReceiveWindow,
        int maxDatagramSize,
        long keyUpdateInterval) {

    /** The smallest datagram every path must carry, and the size channels start with. */
    public static final int MIN_DATAGRAM_SIZE = 1200;
    /** Flow-control limits in force before the peer's first MAX_DATA / MAX_STREAM_DATA. */
    public static final long INITIAL_STREAM_WINDOW = 256 * 1024;
    public static final long INITIAL_CHANNEL_WINDOW = 1024 * 1024;

    public static ChannelConfig defaults() {
        return new ChannelConfig(CipherSuite.AES_128_GCM, CongestionControl.CUBIC,
                30_000_000_000L, 15_000_000_000L, 100_000_000L, 10_000_000L,
                8 * 1024 * 1024, 32 * 1024 * 1024, 65_000, 1L << 22);
    }
}
