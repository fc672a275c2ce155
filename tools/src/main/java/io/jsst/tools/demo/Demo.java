package io.jsst.tools.demo;

import static io.jsst.tools.Formats.address;
import static io.jsst.tools.Formats.bytes;
import static io.jsst.tools.Formats.count;
import static io.jsst.tools.Formats.millis;
import static io.jsst.tools.Formats.rate;
import static io.jsst.tools.Formats.shortEid;

import io.jsst.engine.Eid;
import io.jsst.engine.Endpoint;
import io.jsst.engine.Host;
import io.jsst.engine.HostConfig;
import io.jsst.engine.Stream;
import io.jsst.engine.StreamServer;
import io.jsst.engine.channel.ChannelStats;
import io.jsst.engine.crypto.CipherSuite;
import io.jsst.socket.JsstServerSocket;
import io.jsst.socket.JsstSocket;
import io.jsst.socket.NetworkDatagram;
import io.jsst.socket.SctpServer;
import io.jsst.socket.SctpServerListener;
import io.jsst.socket.SctpSocket;
import io.jsst.socket.SctpSocketListener;
import io.jsst.socket.SocketState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.CRC32C;

/**
 * The demo: a server host and a client host in this JVM, talking over real UDP on 127.0.0.1.
 *
 * <pre>
 *   run():  bind server + client ──▶ messageStreams ──▶ structuredStreams ──▶ qtSockets ──▶ close both hosts
 *                                    (one method per mode; qtSockets binds its own ports)
 *
 *   a mode:  client thread                         server thread
 *            connect(server, server's EID) ──────▶ accept(), check the client's EID
 *            3 messages ─────────────────────────▶ echo each
 *            bulk bytes, CRC32C ─────────────────▶ count + CRC32C, reply with both
 *            close() (waits for the acks) ───────▶ read end of stream, close()
 * </pre>
 *
 * <p>Every step runs on its own daemon thread and is bounded by the timeout: a step that does not
 * finish in time is reported as stalled ({@link DemoFailure}) instead of hanging. Output goes to
 * the given writer, one readable line per step.
 */
public final class Demo {
    /** The messages the client sends and the server echoes. */
    static final List<String> MESSAGES = List.of(
            "hello, jsst",
            "each write of a message keeps its boundary",
            "structured streams over UDP");

    private static final int CHUNK = 64 * 1024;
    private static final int BLOCK = 1 << 20;

    private final PrintWriter out;
    private final CipherSuite cipherSuite;
    private final long bulkBytes;
    private final Duration timeout;

    /**
     * @param out where the demo prints its lines
     * @param cipherSuite the AEAD both hosts use
     * @param bulkBytes size of the bulk transfer
     * @param timeout the longest any one step may take
     */
    public Demo(PrintWriter out, CipherSuite cipherSuite, long bulkBytes, Duration timeout) {
        this.out = out;
        this.cipherSuite = cipherSuite;
        this.bulkBytes = bulkBytes;
        this.timeout = timeout;
    }

