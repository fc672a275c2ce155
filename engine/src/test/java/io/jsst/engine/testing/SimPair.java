package io.jsst.engine.testing;

import io.jsst.engine.Host;
import io.jsst.engine.HostConfig;
import io.jsst.engine.Stream;
import io.jsst.engine.sim.SimNetwork;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A client host and a server host on one {@link SimNetwork}, with deterministic randomness, and a
 * connected pair of streams between them once {@link #connect()} ran.
 */
public final class SimPair {
    public static final InetSocketAddress CLIENT = address("10.0.0.1", 4000);
    public static final InetSocketAddress SERVER = address("10.0.0.2", 5000);

    public final SimNetwork net;
    public final Host client;
    public final Host server;
    public Stream clientStream;
    public Stream serverStream;

    public SimPair(long seed) {
        this(seed, UnaryOperator.identity());
    }

    public SimPair(long seed, UnaryOperator<HostConfig.Builder> tune) {
        this.net = new SimNetwork(seed);
        this.client = Host.simulated(net, CLIENT, tune.apply(HostConfig.builder().random(seeded(seed * 2 + 1))).build());
        this.server = Host.simulated(net, SERVER, tune.apply(HostConfig.builder().random(seeded(seed * 2 + 2))).build());
    }

    /** Connects client to server in virtual time; fails the test if it takes longer than {@code limit}. */
    public SimPair connect(Duration limit) {
        CompletableFuture<Stream> accepted = server.acceptAsync();
        CompletableFuture<Stream> connected = client.connectAsync(SERVER, null);
        if (!net.runUntil(() -> connected.isDone() && (accepted.isDone() || connected.isCompletedExceptionally()),
                limit)) {
            throw new AssertionError("no connection within " + limit + " of virtual time (seed " + net.seed() + ")");
        }
        clientStream = connected.join();
        serverStream = accepted.join();
        return this;
    }

    public SimPair connect() {
        return connect(Duration.ofSeconds(30));
    }

    /** A SecureRandom whose output depends only on {@code seed}. */
    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public double virtualSeconds() {
        return net.nowNanos() / 1e9;
    }
}
