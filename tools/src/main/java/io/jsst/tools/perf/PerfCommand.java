package io.jsst.tools.perf;

import io.jsst.engine.crypto.CipherSuite;
import io.jsst.tools.ByteSizeConverter;
import io.jsst.tools.CipherSuiteConverter;
import io.jsst.tools.Formats;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jsst perf}: an iperf-like throughput test between two machines.
 *
 * <pre>
 *   jsst perf server [--bind addr:port]
 *   jsst perf client host:port [--time 10s] [--streams N] [--size bytes] [--reverse]
 * </pre>
 */
@Command(
        name = "perf",
        mixinStandardHelpOptions = true,
        description = {"Measures throughput, RTT, loss and retransmissions between two hosts (like iperf).",
            "Run 'jsst perf server' on one machine and 'jsst perf client HOST:PORT' on the other."},
        subcommands = {PerfCommand.Server.class, PerfCommand.Client.class})
public final class PerfCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code jsst perf server}: serves until the process is stopped. */
    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Serves perf tests until stopped (Ctrl-C).")
    static final class Server implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--bind", paramLabel = "ADDR:PORT", converter = HostPort.class,
                description = "Address to listen on (default: all addresses, port " + HostPort.DEFAULT_PORT + ").",
                defaultValue = "0.0.0.0:" + HostPort.DEFAULT_PORT)
        InetSocketAddress bind;

        @Option(names = "--cipher", paramLabel = "aes|chacha", converter = CipherSuiteConverter.class,
                description = "AEAD of the server's host (default: aes).", defaultValue = "aes")
        CipherSuite cipherSuite;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            try (PerfServer server = PerfServer.start(bind, cipherSuite, out)) {
                out.printf("jsst perf server listening at %s, EID %s%n", Formats.address(server.localAddress()),
                        server.host().eid());
                out.flush();
                new CountDownLatch(1).await(); // until the process is stopped
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("perf server FAILED: " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code jsst perf client}: one test against a server. */
    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "Runs one test against a perf server, printing a line every interval and a summary.")
    static final class Client implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HOST:PORT", converter = HostPort.class,
                description = "The perf server (port " + HostPort.DEFAULT_PORT + " if none is given).")
        InetSocketAddress server;

        @Option(names = "--time", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "How long data flows, e.g. 10s or 500ms (default: ${DEFAULT-VALUE}).",
                defaultValue = "10s")
        Duration time;

        @Option(names = "--streams", paramLabel = "N", description = "Parallel streams (default: ${DEFAULT-VALUE}).",
                defaultValue = "1")
        int streams;

        @Option(names = "--size", paramLabel = "BYTES", converter = ByteSizeConverter.class,
                description = "Bytes per write, e.g. 128k (default: ${DEFAULT-VALUE}).", defaultValue = "128k")
        long size;

        @Option(names = "--reverse", description = "The server sends, the client receives.")
        boolean reverse;

        @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "Time between reports (default: ${DEFAULT-VALUE}).", defaultValue = "1s")
        Duration interval;

        @Option(names = "--cipher", paramLabel = "aes|chacha", converter = CipherSuiteConverter.class,
                description = "AEAD of the client's host (default: aes).", defaultValue = "aes")
        CipherSuite cipherSuite;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (streams < 1 || streams > 1000 || size < 1 || size > (64 << 20)) {
                err.println("perf client: --streams must be 1 to 1000 and --size 1 B to 64 MiB");
                return 2;
            }
            try {
                new PerfClient(server, streams, (int) size, reverse, time, interval, cipherSuite, out).run();
                return 0;
            } catch (IOException | RuntimeException e) {
                out.flush();
                err.println("perf client FAILED: " + e);
                err.flush();
                return 1;
            }
        }
    }
}
