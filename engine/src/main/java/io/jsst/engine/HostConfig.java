package io.jsst.engine;

import io.jsst.engine.channel.ChannelConfig;
import io.jsst.engine.channel.cc.CongestionControl;
import io.jsst.engine.crypto.CipherSuite;
import io.jsst.engine.crypto.HostIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link Host} is set up: where it binds, who it is, and the tunables of its channels.
 * Immutable; built with {@link #builder()}.
 *
 * <pre>{@code
 * HostConfig config = HostConfig.builder()
 *         .bindAddress(new InetSocketAddress("127.0.0.1", 0))
 *         .identityFile(Path.of("host.key"))      // loaded, or generated and saved
 *         .connectTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 */
public final class HostConfig {
    private final java.util.List<InetSocketAddress> bindAddresses;
    private final HostIdentity identity;
    private final SecureRandom random;
    private final Duration connectTimeout;
    private final long sendBufferSize;
    private final ChannelConfig channel;

    private HostConfig(Builder b) {
        this.bindAddresses = java.util.List.copyOf(b.bindAddresses);
        this.random = b.random != null ? b.random : new SecureRandom();
        this.identity = b.identity != null ? b.identity : HostIdentity.generate(random);
        this.connectTimeout = b.connectTimeout;
        this.sendBufferSize = b.sendBufferSize;
        this.channel = new ChannelConfig(b.cipherSuite, b.congestionControl, b.idleTimeout.toNanos(),
                b.keepAlive.toNanos(), b.initialRtt.toNanos(), b.maxAckDelay.toNanos(), b.streamReceiveWindow,
                b.channelReceiveWindow, b.maxDatagramSize, b.keyUpdateInterval);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A configuration with every default, bound to {@code bindAddress}. */
    public static HostConfig bindTo(InetSocketAddress bindAddress) {
        return builder().bindAddress(bindAddress).build();
    }

    /** The (first) UDP address to bind. */
    public InetSocketAddress bindAddress() {
        return bindAddresses.get(0);
    }

    /** Every UDP address to bind: a host may have several, and answers each peer from the one it wrote to. */
    public java.util.List<InetSocketAddress> bindAddresses() {
        return bindAddresses;
    }

    public HostIdentity identity() {
        return identity;
    }

    public SecureRandom random() {
        return random;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Bytes a stream's writer may have written and not yet had acknowledged before it blocks. The
     * streams of one channel together may hold twice this, as the streams of an SCTP association
     * share its send buffer.
     */
    public long sendBufferSize() {
        return sendBufferSize;
    }

    /** The channel tunables in the core's units. */
    public ChannelConfig channelConfig() {
        return channel;
    }

    /** Builds a {@link HostConfig}; every setter has a default. */
    public static final class Builder {
        private java.util.List<InetSocketAddress> bindAddresses = java.util.List.of(new InetSocketAddress(0));
        private HostIdentity identity;
        private SecureRandom random;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration keepAlive = Duration.ofSeconds(15);
        private Duration initialRtt = Duration.ofMillis(100);
        private Duration maxAckDelay = Duration.ofMillis(10);
        private CipherSuite cipherSuite = CipherSuite.AES_128_GCM;
        private CongestionControl congestionControl = CongestionControl.CUBIC;
        private long streamReceiveWindow = 8 * 1024 * 1024;
        private long channelReceiveWindow = 32 * 1024 * 1024;
        private long sendBufferSize = 8 * 1024 * 1024;
        private int maxDatagramSize = 65_000;
        private long keyUpdateInterval = 1L << 22;

        private Builder() {
        }

        /** The UDP address to bind (default: the wildcard address, an ephemeral port). */
        public Builder bindAddress(InetSocketAddress address) {
            this.bindAddresses = java.util.List.of(Objects.requireNonNull(address));
            return this;
        }

        /**
         * The UDP addresses to bind, one socket each (default: one, the wildcard address).
         *
         * @throws IllegalArgumentException if none is given
         */
        public Builder bindAddresses(InetSocketAddress... addresses) {
            if (addresses.length == 0) {
                throw new IllegalArgumentException("at least one bind address");
            }
            this.bindAddresses = java.util.List.of(addresses);
            return this;
        }

        /** The host's identity (default: a new one). */
        public Builder identity(HostIdentity identity) {
            this.identity = Objects.requireNonNull(identity);
            return this;
        }

        /**
         * Loads the host's identity from {@code file}, or generates one and saves it there if the
         * file does not exist.
         *
         * @throws UncheckedIOException if the file exists but cannot be read as a key, or cannot be written
         */
        public Builder identityFile(Path file) {
            try {
                if (Files.exists(file)) {
                    this.identity = HostIdentity.load(file);
                } else {
                    this.identity = HostIdentity.generate(random != null ? random : new SecureRandom());
                    this.identity.save(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot use identity file " + file + ": " + e.getMessage(), e);
            }
            return this;
        }

        /** The source of randomness for keys and ids; seed one for reproducible simulations. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random);
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idleTimeout");
            return this;
        }

        /** Send a keep-alive after this much silence; {@link Duration#ZERO} disables it. */
        public Builder keepAlive(Duration interval) {
            this.keepAlive = Objects.requireNonNull(interval);
            return this;
        }

        public Builder initialRtt(Duration rtt) {
            this.initialRtt = positive(rtt, "initialRtt");
            return this;
        }

        public Builder maxAckDelay(Duration delay) {
            this.maxAckDelay = Objects.requireNonNull(delay);
            return this;
        }

        public Builder cipherSuite(CipherSuite suite) {
            this.cipherSuite = Objects.requireNonNull(suite);
            return this;
        }

        public Builder congestionControl(CongestionControl cc) {
            this.congestionControl = Objects.requireNonNull(cc);
            return this;
        }

        public Builder streamReceiveWindow(long bytes) {
            this.streamReceiveWindow = atLeast(bytes, 16 * 1024, "streamReceiveWindow");
            return this;
        }

        public Builder channelReceiveWindow(long bytes) {
            this.channelReceiveWindow = atLeast(bytes, 16 * 1024, "channelReceiveWindow");
            return this;
        }

        public Builder sendBufferSize(long bytes) {
            this.sendBufferSize = atLeast(bytes, 1024, "sendBufferSize");
            return this;
        }

        /** The largest UDP payload path-MTU probing may try (at least 1200). */
        public Builder maxDatagramSize(int bytes) {
            this.maxDatagramSize = (int) atLeast(bytes, ChannelConfig.MIN_DATAGRAM_SIZE, "maxDatagramSize");
            return this;
        }

        /** Packets sent under one key before the next key generation. */
        public Builder keyUpdateInterval(long packets) {
            this.keyUpdateInterval = atLeast(packets, 16, "keyUpdateInterval");
            return this;
        }

        public HostConfig build() {
            return new HostConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        private static long atLeast(long v, long min, String name) {
            if (v < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ": " + v);
            }
            return v;
        }
    }
}
