package io.jsst.bench;

import io.jsst.engine.crypto.CipherSuite;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The options of {@link LoopbackBench}.
 *
 * @param bulkBytes bytes of each bulk transfer
 * @param rounds measured request-response round trips
 * @param warmupRounds round trips before measuring
 * @param warmupBytes bytes of an unmeasured bulk transfer before the measured one, per transport
 * @param warmupTime how long each transport repeats its warm-up transfer (at least once), so that
 *     the JIT has compiled its paths before anything is measured
 * @param cipherSuite the AEAD of the jsst hosts
 * @param stepTimeout the longest one step may take before it is reported as stalled
 * @param streams streams of the many-streams bulk step
 * @param handshakes measured handshakes
 * @param exchanges measured new-stream exchanges
 * @param concurrency handshakes and exchanges in flight at once in the concurrent rate steps
 * @param smallPacketBytes bytes of the 1200-byte-packet transfer
 * @param associations idle associations of the memory step
 * @param transports which transports run: jsst, tcp, udp, netty, kwik
 * @param chart where to write the chart (PNG), or null for none
 */
record BenchOptions(long bulkBytes, int rounds, int warmupRounds, long warmupBytes, Duration warmupTime,
        CipherSuite cipherSuite,
        Duration stepTimeout, int streams, int handshakes, int exchanges, int concurrency, long smallPacketBytes,
        int associations,
        Set<String> transports, Path chart) {

    static final Set<String> ALL_TRANSPORTS = Set.of("jsst", "tcp", "udp", "netty", "kwik");

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar bench/target/jsst-bench.jar [options]",
            "  --bytes SIZE          bulk transfer size, e.g. 1g, 256m, 65536 (default 1g)",
            "  --rounds N            measured 64-byte round trips (default 20000)",
            "  --warmup N            round trips before measuring (default 2000)",
            "  --warmup-bytes SIZE   unmeasured bulk transfer before the measured ones (default 256m)",
            "  --warmup-seconds N    repeat that transfer for N seconds per transport, at least once (default 10):",
            "                        the JIT takes several seconds to compile jsst's and the peers' paths",
            "  --streams N           streams of the many-streams bulk step (default 16)",
            "  --handshakes N        measured handshakes (default 1000)",
            "  --exchanges N         measured new-stream exchanges (default 10000)",
            "  --concurrency N       handshakes and new-stream exchanges in flight at once in the rate steps,",
            "                        measured beside the one-at-a-time figures, 1 to 1024 (default 16)",
            "  --small-bytes SIZE    transfer in 1200-byte packets (default 256m)",
            "  --associations N      idle associations of the memory step (default 10000)",
            "  --only LIST           transports to run, of jsst,tcp,udp,netty,kwik (default all)",
            "  --chart FILE          also draw the results as a PNG chart",
            "  --cipher aes|chacha   jsst's AEAD (default aes)",
            "  --timeout SECONDS     bound of each step; a step past it is reported as stalled (default 120)",
            "  --quick               smoke run: --bytes 16m --rounds 1000 --warmup 200 --warmup-bytes 0 --handshakes 20",
            "                        --exchanges 300 --small-bytes 8m --associations 500 --timeout 30",
            "  --help                this text",
            "jsst's UDP path: -Djsst.io is set per jsst column (nio, native); the native column shows n/a where it",
            "cannot run. -Djsst.bench.histogram=N adds to the idle-associations step the N classes that grew most,",
            "per association (a class histogram, as jcmd PID GC.class_histogram prints).");

    static BenchOptions defaults() {
        return new BenchOptions(1L << 30, 20_000, 2_000, 256L << 20, Duration.ofSeconds(10), CipherSuite.AES_128_GCM,
                Duration.ofSeconds(120),
                16, 1_000, 10_000, 16, 256L << 20, 10_000, ALL_TRANSPORTS, null);
    }

    /**
     * Parses the command line; later options override earlier ones ({@code --quick --bytes 1g} keeps 1 GiB).
     *
     * @throws IllegalArgumentException with a readable message for a bad or unknown option
     */
    static BenchOptions parse(String[] args) {
        BenchOptions d = defaults();
        long bytes = d.bulkBytes();
        int rounds = d.rounds();
        int warmup = d.warmupRounds();
        long warmupBytes = d.warmupBytes();
        Duration warmupTime = d.warmupTime();
        CipherSuite suite = d.cipherSuite();
        Duration timeout = d.stepTimeout();
        int streams = d.streams();
        int handshakes = d.handshakes();
        int exchanges = d.exchanges();
        int concurrency = d.concurrency();
        long smallBytes = d.smallPacketBytes();
        int associations = d.associations();
        Set<String> transports = d.transports();
        Path chart = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--bytes" -> bytes = parseBytes(value(args, ++i, a));
                case "--rounds" -> rounds = parsePositiveInt(value(args, ++i, a), a);
                case "--warmup" -> warmup = parseNonNegativeInt(value(args, ++i, a), a);
                case "--warmup-bytes" -> warmupBytes = parseBytes(value(args, ++i, a), true);
                case "--warmup-seconds" -> warmupTime = Duration.ofSeconds(parseNonNegativeInt(value(args, ++i, a), a));
                case "--streams" -> streams = parsePositiveInt(value(args, ++i, a), a);
                case "--handshakes" -> handshakes = parsePositiveInt(value(args, ++i, a), a);
                case "--exchanges" -> exchanges = parsePositiveInt(value(args, ++i, a), a);
                case "--concurrency" -> concurrency = parseConcurrency(value(args, ++i, a), a);
                case "--small-bytes" -> smallBytes = parseBytes(value(args, ++i, a));
                case "--associations" -> associations = parsePositiveInt(value(args, ++i, a), a);
                case "--only" -> transports = parseTransports(value(args, ++i, a));
                case "--chart" -> chart = Path.of(value(args, ++i, a));
                case "--cipher" -> suite = parseCipher(value(args, ++i, a));
                case "--timeout" -> timeout = Duration.ofSeconds(parsePositiveInt(value(args, ++i, a), a));
                case "--quick" -> {
                    bytes = 16L << 20;
                    rounds = 1_000;
                    warmup = 200;
                    warmupBytes = 0;
                    warmupTime = Duration.ZERO;
                    handshakes = 20;
                    exchanges = 300;
                    smallBytes = 8L << 20;
                    associations = 500;
                    timeout = Duration.ofSeconds(30);
                }
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        return new BenchOptions(bytes, rounds, warmup, warmupBytes, warmupTime, suite, timeout, streams, handshakes,
                exchanges, concurrency, smallBytes, associations, transports, chart);
    }

    private static Set<String> parseTransports(String value) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : value.split(",")) {
            String name = t.trim().toLowerCase(Locale.ROOT);
            if (!ALL_TRANSPORTS.contains(name)) {
                throw new IllegalArgumentException("unknown transport: " + t + " (expected jsst, tcp, udp, netty, kwik)");
            }
            out.add(name);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--only needs at least one transport");
        }
        return Set.copyOf(out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static long parseBytes(String value) {
        return parseBytes(value, false);
    }

    /** A byte count like 1g, 64m or 65536; zero only if {@code zeroAllowed}. */
    static long parseBytes(String value, boolean zeroAllowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("ib")) {
            v = v.substring(0, v.length() - 2);
        }
        if (!v.isEmpty()) {
            char last = v.charAt(v.length() - 1);
            unit = switch (last) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                default -> 1;
            };
            if (unit != 1) {
                v = v.substring(0, v.length() - 1);
            }
        }
        try {
            long n = Math.multiplyExact(Long.parseLong(v), unit);
            if (n > 0 || (zeroAllowed && n == 0)) {
                return n;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // fall through
        }
        throw new IllegalArgumentException("not a positive byte count: " + value + " (e.g. 1g, 64m, 65536)");
    }

    /** The most operations in flight: each is a client thread in some transports' rate steps. */
    static final int MAX_CONCURRENCY = 1024;

    private static int parseConcurrency(String value, String option) {
        int n = parsePositiveInt(value, option);
        if (n > MAX_CONCURRENCY) {
            throw new IllegalArgumentException(option + " must be at most " + MAX_CONCURRENCY + ": " + value);
        }
        return n;
    }

    private static int parsePositiveInt(String value, String option) {
        int n = parseNonNegativeInt(value, option);
        if (n == 0) {
            throw new IllegalArgumentException(option + " must be positive: " + value);
        }
        return n;
    }

    private static int parseNonNegativeInt(String value, String option) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(option + " needs a whole number: " + value);
    }

    private static CipherSuite parseCipher(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "aes" -> CipherSuite.AES_128_GCM;
            case "chacha" -> CipherSuite.CHACHA20_POLY1305;
            default -> throw new IllegalArgumentException("unknown cipher: " + value + " (expected aes or chacha)");
        };
    }
}
