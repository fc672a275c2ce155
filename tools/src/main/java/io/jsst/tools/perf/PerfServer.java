package io.jsst.tools.perf;

import io.jsst.engine.Host;
import io.jsst.engine.HostConfig;
import io.jsst.engine.Stream;
import io.jsst.engine.StreamServer;
import io.jsst.engine.crypto.CipherSuite;
import io.jsst.tools.Formats;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of {@code jsst perf}: a host listening on the perf service; each client's
 * control stream is served on its own thread, each data stream on another (see {@link PerfTest}).
 * Prints one line per test. Runs until {@link #close()}.
 */
public final class PerfServer implements AutoCloseable {
    /** How long the server waits for a client's next step before it gives up on that client. */
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private final Host host;
    private final StreamServer service;
    private final PrintWriter out;
    private final Thread acceptor;
    private volatile boolean closed;

    private PerfServer(Host host, PrintWriter out) {
        this.host = host;
        this.service = host.listen(PerfTest.SERVICE, PerfTest.PROTOCOL);
        this.out = out;
        this.acceptor = new Thread(this::acceptLoop, "jsst-perf-server");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds a host at {@code bind} and starts serving.
     *
     * @throws IOException if the address cannot be bound
     */
    public static PerfServer start(InetSocketAddress bind, CipherSuite cipherSuite, PrintWriter out) throws IOException {
        Host host = Host.bind(HostConfig.builder().bindAddress(bind).cipherSuite(cipherSuite).build());
        PerfServer s = new PerfServer(host, out);
        s.acceptor.start();
        return s;
    }

    public InetSocketAddress localAddress() {
        return host.localAddress();
    }

    public Host host() {
        return host;
    }

    private void acceptLoop() {
        while (!closed) {
            Stream control;
            try {
                control = service.accept(Duration.ofMillis(200));
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (!closed) {
                    print("accept failed: " + e);
                }
                return;
            }
            Thread t = new Thread(() -> serve(control), "jsst-perf-client-" + Formats.address(control.remoteAddress()));
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Stream control) {
        String who = Formats.address(control.remoteAddress());
        try {
            PerfTest test = PerfTest.decode(control.readMessage(STEP_TIMEOUT));
            print(String.format("%s: %d stream(s), %s writes, %s, %.1f s", who, test.streams(),
                    Formats.bytes(test.size()), test.reverse() ? "server sends" : "client sends",
                    test.duration().toMillis() / 1000.0));
            List<Stream> data = new ArrayList<>();
            for (int i = 0; i < test.streams(); i++) {
                data.add(control.acceptSubstream(STEP_TIMEOUT));
            }
            AtomicLong bytes = new AtomicLong();
            long start = System.nanoTime();
            List<Thread> workers = new ArrayList<>();
            for (Stream s : data) {
                Thread w = new Thread(() -> {
                    try {
                        if (test.reverse()) {
                            send(s, test, bytes);
                        } else {
                            receive(s, bytes);
                        }
                    } catch (IOException e) {
                        print(who + ": data stream failed: " + e);
                    }
                }, "jsst-perf-data");
                w.setDaemon(true);
                w.start();
                workers.add(w);
            }
            long bound = test.duration().plus(STEP_TIMEOUT).toMillis();
            for (Thread w : workers) {
                w.join(bound);
            }
            long nanos = System.nanoTime() - start;
            String result = (test.reverse() ? "sent=" : "received=") + bytes.get();
            control.writeMessage(result.getBytes(StandardCharsets.US_ASCII));
            print(String.format("%s: %s %s in %.2f s = %s", who, test.reverse() ? "sent" : "received",
                    Formats.bytes(bytes.get()), nanos / 1e9, Formats.rate(bytes.get(), nanos)));
            control.readMessage(STEP_TIMEOUT); // the client's end of the control stream
            control.close();
        } catch (IOException e) {
            print(who + ": test failed: " + e);
            control.abort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.abort();
        }
    }

    private static void receive(Stream s, AtomicLong bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (true) {
            buf.clear();
            int n = s.read(buf, STEP_TIMEOUT);
            if (n < 0) {
                return;
            }
            bytes.addAndGet(n);
        }
    }

    private static void send(Stream s, PerfTest test, AtomicLong bytes) throws IOException {
        if (s.readMessage(STEP_TIMEOUT) == null) { // the client's go
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(test.size());
        long end = System.nanoTime() + test.duration().toNanos();
        while (System.nanoTime() < end) {
            buf.clear();
            s.write(buf, STEP_TIMEOUT);
            bytes.addAndGet(test.size());
        }
        s.shutdownOutput();
    }

    private void print(String line) {
        synchronized (out) {
            out.println("server: " + line);
            out.flush();
        }
    }

    /** Stops accepting and closes the host (tests in progress fail). */
    @Override
    public void close() {
        closed = true;
        host.close();
    }
}
