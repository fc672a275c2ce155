package io.jsst.bench;

import io.jsst.bench.BoundedStep.Outcome;
import io.jsst.bench.ResultTable.Cell;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * jsst against kernel TCP, raw UDP, Netty QUIC and Kwik on 127.0.0.1, in one run and one table,
 * client and server in this JVM:
 *
 * <pre>
 *   step                          each transport
 *   bulk, one stream              --bytes from client to server, 64 KiB writes, until the server's receipt
 *   bulk, --streams streams       the same split over N streams of one connection (TCP: N connections)
 *   64 B round trip               --rounds request-response pairs after --warmup; p50 and p99
 *   handshakes                    --handshakes connects one after the other; rate and p50
 *   handshakes, N in flight       --handshakes connects by --concurrency clients at once; rate over the wall time
 *   new stream + 64 B echo        --exchanges new streams (TCP: new connections) each carrying one exchange,
 *                                 one at a time, then --concurrency in flight
 *   1200 B packets                jsst with maxDatagramSize 1200; raw UDP 1200-byte datagrams: packets/s, MiB/s
 *   idle memory                   --associations idle associations, heap after GC / count
 * </pre>
 *
 * <p>jsst runs once per UDP path ({@link JsstIoPath}: pure Java and native), each its own column; a
 * path that cannot run here shows "n/a". Raw UDP's bulk row is a one-way blast of datagrams of the
 * size jsst's bulk channel used. Each step is bounded ({@code --timeout}) and reported as "stalled"
 * instead of hanging; a peer stack that cannot start is "failed". The result is one Markdown table,
 * notes under it, and with {@code --chart FILE} a PNG. Exit code 0 when every jsst and TCP step
 * succeeded, 1 otherwise, 2 for a bad option.
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
        boolean ok = run(options).ok();
        System.exit(ok ? 0 : 1);
    }

    /** What a run produced: the table, the lines printed under it, and whether jsst and TCP all succeeded. */
    record Run(ResultTable table, List<String> notes, boolean ok) {
    }

    /** Runs every step, prints the table and notes, draws the chart if asked. */
    static Run run(BenchOptions o) {
        System.out.printf(Locale.ROOT, "jsst loopback benchmark: %s bulk after %s warm-ups repeated for %d s, "
                        + "%,d round trips of 64 B "
                        + "after %,d warm-up, %,d handshakes, %,d exchanges, %d in flight in the rate steps, %d streams, "
                        + "%s in 1200 B packets, %,d idle associations, cipher %s, step bound %d s%n",
                size(o.bulkBytes()), size(o.warmupBytes()), o.warmupTime().toSeconds(), o.rounds(), o.warmupRounds(),
                o.handshakes(), o.exchanges(), o.concurrency(), o.streams(),
                size(o.smallPacketBytes()), o.associations(), o.cipherSuite(), o.stepTimeout().toSeconds());
        String machine = String.format(Locale.ROOT, "%d CPUs, %s %s (%s), %s %s",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        System.out.println("machine: " + machine);
        System.out.println();

        Map<LoopbackTransport, String> unavailable = new LinkedHashMap<>();
        List<LoopbackTransport> transports = new ArrayList<>();
        JsstLoopback jsstNio = null;
        if (o.transports().contains("jsst")) {
            for (JsstIoPath path : JsstIoPath.values()) {
                JsstLoopback j = new JsstLoopback(o.cipherSuite(), o.stepTimeout(), path);
                transports.add(j);
                String why = path.unavailableReason();
                if (why != null) {
                    unavailable.put(j, why);
                }
                if (path == JsstIoPath.NIO) {
                    jsstNio = j;
                }
            }
        }
        TcpLoopback tcp = o.transports().contains("tcp") ? add(transports, new TcpLoopback(o.stepTimeout())) : null;
        UdpLoopback udp = o.transports().contains("udp") ? add(transports, new UdpLoopback(o.stepTimeout())) : null;
        if (o.transports().contains("netty")) {
            transports.add(new NettyQuicLoopback(o.stepTimeout()));
        }
        if (o.transports().contains("kwik")) {
            transports.add(new KwikLoopback(o.stepTimeout()));
        }
        List<String> columns = transports.stream().map(LoopbackTransport::name).toList();
        ResultTable table = new ResultTable(columns, o.streams(), o.concurrency());
        List<String> notes = new ArrayList<>();
        boolean[] ok = {true};
        for (Map.Entry<LoopbackTransport, String> e : unavailable.entrySet()) {
            String line = e.getKey().name() + ": n/a (native path unavailable: " + e.getValue() + ")";
            System.out.println(line);
            notes.add(line);
            for (Metric m : Metric.values()) {
                table.put(m, e.getKey().name(), Cell.word("n/a"));
            }
        }
        Steps steps = new Steps(o, table, notes, unavailable, ok);

        if (o.warmupBytes() > 0) {
            // Unmeasured: lets the JIT compile each path. jsst's whole send and receive path reached C2's
            // steady state only after 5 to 8 s (bulk 950 MiB/s after 256 MiB of warm-up, 1.4-1.6 GiB/s
            // after 3 GiB), so each transport repeats its warm-up for --warmup-seconds: one stream, then
            // --streams streams, in turn, since the many-stream step takes paths one stream never does
            // (many writers and readers on one connection).
            for (LoopbackTransport t : transports) {
                if (t != udp) {
                    long until = System.nanoTime() + o.warmupTime().toNanos();
                    boolean manyStreams = o.streams() > 1;
                    while (steps.warmUp(t, p -> t.bulk(o.warmupBytes(), p)) && System.nanoTime() - until < 0) {
                        // again, until the time is up or a warm-up fails or stalls
                        manyStreams = manyStreams && steps.warmUp(t, p -> t.bulk(o.warmupBytes(), o.streams(), p));
                    }
                }
            }
        }
        for (LoopbackTransport t : transports) {
            if (t == udp) {
                continue;
            }
            steps.measure(t, "bulk", "bytes received", p -> t.bulk(o.bulkBytes(), p), r -> {
                table.put(Metric.BULK, t.name(), Cell.of(r.mibPerSecond()));
                if (!r.notes().isEmpty()) {
                    notes.add(t.name() + " bulk: " + r.notes());
                }
            });
        }
        if (udp != null) {
            int size = jsstNio != null && jsstNio.lastDatagramSize() > 0 ? Math.min(jsstNio.lastDatagramSize(), 65_507)
                    : 1472;
            steps.measure(udp, "blast", "bytes received", p -> udp.blast(size, o.bulkBytes(), p), r -> {
                table.put(Metric.BULK, udp.name(), Cell.of(r.mibPerSecond()));
                notes.add("raw UDP bulk: one-way, " + r.notes() + " (jsst's bulk datagram size), "
                        + String.format(Locale.ROOT, "%,.0f packets/s", r.packetsPerSecond()));
            });
        }
        for (LoopbackTransport t : transports) {
            steps.measure(t, o.streams() + "-stream bulk", "bytes received", p -> t.bulk(o.bulkBytes(), o.streams(), p),
                    r -> table.put(Metric.BULK_STREAMS, t.name(), Cell.of(r.mibPerSecond())));
        }
        for (LoopbackTransport t : transports) {
            steps.measure(t, "round trips", "round trips", p -> t.roundTrips(o.warmupRounds(), o.rounds(), p), r -> {
                table.put(Metric.RTT_P50, t.name(), Cell.of(r.medianMicros()));
                table.put(Metric.RTT_P99, t.name(), Cell.of(r.p99Micros()));
                if (!r.notes().isEmpty()) {
                    notes.add(t.name() + " round trips: " + r.notes());
                }
            });
        }
        int handshakeWarmup = Math.max(5, o.handshakes() / 10);
        for (LoopbackTransport t : transports) {
            steps.measure(t, "handshakes", "handshakes", p -> t.handshakes(handshakeWarmup, o.handshakes(), p), r -> {
                table.put(Metric.HANDSHAKE_RATE, t.name(), Cell.of(r.perSecond()));
                table.put(Metric.HANDSHAKE_P50, t.name(), Cell.of(r.medianMicros()));
            });
        }
        for (LoopbackTransport t : transports) {
            steps.measure(t, "concurrent handshakes", "handshakes",
                    p -> t.handshakesPerSecond(handshakeWarmup, o.handshakes(), o.concurrency(), p),
                    r -> {
                        table.put(Metric.HANDSHAKE_RATE_CONCURRENT, t.name(), Cell.of(r.perSecond()));
                        notes.add(t.name() + " handshakes, " + o.concurrency() + " in flight: " + r.describe());
                    });
        }
        // As many unmeasured exchanges as measured: a measured phase is short (0.1 to 1.5 s for
        // 20,000), and the paths only these steps take must be compiled first (jsst's concurrent
        // rate went from 35,000-170,000/s after 2,000 warm-up exchanges to 210,000-230,000/s).
        int exchangeWarmup = Math.max(100, o.exchanges());
        for (LoopbackTransport t : transports) {
            steps.measure(t, "new-stream exchanges", "exchanges",
                    p -> t.exchangesPerSecond(exchangeWarmup, o.exchanges(), p),
                    r -> table.put(Metric.EXCHANGES, t.name(), Cell.of(r)));
        }
        for (LoopbackTransport t : transports) {
            steps.measure(t, "concurrent new-stream exchanges", "exchanges",
                    p -> t.exchangesPerSecond(exchangeWarmup, o.exchanges(), o.concurrency(), p),
                    r -> {
                        table.put(Metric.EXCHANGES_CONCURRENT, t.name(), Cell.of(r.perSecond()));
                        notes.add(t.name() + " new stream + 64 B echo, " + o.concurrency() + " in flight: "
                                + r.describe());
                    });
        }
        for (LoopbackTransport t : transports) {
            steps.measure(t, "1200 B packets", "bytes received", p -> t.smallPackets(o.smallPacketBytes(), p), r -> {
                table.put(Metric.SMALL_PACKETS, t.name(), Cell.of(r.packetsPerSecond()));
                table.put(Metric.SMALL_BYTES, t.name(), Cell.of(r.mibPerSecond()));
                notes.add(t.name() + " 1200 B packets: " + r.notes());
            });
        }
        for (LoopbackTransport t : transports) {
            steps.measure(t, "idle associations", "associations", p -> t.idleMemory(o.associations(), p), r -> {
                table.put(Metric.IDLE_MEMORY, t.name(), Cell.of(r.kibEach()));
                if (r.serverEndBytes() >= 0) {
                    table.put(Metric.IDLE_MEMORY_SERVER_END, t.name(), Cell.of(r.serverEndKibEach()));
                    table.put(Metric.IDLE_MEMORY_CLIENT_END, t.name(), Cell.of(r.clientEndKibEach()));
                }
                if (r.clientHostBytes() >= 0) {
                    table.put(Metric.CLIENT_HOST, t.name(), Cell.of(r.clientHostKibEach()));
                }
                notes.add(String.format(Locale.ROOT, "%s idle memory: %,d %s: %,.1f MiB", t.name(), r.count(),
                        r.what(), r.heapBytes() / 1048576.0));
                if (!r.histogram().isEmpty()) {
                    notes.add(t.name() + " idle memory by class, per association:\n" + r.histogram());
                }
            });
        }
        for (LoopbackTransport t : transports) {
            if (t instanceof NettyQuicLoopback n) {
                n.shutdown();
            }
        }

        System.out.println();
        System.out.print(table.markdown());
        System.out.println();
        for (String n : notes) {
            System.out.println(n);
        }
        if (o.chart() != null) {
            try {
                ResultChart.write(table, "jsst and its peers on 127.0.0.1: " + machine, o.chart());
                System.out.println("chart: " + o.chart());
            } catch (IOException | RuntimeException e) {
                System.out.println("PROBLEM chart not written: " + e);
                ok[0] = false;
            }
        }
        return new Run(table, notes, ok[0]);
    }

    private static <T extends LoopbackTransport> T add(List<LoopbackTransport> list, T t) {
        list.add(t);
        return t;
    }

    interface Measurement<T> {
        T run(Progress progress) throws Exception;
    }

    interface Record<T> {
        void accept(T result);
    }

    /** Runs bounded steps and files what they give into the table. */
    private record Steps(BenchOptions o, ResultTable table, List<String> notes,
            Map<LoopbackTransport, String> unavailable, boolean[] ok) {

        /** Runs one unmeasured bulk transfer; returns whether it completed. */
        boolean warmUp(LoopbackTransport t, Measurement<BulkResult> m) {
            return !unavailable.containsKey(t) && run(t, "warm-up bulk", "bytes received", m).ok();
        }

        <T> void measure(LoopbackTransport t, String step, String unit, Measurement<T> m, Record<T> record) {
            if (unavailable.containsKey(t)) {
                return;
            }
            Outcome<T> outcome = run(t, step, unit, m);
            if (outcome.ok()) {
                record.accept(outcome.value());
                return;
            }
            if (outcome.failure() != null && outcome.failure().contains("UnsupportedOperationException")) {
                return; // "-": the step does not apply to this transport
            }
            String word = outcome.stall() != null ? "stalled" : "failed";
            for (Metric metric : metricsOf(step)) {
                table.put(metric, t.name(), Cell.word(word));
            }
            notes.add("PROBLEM " + t.name() + " " + outcome.problem());
            if (t instanceof JsstLoopback || t instanceof TcpLoopback) {
                ok[0] = false;
            }
        }

        private <T> Outcome<T> run(LoopbackTransport t, String step, String unit, Measurement<T> m) {
            String name = t.name() + " " + step;
            if (!supports(t, step)) {
                return new Outcome<>(null, name + ": failed: java.lang.UnsupportedOperationException", null);
            }
            System.out.printf("running %s ...%n", name);
            Progress progress = new Progress(unit);
            Outcome<T> outcome = BoundedStep.run(name, o.stepTimeout(), progress, () -> m.run(progress), () -> {
                if (t instanceof JsstLoopback j) {
                    String stats = j.clientStatsOrNull();
                    if (stats != null) {
                        notes.add(name + ": client channel when it stalled or failed: " + stats);
                    }
                }
                t.abort();
            });
            if (!outcome.ok() && !String.valueOf(outcome.failure()).contains("UnsupportedOperationException")) {
                System.out.println("  " + outcome.problem());
            }
            return outcome;
        }

        /** False for steps a transport does not implement (skipped quietly, shown as "-"). */
        private static boolean supports(LoopbackTransport t, String step) {
            boolean streams = !(t instanceof UdpLoopback);
            return switch (step) {
                case "1200 B packets" -> t instanceof JsstLoopback || t instanceof UdpLoopback;
                case "idle associations" -> t instanceof JsstLoopback || t instanceof TcpLoopback;
                case "handshakes", "new-stream exchanges" -> streams;
                case "concurrent handshakes", "concurrent new-stream exchanges" ->
                        t instanceof JsstLoopback || t instanceof TcpLoopback;
                default -> streams || step.equals("blast") || step.equals("round trips");
            };
        }

        private static List<Metric> metricsOf(String step) {
            return switch (step) {
                case "bulk", "blast" -> List.of(Metric.BULK);
                case "round trips" -> List.of(Metric.RTT_P50, Metric.RTT_P99);
                case "handshakes" -> List.of(Metric.HANDSHAKE_RATE, Metric.HANDSHAKE_P50);
                case "concurrent handshakes" -> List.of(Metric.HANDSHAKE_RATE_CONCURRENT);
                case "new-stream exchanges" -> List.of(Metric.EXCHANGES);
                case "concurrent new-stream exchanges" -> List.of(Metric.EXCHANGES_CONCURRENT);
                case "1200 B packets" -> List.of(Metric.SMALL_PACKETS, Metric.SMALL_BYTES);
                case "idle associations" -> List.of(Metric.IDLE_MEMORY, Metric.IDLE_MEMORY_SERVER_END,
                        Metric.IDLE_MEMORY_CLIENT_END, Metric.CLIENT_HOST);
                default -> List.of(Metric.BULK_STREAMS);
            };
        }
    }

    private static String size(long bytes) {
        return bytes % (1L << 30) == 0 && bytes > 0 ? bytes / (1L << 30) + " GiB"
                : bytes % (1L << 20) == 0 && bytes > 0 ? bytes / (1L << 20) + " MiB" : bytes + " B";
    }
}
