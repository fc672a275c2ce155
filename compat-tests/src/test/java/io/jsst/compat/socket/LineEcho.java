package io.jsst.compat.socket;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32C;

/**
 * A line-oriented echo protocol written for {@code java.net.Socket} and {@code ServerSocket}, as
 * legacy code is: the server echoes every line it reads until the end of its input, then closes;
 * the client writes its lines, shuts its output down (half-close) and reads the echoes to the end.
 * Nothing here knows about jsst: the test hands it either kind of socket.
 */
final class LineEcho {

    /** What one run moved. */
    record Result(long bytesSent, long sentCrc, long bytesEchoed, long echoedCrc, long serverLines) {
    }

    private LineEcho() {
    }

    /** Line {@code i}: {@code length - 1} printable characters, then a newline. */
    static String line(int i, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int k = 0; k < length - 1; k++) {
            b.append((char) (33 + (i * 31 + k * 7) % 94));
        }
        return b.append('\n').toString();
    }

    /** Serves one client of {@code server}: echoes each line, closes at the end of the input; the lines echoed. */
    static long serveOne(ServerSocket server) throws IOException {
        try (Socket s = server.accept()) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            Writer out = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.ISO_8859_1));
            long lines = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.write('\n');
                lines++;
            }
            out.flush();
            return lines;
        }
    }

    /** Sends {@code lines} lines of {@code length} bytes through {@code client}, reading the echoes meanwhile. */
    static Result run(ServerSocket server, Socket client, int lines, int length, long timeoutSeconds)
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Long> served = CompletableFuture.supplyAsync(() -> {
            try {
                return serveOne(server);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (client) {
            client.setSoTimeout(30_000);
            CompletableFuture<long[]> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    Writer out = new BufferedWriter(new OutputStreamWriter(client.getOutputStream(),
                            StandardCharsets.ISO_8859_1), 64 * 1024);
                    CRC32C crc = new CRC32C();
                    long bytes = 0;
                    for (int i = 0; i < lines; i++) {
                        String l = line(i, length);
                        out.write(l);
                        crc.update(l.getBytes(StandardCharsets.ISO_8859_1));
                        bytes += l.length();
                    }
                    out.flush();
                    client.shutdownOutput();
                    return new long[] {bytes, crc.getValue()};
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.ISO_8859_1), 64 * 1024);
            CRC32C crc = new CRC32C();
            long bytes = 0;
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                byte[] b = (l + '\n').getBytes(StandardCharsets.ISO_8859_1);
                crc.update(b);
                bytes += b.length;
            }
            long[] s = sent.get(timeoutSeconds, TimeUnit.SECONDS);
            return new Result(s[0], s[1], bytes, crc.getValue(), served.get(timeoutSeconds, TimeUnit.SECONDS));
        }
    }
}
