package io.jsst.tools.perf;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.crypto.CipherSuite;
import io.jsst.tools.JsstCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class PerfCommandTest {
    private static final Pattern INTERVAL = Pattern.compile(
            "\\[ *[0-9.]+- *[0-9.]+ s\\] +([0-9.]+) MiB/s  srtt [0-9.]+ ms  min rtt [0-9.]+ ms  lost \\d+  retransmitted \\d+  cwnd .+");
    private static final Pattern SUMMARY = Pattern.compile(
            "summary: client (sent|received) ([0-9.]+ \\S+) in [0-9.]+ s = [0-9.]+ MiB/s; server (received|sent) "
                    + "([0-9.]+ \\S+) = [0-9.]+ MiB/s; srtt [0-9.]+ ms, min rtt [0-9.]+ ms; [0-9,]+ of [0-9,]+ packets lost, "
                    + "[0-9,]+ retransmitted; datagram \\d+ B");

    private final StringWriter serverOut = new StringWriter();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private PerfServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = PerfServer.start(new InetSocketAddress("127.0.0.1", 0), CipherSuite.AES_128_GCM,
                new PrintWriter(serverOut, true));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private int jsst(String... args) {
        CommandLine cmd = JsstCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private String target() {
        return "127.0.0.1:" + server.localAddress().getPort();
    }

    @Test
    @Timeout(60)
    void aClientSendsForTheGivenTimeReportingEachIntervalAndTheServersCountInTheSummary() {
        int exit = jsst("perf", "client", target(), "--time", "1.5s", "--interval", "500ms", "--streams", "2",
                "--size", "16k");

        assertThat(err.toString()).isEmpty();
        assertThat(exit).isZero();
        String text = out.toString();
        assertThat(text).contains("connected to " + target()).contains("2 stream(s) of 16.0 KiB writes, client sends");
        Matcher intervals = INTERVAL.matcher(text);
        int lines = 0;
        double fastest = 0;
        while (intervals.find()) {
            lines++;
            fastest = Math.max(fastest, Double.parseDouble(intervals.group(1)));
        }
        assertThat(lines).isBetween(3, 5);
        assertThat(fastest).isPositive();
        Matcher summary = SUMMARY.matcher(text);
        assertThat(summary.find()).as(text).isTrue();
        assertThat(summary.group(1)).isEqualTo("sent");
        assertThat(summary.group(4)).doesNotStartWith("0 ");
        assertThat(serverOut.toString()).contains("2 stream(s)").contains("received");
    }

    @Test
    @Timeout(60)
    void reverseHasTheServerSendAndTheClientCountWhatArrived() {
        int exit = jsst("perf", "client", target(), "--time", "1s", "--reverse", "--size", "8k");

        assertThat(err.toString()).isEmpty();
        assertThat(exit).isZero();
        Matcher summary = SUMMARY.matcher(out.toString());
        assertThat(summary.find()).as(out.toString()).isTrue();
        assertThat(summary.group(1)).isEqualTo("received");
        assertThat(summary.group(2)).isEqualTo(summary.group(4)); // all the server sent arrived
        assertThat(out.toString()).contains("server sends");
    }

    @Test
    void aClientWithNothingListeningFailsWithExitCodeOne() throws Exception {
        InetSocketAddress gone = server.localAddress();
        server.close();

        int exit = jsst("perf", "client", "127.0.0.1:" + gone.getPort(), "--time", "1s");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("perf client FAILED");
    }

    @Test
    void hostPortReadsHostsPortsAndBracketedIpv6AndRejectsBadPorts() {
        assertThat(HostPort.parse("127.0.0.1:7000")).isEqualTo(new InetSocketAddress("127.0.0.1", 7000));
        assertThat(HostPort.parse("[::1]:7001").getPort()).isEqualTo(7001);
        assertThat(HostPort.parse("127.0.0.1").getPort()).isEqualTo(HostPort.DEFAULT_PORT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostPort.parse("127.0.0.1:99999"))
                .hasMessageContaining("not a port");
        assertThat(DurationConverter.parse("500ms").toMillis()).isEqualTo(500);
        assertThat(DurationConverter.parse("1.5s").toMillis()).isEqualTo(1500);
        assertThat(DurationConverter.parse("2m").toSeconds()).isEqualTo(120);
    }
}
