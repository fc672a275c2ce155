package io.jsst.bench;

import io.jsst.engine.crypto.CipherSuite;
import java.time.Duration;
import java.util.Locale;

/**
 * The options of {@link LoopbackBench}.
 *
 * @param bulkBytes bytes of each bulk transfer
 * @param rounds measured request-response round trips
 * @param warmupRounds round trips before measuring
 * @param warmupBytes bytes of an unmeasured bulk transfer before the measured one, per transport
 * @param cipherSuite the AEAD of the jsst hosts
 * @param stepTimeout the longest one step may take before it is reported as stalled
 */
record BenchOptions(long bulkBytes, int rounds, int warmupRounds, long warmupBytes, CipherSuite cipherSuite, Duration stepTimeout) {

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar bench/target/jsst-bench.jar [options]",
            "  --bytes SIZE        bulk transfer size, e.g. 1g, 256m, 65536 (default 1g)",
            "  --rounds N          measured 64-byte round trips (default 20000)",
            "  --warmup N          round trips before measuring (default 2000)",
            "  --warmup-bytes SIZE unmeasured bulk transfer before the measured one (default 256m)",
            "  --cipher aes|chacha jsst's AEAD (default aes)",
            "  --timeout SECONDS   bound of each step; a step past it is reported as stalled (default 120)",
            "  --quick             smoke run: --bytes 64m --rounds 2000 --warmup 500 --warmup-bytes 0",
            "  --help              this text");

    static BenchOptions defaults() {
        return new BenchOptions(1L << 30, 20_000, 2_000, 256L << 20, CipherSuite.AES_128_GCM, Duration.ofSeconds(120));
    }

    /**
     * Parses the command line; later options override earlier ones ({@code --quick --bytes 1g} keeps 1 GiB).
     *
     * @throws IllegalArgumentException with a readable message for a bad or unknown option
     */
    static BenchOptions parse(String[] args) {
        long bytes = defaults().bulkBytes();
        int rounds = defaults().rounds();
        int warmup = defaults().warmupRounds();
        long warmupBytes = defaults().warmupBytes();
        CipherSuite suite = defaults().cipherSuite();
        Duration timeout = defaults().stepTimeout();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--bytes" -> bytes = parseBytes(value(args, ++i, a));
                case "--rounds" -> rounds = parsePositiveInt(value(args, ++i, a), a);
                case "--warmup" -> warmup = parseNonNegativeInt(value(args, ++i, a), a);
                case "--warmup-bytes" -> warmupBytes = parseBytes(value(args, ++i, a), true);
                case "--cipher" -> suite = parseCipher(value(args, ++i, a));
                case "--timeout" -> timeout = Duration.ofSeconds(parsePositiveInt(value(args, ++i, a), a));
                case "--quick" -> {
                    bytes = 64L << 20;
                    rounds = 2_000;
                    warmup = 500;
                    warmupBytes = 0;
                }
                default -> throw new IllegalArgumentException("unknown option: " + a);
            }
        }
        return new BenchOptions(bytes, rounds, warmup, warmupBytes, suite, timeout);
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
