package io.jsst.bench;

import io.jsst.bench.BoundedStep.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * jsst against kernel TCP on 127.0.0.1, in one run, client and server in this JVM:
 *
 * <pre>
 *   step                         jsst                          kernel TCP
 *   bulk throughput (--bytes)    one stream, write(64 KiB)     SocketChannel, 64 KiB direct buffers
 *   64 B request-response        writeMessage / readMessage    write / read, TCP_NODELAY
 *   (--warmup unmeasured, then --rounds measured; median and p99)
 * </pre>
 *
 * <p>Each step is bounded ({@code --timeout}, 120 s by default) and reported as "stalled", with how
 * far it got, instead of hanging. The result is one table (Markdown), then notes with jsst's
 * channel statistics and any problem. Exit code 0 when every step succeeded, 1 otherwise, 2 for a
 * bad option.
 *
 * <pre>
 *   java -jar bench/target/jsst-bench.jar [--bytes 1g] [--rounds 20000] [--cipher aes|chacha] [--quick]
 * </pre>
 */
public final class LoopbackBench {

    private LoopbackBench() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        boolean ok = run(options);
        System.exit(ok ? 0 : 1);
    }

    /** Runs every step and prints the table; true if every step succeeded. */
    static boolean run(BenchOptions o) {
        System.out.printf(Locale.ROOT, "jsst loopback benchmark: %s bulk after %s warm-up, %,d round trips of 64 B "
                        + "after %,d warm-up, cipher %s, step bound %d s%n", mib(o.bulkBytes()), mib(o.warmupBytes()),
                o.rounds(), o.warmupRounds(),
                o.cipherSuite(), o.stepTimeout().toSeconds());
        System.out.printf(Locale.ROOT, "machine: %d CPUs, %s %s (%s), %s %s%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"));

        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        JsstLoopback jsst = new JsstLoopback(o.cipherSuite(), o.stepTimeout());
        TcpLoopback tcp = new TcpLoopback(o.stepTimeout());
        UdpLoopback udp = new UdpLoopback(o.stepTimeout());

        if (o.warmupBytes() > 0) {
            // Unmeasured: lets the JIT compile both paths (AES-GCM's GHASH intrinsic takes about a second).
            step("jsst warm-up bulk", o, "bytes received", jsst, p -> jsst.bulk(o.warmupBytes(), p), problems, notes);
            step("tcp warm-up bulk", o, "bytes received", tcp, p -> tcp.bulk(o.warmupBytes(), p), problems, notes);
        }
        Outcome<BulkResult> jsstBulk = step("jsst bulk", o, "bytes received", jsst,
                p -> jsst.bulk(o.bulkBytes(), p), problems, notes);
        Outcome<BulkResult> tcpBulk = step("tcp bulk", o, "bytes received", tcp,
                p -> tcp.bulk(o.bulkBytes(), p), problems, notes);
        Outcome<RoundTrips> jsstRtt = step("jsst round trips", o, "round trips", jsst,
                p -> jsst.roundTrips(o.warmupRounds(), o.rounds(), p), problems, notes);
        Outcome<RoundTrips> tcpRtt = step("tcp round trips", o, "round trips", tcp,
                p -> tcp.roundTrips(o.warmupRounds(), o.rounds(), p), problems, notes);
        Outcome<RoundTrips> udpRtt = step("raw udp round trips", o, "round trips", udp,
                p -> udp.roundTrips(o.warmupRounds(), o.rounds(), p), problems, notes);
        int exchanges = Math.max(1_000, o.rounds() / 2);
        Outcome<Double> jsstOpens = step("jsst substream exchanges", o, "exchanges", jsst,
                p -> jsst.exchangesPerSecond(o.warmupRounds(), exchanges, p), problems, notes);
        Outcome<Double> tcpOpens = step("tcp connection exchanges", o, "exchanges", tcp,
                p -> tcp.exchangesPerSecond(o.warmupRounds(), exchanges, p), problems, notes);

        System.out.println("| metric | jsst | kernel TCP | jsst/TCP |");
        System.out.println("| --- | ---: | ---: | ---: |");
        row("bulk throughput, MiB/s (" + mib(o.bulkBytes()) + ")", jsstBulk, tcpBulk, BulkResult::mibPerSecond, "%.1f");
        row("64 B round trip, median, µs", jsstRtt, tcpRtt, RoundTrips::medianMicros, "%.1f");
        row("64 B round trip, p99, µs", jsstRtt, tcpRtt, RoundTrips::p99Micros, "%.1f");
        row("new stream + 64 B echo, per second (jsst: substream; TCP: connection)", jsstOpens, tcpOpens,
                Double::doubleValue, "%.0f");
        System.out.println();
        if (udpRtt.ok()) {
            System.out.printf(Locale.ROOT, "reference, raw UDP (blocking DatagramChannel, no protocol): 64 B round trip "
                    + "median %.1f µs, p99 %.1f µs%n", udpRtt.value().medianMicros(), udpRtt.value().p99Micros());
        }
        if (jsstBulk.ok()) {
            System.out.printf(Locale.ROOT, "jsst bulk: %.2f s; client channel: %s%n", jsstBulk.value().nanos() / 1e9,
                    jsstBulk.value().notes());
        }
        if (tcpBulk.ok()) {
            System.out.printf(Locale.ROOT, "tcp bulk: %.2f s%n", tcpBulk.value().nanos() / 1e9);
        }
        if (jsstRtt.ok()) {
            System.out.println("jsst round trips: client channel: " + jsstRtt.value().notes());
        }
        for (String n : problems) {
            System.out.println(n);
        }
        for (String n : notes) {
            System.out.println(n);
        }
        return jsstBulk.ok() && tcpBulk.ok() && jsstRtt.ok() && tcpRtt.ok() && jsstOpens.ok() && tcpOpens.ok();
    }

    interface Measurement<T> {
        T run(Progress progress) throws Exception;
    }

    private static <T> Outcome<T> step(String name, BenchOptions o, String unit, LoopbackTransport transport,
            Measurement<T> measurement, List<String> problems, List<String> notes) {
        System.out.printf("running %s ...%n", name);
        Progress progress = new Progress(unit);
        Outcome<T> outcome = BoundedStep.run(name, o.stepTimeout(), progress, () -> measurement.run(progress), () -> {
            if (transport instanceof JsstLoopback j) {
                String stats = j.clientStatsOrNull();
                if (stats != null) {
                    notes.add(name + ": client channel when it stalled: " + stats);
                }
            }
            transport.abort();
        });
        if (!outcome.ok()) {
            problems.add("PROBLEM " + outcome.problem());
            System.out.println("  " + outcome.problem());
        }
        return outcome;
    }

    private static <T> void row(String metric, Outcome<T> jsst, Outcome<T> tcp, ToDoubleFunction<T> value,
            String format) {
        Function<T, String> show = v -> String.format(Locale.ROOT, format, value.applyAsDouble(v));
        String ratio = jsst.ok() && tcp.ok()
                ? String.format(Locale.ROOT, "%.2f", value.applyAsDouble(jsst.value()) / value.applyAsDouble(tcp.value()))
                : "-";
        System.out.printf("| %s | %s | %s | %s |%n", metric, jsst.show(show), tcp.show(show), ratio);
    }

    private static String mib(long bytes) {
        return bytes % (1L << 30) == 0 ? bytes / (1L << 30) + " GiB"
                : bytes % (1L << 20) == 0 ? bytes / (1L << 20) + " MiB" : bytes + " B";
    }
}
