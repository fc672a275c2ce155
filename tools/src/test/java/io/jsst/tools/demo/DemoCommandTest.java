package io.jsst.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.tools.JsstCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class DemoCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int jsst(String... args) {
        CommandLine cmd = JsstCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    @Timeout(60)
    void demoRunsHandshakeMessagesBulkTransferAndCloseAndExitsZero() {
        int exit = jsst("demo", "--bytes", "4m", "--timeout", "30");

        assertThat(err.toString()).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("server: listening at 127.0.0.1:")
                .contains("mode: message streams")
                .contains("handshake: done in")
                .contains("AES-128-GCM")
                .contains("verified")
                .contains("\"hello, jsst\"")
                .contains("bulk: 4.0 MiB client -> server")
                .contains("byte-exact")
                .contains("stats: RTT")
                .contains("close: client closed")
                .contains("mode: structured streams")
                .contains("service: connected to \"demo\"")
                .contains("substreams: opened 3 with no round trip")
                .contains("datagram: \"a datagram\" sent best effort and echoed")
                .contains("mode: Qt sockets (io.jsst.socket)")
                .contains("datagram mode: server count 4, client count 0 -> 4 channels each way")
                .contains("channel 3: \"datagram on channel 3\"")
                .contains("tcp emulation: JsstSocket (a java.net.Socket) sent 3 lines")
                .endsWith("demo: OK" + System.lineSeparator());
    }

    @Test
    @Timeout(60)
    void demoRunsWithChaCha20Poly1305() {
        int exit = jsst("demo", "--bytes", "1m", "--cipher", "chacha", "--timeout", "30");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ChaCha20-Poly1305").contains("demo: OK");
    }

    @Test
    void unknownCipherIsAUsageErrorNamingTheChoices() {
        int exit = jsst("demo", "--cipher", "rot13");

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("expected aes or chacha");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void jsstWithoutSubcommandPrintsUsageListingDemo() {
        int exit = jsst();

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: jsst").contains("demo");
    }
}