    /**
     * Runs every mode in turn and closes both hosts.
     *
     * @throws DemoFailure naming the first step that failed or stalled
     */
    public void run() throws DemoFailure {
        print("jsst demo: a server and a client host in one JVM, over real UDP on 127.0.0.1");
        Host server = null;
        Host client = null;
        try {
            server = bind("server");
            client = bind("client");
            print("server: listening at %s, EID %s", address(server.localAddress()), shortEid(server.eid()));
            messageStreams(server, client);
            structuredStreams(server, client);
            qtSockets();
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
        print("demo: OK");
    }

    // ------------------------------------------------------------------ modes

    /** Message streams: one stream, messages echoed with their boundaries, a bulk transfer, a clean close. */
    void messageStreams(Host server, Host client) throws DemoFailure {
        print("mode: message streams");
        CompletableFuture<ServerView> serverSide = onDaemonThread("server",
                () -> echoAndSink(server, client.eid()));

        print("client: EID %s, connecting to %s", shortEid(client.eid()), address(server.localAddress()));
        long t0 = System.nanoTime();
        Stream stream = step("handshake", serverSide, () -> client.connect(server.localAddress(), server.eid()));
        long handshakeNanos = System.nanoTime() - t0;
        if (!stream.remoteEid().equals(server.eid())) {
            throw new DemoFailure("handshake: the server proved EID " + stream.remoteEid() + ", not " + server.eid());
        }
        print("handshake: done in %s, %s, server EID %s verified", millis(handshakeNanos), suiteName(cipherSuite),
                shortEid(stream.remoteEid()));

        List<String> echoes = step("messages", serverSide, () -> exchangeMessages(stream));
        print("messages: client sent %d, server echoed them back:", MESSAGES.size());
        for (String echo : echoes) {
            print("  \"%s\"", echo);
        }

        step("bulk transfer", serverSide, () -> sendBulk(stream));

        step("close", serverSide, () -> {
            stream.close();
            return null;
        });
        ServerView view = step("server close", serverSide, serverSide::get);
        print("close: client closed once the server acknowledged everything; server read end of stream (%s) and "
                + "closed", bytes(view.bytesReceived()));
    }

    /**
     * Structured streams: a service instead of a port, substreams opened with no round trip (their
     * first bytes travel with the open), each echoed on its own, and a datagram beside them.
     */
    void structuredStreams(Host server, Host client) throws DemoFailure {
        print("mode: structured streams");
        StreamServer service = server.listen("demo", "echo/1");
        service.acceptAsync().thenAccept(top -> {
            top.setSubstreamListener(sub -> sub.readMessageAsync().thenAccept(m -> {
                if (m != null) {
                    sub.writeMessageAsync(ByteBuffer.wrap(m)).thenRun(sub::shutdownOutput);
                }
            }));
            top.readDatagramAsync().thenAccept(d -> {
                try {
                    top.writeDatagram(d);
                } catch (java.io.IOException e) {
                    // best effort, as datagrams are
                }
            });
        });
        CompletableFuture<Void> none = new CompletableFuture<>();
        Stream top = step("connect to service", none, () -> Stream.connectTo(client,
                Endpoint.of(server.eid(), server.localAddress()), "demo", "echo/1"));
        print("service: connected to \"demo\" (protocol \"echo/1\") on the channel already open");
        List<String> echoes = step("substreams", none, () -> {
            List<Stream> subs = new java.util.ArrayList<>();
            long t0 = System.nanoTime();
            for (String m : MESSAGES) {
                Stream sub = top.openSubstream();
                sub.writeMessage(m.getBytes(StandardCharsets.UTF_8));
                subs.add(sub);
            }
            List<String> got = new java.util.ArrayList<>();
            for (Stream sub : subs) {
                got.add(new String(sub.readMessage(timeout), StandardCharsets.UTF_8));
                sub.close(timeout);
            }
            print("substreams: opened %d with no round trip, each echoed on its own in %s", subs.size(),
                    millis(System.nanoTime() - t0));
            return got;
        });
        if (!echoes.equals(MESSAGES)) {
            throw new DemoFailure("substreams: echoes " + echoes + " are not the messages sent");
        }
        byte[] echoed = step("datagram", none, () -> {
            top.writeDatagram("a datagram".getBytes(StandardCharsets.UTF_8));
            return top.readDatagram(timeout);
        });
        print("datagram: \"%s\" sent best effort and echoed", new String(echoed, StandardCharsets.UTF_8));
        step("close service stream", none, () -> {
            top.close(timeout);
            return null;
        });
        service.close();
    }

    /**
     * Qt's SCTP model ({@code io.jsst.socket}) on its own UDP ports: an SctpServer and an SctpSocket in
     * datagram mode (a datagram on each channel, echoed by the server on the channel it came on),
     * then JsstServerSocket and JsstSocket in TCP emulation (java.net code: lines echoed).
     */
    void qtSockets() throws DemoFailure {
        print("mode: Qt sockets (io.jsst.socket)");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        CompletableFuture<Void> none = new CompletableFuture<>();
        SctpServer server = new SctpServer();
        server.setMaximumChannelCount(4);
        SctpSocket client = new SctpSocket();
        try {
            if (!server.listen(loopback, 0)) {
                throw new DemoFailure("datagram mode: the server cannot listen: " + server.errorString());
            }
            server.addListener(new SctpServerListener() {
                @Override
                public void newConnection() {
                    SctpSocket accepted = server.nextPendingDatagramConnection();
                    if (accepted != null) {
                        accepted.addListener(echoOnSameChannel(accepted));
                    }
                }
            });
            client.connectToHost(loopback, server.serverPort());
            if (!step("datagram connect", none, () -> client.waitForConnected(timeout))) {
                throw new DemoFailure("datagram mode: connect failed: " + client.errorString());
            }
            print("datagram mode: server count %d, client count %d -> %d channels each way",
                    server.maximumChannelCount(), client.maximumChannelCount(), client.writeChannelCount());
            List<String> echoes = step("datagrams", none, () -> {
                for (int c = 0; c < client.writeChannelCount(); c++) {
                    client.setCurrentWriteChannel(c);
                    client.writeDatagram(new NetworkDatagram(("datagram on channel " + c).getBytes(StandardCharsets.UTF_8)));
                }
                List<String> got = new java.util.ArrayList<>();
                for (int c = 0; c < client.readChannelCount(); c++) {
                    client.setCurrentReadChannel(c);
                    NetworkDatagram d = client.readDatagram();
                    while (!d.isValid() && client.waitForReadyRead(timeout)) {
                        d = client.readDatagram();
                    }
                    got.add("channel " + c + ": \"" + new String(d.data(), StandardCharsets.UTF_8) + "\"");
                }
                return got;
            });
            print("datagrams: one sent on each channel, echoed back on the same channel:");
            for (String e : echoes) {
                print("  %s", e);
            }
            client.disconnectFromHost();
            step("datagram disconnect", none, () -> client.state() == SocketState.UNCONNECTED
                    || client.waitForDisconnected(timeout));
        } finally {
            client.abort();
            server.close();
        }

        try (JsstServerSocket lines = new JsstServerSocket(0, 50, loopback)) {
            CompletableFuture<Integer> serverSide = onDaemonThread("line-echo", () -> echoLines(lines));
            List<String> echoed = step("tcp emulation", serverSide, () -> {
                try (Socket s = new JsstSocket(loopback, lines.getLocalPort())) {
                    s.setSoTimeout((int) timeout.toMillis());
                    PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(s.getOutputStream(),
                            StandardCharsets.UTF_8), true);
                    for (String m : MESSAGES) {
                        w.println(m);
                    }
                    s.shutdownOutput();
                    BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    List<String> got = new java.util.ArrayList<>();
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        got.add(line);
                    }
                    return got;
                }
            });
            int served = step("tcp emulation server", serverSide, serverSide::get);
            if (!echoed.equals(MESSAGES)) {
                throw new DemoFailure("tcp emulation: echoes " + echoed + " are not the lines sent");
            }
            print("tcp emulation: JsstSocket (a java.net.Socket) sent %d lines, half-closed, and read them echoed "
                    + "by JsstServerSocket (%d lines served):", MESSAGES.size(), served);
            for (String e : echoed) {
                print("  \"%s\"", e);
            }
        } catch (java.io.IOException e) {
            throw new DemoFailure("tcp emulation: " + e, e);
        }
    }

    /** A listener that echoes every datagram back on the channel it arrived on. */
    private static SctpSocketListener echoOnSameChannel(SctpSocket socket) {
        return new SctpSocketListener() {
            @Override
            public void channelReadyRead(int channel) {
                socket.setCurrentReadChannel(channel);
                socket.setCurrentWriteChannel(channel);
                for (NetworkDatagram d = socket.readDatagram(); d.isValid(); d = socket.readDatagram()) {
                    socket.writeDatagram(d.makeReply(d.data()));
                }
            }
        };
    }

    /** java.net server code: echoes the lines of one client until the end of its input. */
    private static int echoLines(ServerSocket server) throws java.io.IOException {
        try (Socket s = server.accept()) {
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8),
                    true);
            int n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                w.println(line);
                n++;
            }
            return n;
        }
    }

    // ------------------------------------------------------------------ client side

    private List<String> exchangeMessages(Stream stream) throws Exception {
        for (String m : MESSAGES) {
            stream.writeMessage(m.getBytes(StandardCharsets.UTF_8));
        }
        List<String> echoes = new java.util.ArrayList<>();
        for (String m : MESSAGES) {
            byte[] echo = stream.readMessage(timeout);
            if (echo == null) {
                throw new DemoFailure("messages: stream ended after " + echoes.size() + " echoes");
            }
            String text = new String(echo, StandardCharsets.UTF_8);
            if (!text.equals(m)) {
                throw new DemoFailure("messages: sent \"" + m + "\", got back \"" + text + "\"");
            }
            echoes.add(text);
        }
        return echoes;
    }

    private Void sendBulk(Stream stream) throws Exception {
        byte[] block = new byte[BLOCK];
        new Random(42).nextBytes(block);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        CRC32C crc = new CRC32C();
        long start = System.nanoTime();
        for (long offset = 0; offset < bulkBytes; offset += CHUNK) {
            int n = (int) Math.min(CHUNK, bulkBytes - offset);
            chunk.clear();
            chunk.put(block, (int) (offset % BLOCK), n);
            if (n >= Long.BYTES) {
                chunk.putLong(0, offset); // so that chunks out of order would not pass the check
            }
            chunk.flip();
            crc.update(chunk.duplicate());
            stream.write(chunk);
        }
        byte[] reply = stream.readMessage(timeout);
        long elapsed = System.nanoTime() - start;
        if (reply == null || reply.length != 2 * Long.BYTES) {
            throw new DemoFailure("bulk transfer: no receipt from the server");
        }
        ByteBuffer r = ByteBuffer.wrap(reply);
        long received = r.getLong();
        long receivedCrc = r.getLong();
        if (received != bulkBytes || receivedCrc != crc.getValue()) {
            throw new DemoFailure(String.format("bulk transfer: sent %d bytes with CRC32C %08x, server received %d "
                    + "with CRC32C %08x", bulkBytes, crc.getValue(), received, receivedCrc));
        }
        print("bulk: %s client -> server in %.2f s = %s, byte-exact (CRC32C %08x on both sides)",
                bytes(bulkBytes), elapsed / 1e9, rate(bulkBytes, elapsed), crc.getValue());
        ChannelStats s = stream.stats();
        print("stats: RTT %s, cwnd %s, %s packets sent, %s lost, %s retransmitted, datagrams up to %s B",
                millis(s.smoothedRttNanos()), bytes(s.congestionWindow()), count(s.packetsSent()),
                count(s.packetsLost()), count(s.packetsRetransmitted()), count(s.maxDatagramSize()));
        return null;
    }

    // ------------------------------------------------------------------ server side

    /** What the server saw, for the client to check. */
    record ServerView(Eid peerEid, long bytesReceived, long crc) {
    }

    private ServerView echoAndSink(Host server, Eid clientEid) throws Exception {
        Stream s = server.accept(timeout);
        if (!s.remoteEid().equals(clientEid)) {
            throw new DemoFailure("server: the client proved EID " + s.remoteEid() + ", not " + clientEid);
        }
        for (int i = 0; i < MESSAGES.size(); i++) {
            byte[] m = s.readMessage(timeout);
            if (m == null) {
                throw new DemoFailure("server: stream ended after " + i + " messages");
            }
            s.writeMessage(m);
        }
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long received = 0;
        while (received < bulkBytes) {
            buf.clear();
            int n = s.read(buf, timeout);
            if (n < 0) {
                throw new DemoFailure("server: stream ended after " + received + " of " + bulkBytes + " bulk bytes");
            }
            buf.flip();
            crc.update(buf);
            received += n;
        }
        s.writeMessage(ByteBuffer.allocate(2 * Long.BYTES).putLong(received).putLong(crc.getValue()).flip());
        buf.clear();
        int end = s.read(buf, timeout);
        if (end != -1) {
            throw new DemoFailure("server: expected the end of the stream, read " + end + " more bytes");
        }
        s.close();
        return new ServerView(s.remoteEid(), received, crc.getValue());
    }

    // ------------------------------------------------------------------ plumbing

    private Host bind(String role) throws DemoFailure {
        HostConfig config = HostConfig.builder()
                .bindAddress(new InetSocketAddress("127.0.0.1", 0))
                .cipherSuite(cipherSuite)
                .connectTimeout(timeout)
                .build();
        try {
            return Host.bind(config);
        } catch (Exception e) {
            throw new DemoFailure(role + ": cannot bind a UDP socket on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code action} on a daemon thread and waits at most the timeout for it, failing early
     * if the server side failed meanwhile.
     */
    private <T> T step(String name, CompletableFuture<?> serverSide, Callable<T> action) throws DemoFailure {
        FutureTask<T> task = new FutureTask<>(action);
        Thread t = new Thread(task, "jsst-demo-" + name.replace(' ', '-'));
        t.setDaemon(true);
        t.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return task.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (serverSide.isCompletedExceptionally()) {
                        serverSide.join(); // throws the server's failure
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new DemoFailure(name + ": stalled, not done after " + timeout.toSeconds() + " s");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure(name + ": interrupted");
        } catch (ExecutionException | java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof DemoFailure f) {
                throw f;
            }
            throw new DemoFailure(name + ": " + cause, cause);
        }
    }

    private static <T> CompletableFuture<T> onDaemonThread(String name, Callable<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(action.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "jsst-demo-" + name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static String suiteName(CipherSuite suite) {
        return switch (suite) {
            case AES_128_GCM -> "AES-128-GCM";
            case CHACHA20_POLY1305 -> "ChaCha20-Poly1305";
        };
    }

    private void print(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(java.util.Locale.ROOT, format, args));
        out.flush();
    }

    private static void closeQuietly(Host host) {
        if (host != null) {
            host.close();
        }
    }
}
