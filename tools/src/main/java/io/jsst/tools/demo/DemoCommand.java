package io.jsst.tools.demo;

import io.jsst.engine.crypto.CipherSuite;
import io.jsst.tools.ByteSizeConverter;
import io.jsst.tools.CipherSuiteConverter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jsst demo}: runs {@link Demo}; exit code 0 when every step succeeded, 1 otherwise. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a server and a client host in this JVM, over real UDP on 127.0.0.1.",
            "Shows the handshake, a message echo, a bulk transfer with its statistics, and a clean close."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bytes", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Size of the bulk transfer, e.g. 64m or 1g (default: ${DEFAULT-VALUE}).",
            defaultValue = "64m")
    long bulkBytes;

    @Option(names = "--cipher", paramLabel = "aes|chacha", converter = CipherSuiteConverter.class,
            description = "AEAD of both hosts: aes (AES-128-GCM) or chacha (ChaCha20-Poly1305); default: aes.",
            defaultValue = "aes")
    CipherSuite cipherSuite;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Give up on a step that takes longer than this (default: ${DEFAULT-VALUE} s).",
            defaultValue = "60")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            new Demo(out, cipherSuite, bulkBytes, Duration.ofSeconds(timeoutSeconds)).run();
            out.flush();
            return 0;
        } catch (DemoFailure e) {
            out.flush();
            err.println("demo FAILED: " + e.getMessage());
            if (e.getCause() != null) {
                err.println("  cause: " + e.getCause());
            }
            err.flush();
            return 1;
        }
    }
}
