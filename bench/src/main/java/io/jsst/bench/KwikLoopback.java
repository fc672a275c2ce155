package io.jsst.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tech.kwik.core.QuicClientConnection;
import tech.kwik.core.QuicConnection;
import tech.kwik.core.QuicStream;
import tech.kwik.core.log.NullLogger;
import tech.kwik.core.server.ApplicationProtocolConnection;
import tech.kwik.core.server.ServerConnectionConfig;
import tech.kwik.core.server.ServerConnector;

/**
 * Kwik (pure-Java QUIC, {@code tech.kwik:kwik}) on 127.0.0.1: a {@link ServerConnector} whose
 * streams follow {@link QuicPeerProtocol}, each served on a thread of a cached pool (Kwik hands a new
 * stream over on its receiver thread), and a {@link QuicClientConnection} with blocking streams.
 * Flow-control limits as for Netty QUIC: 16 MiB a stream, 64 MiB a connection.
 */
final class KwikLoopback implements LoopbackTransport {
    private static final String ALPN = "jsst-bench";
    private static final int CHUNK = 64 * 1024;

    private final Duration timeout;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    KwikLoopback(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "Kwik";
    }

    /** A server with its stream-serving threads. */
    private final class Server implements AutoCloseable {
        final DatagramSocket socket;
        final ServerConnector connector;
        final ExecutorService streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kwik-server-stream");
            t.setDaemon(true);
            return t;
        });

        Server() throws Exception {
            SelfSignedKeys keys = SelfSignedKeys.get();
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            ServerConnectionConfig config = ServerConnectionConfig.builder()
                    .maxIdleTimeoutInSeconds(60)
                    .maxConnectionBufferSize(64L << 20)
                    .maxBidirectionalStreamBufferSize(16L << 20)
                    .maxUnidirectionalStreamBufferSize(16L << 20)
                    .maxOpenPeerInitiatedBidirectionalStreams(1_000)
                    .maxOpenPeerInitiatedUnidirectionalStreams(0)
                    .retryRequired(false)
                    .build();
            connector = ServerConnector.builder()
                    .withSocket(socket)
                    .withKeyStore(keys.keyStore(), SelfSignedKeys.ALIAS, SelfSignedKeys.PASSWORD)
                    .withConfiguration(config)
                    .withLogger(new NullLogger())
                    .build();
            connector.registerApplicationProtocol(ALPN, (protocol, connection) -> new ApplicationProtocolConnection() {
                @Override
                public void acceptPeerInitiatedStream(QuicStream stream) {
                    streams.execute(() -> serve(stream));
                }
            });
            connector.start();
            open.add(this);
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            open.remove(this);
            connector.close();
            socket.close();
            streams.shutdownNow();
        }
    }

    private static void serve(QuicStream stream) {
        QuicPeerProtocol.ServerState state = new QuicPeerProtocol.ServerState();
        byte[] buf = new byte[CHUNK];
        try (InputStream in = stream.getInputStream(); OutputStream out = stream.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                byte[] reply = state.sinking() ? state.count(n) : state.take(buf, 0, n);
                if (reply.length > 0) {
                    out.write(reply);
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away; the measurement reports its own side
        }
    }

    private QuicClientConnection connect(int port) throws IOException {
        QuicClientConnection c = QuicClientConnection.newBuilder()
                .uri(URI.create("https://localhost:" + port))
                .preferIPv4()
                .applicationProtocol(ALPN)
                .customTrustStore(trustStore())
                .connectTimeout(timeout)
                .maxIdleTimeout(Duration.ofSeconds(60))
                .defaultStreamReceiveBufferSize(16L << 20)
                .logger(new NullLogger())
                .build();
        AutoCloseable closer = c::close;
        open.add(closer);
        try {
            c.connect();
        } catch (IOException e) {
            c.close();
            throw e;
        } finally {
            open.remove(closer);
        }
        return c;
    }

    /** Trusts the benchmark's self-signed certificate (issued for localhost), and nothing else. */
    private static java.security.KeyStore trustStore() throws IOException {
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry(SelfSignedKeys.ALIAS, SelfSignedKeys.get().certificate());
            return ks;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot make a trust store: " + e, e);
        }
    }

    @Override
    public BulkResult bulk(long bytes, Progress progress) throws Exception {
        return bulk(bytes, 1, progress);
    }

    @Override
    public BulkResult bulk(long bytes, int streams, Progress progress) throws Exception {
        try (Server server = new Server()) {
            QuicConnection c = connect(server.port());
            AutoCloseable closer = c::close;
            open.add(closer);
            try {
                long[] share = JsstLoopback.shares(bytes, streams);
                List<QuicStream> opened = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    QuicStream s = c.createStream(true);
                    s.getOutputStream().write(QuicPeerProtocol.sinkHeader(share[i]));
                    s.getOutputStream().flush();
                    opened.add(s);
                }
                long start = System.nanoTime();
                List<CompletableFuture<Void>> writers = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    QuicStream s = opened.get(i);
                    long mine = share[i];
                    writers.add(JsstLoopback.onThread("kwik-bulk-client-" + i, progress, () -> {
                        OutputStream out = s.getOutputStream();
                        byte[] chunk = new byte[CHUNK];
                        for (long sent = 0; sent < mine; sent += CHUNK) {
                            int n = (int) Math.min(CHUNK, mine - sent);
                            out.write(chunk, 0, n);
                            progress.add(n);
                        }
                        out.flush();
                        if (s.getInputStream().read() != 1) {
                            throw new IOException("no receipt from the server");
                        }
                        out.close();
                    }));
                }
                for (CompletableFuture<Void> w : writers) {
                    w.get();
                }
                return new BulkResult(bytes, System.nanoTime() - start, "");
            } finally {
                open.remove(closer);
                c.close();
            }
        }
    }

    @Override
    public RoundTrips roundTrips(int warmup, int rounds, Progress progress) throws Exception {
        try (Server server = new Server()) {
            QuicConnection c = connect(server.port());
            AutoCloseable closer = c::close;
            open.add(closer);
            try {
                QuicStream s = c.createStream(true);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(QuicPeerProtocol.ECHO);
                byte[] request = new byte[QuicPeerProtocol.MESSAGE];
                byte[] reply = new byte[QuicPeerProtocol.MESSAGE];
                long[] times = new long[rounds];
                for (int i = -warmup; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    out.write(request);
                    out.flush();
                    readFully(in, reply);
                    long t1 = System.nanoTime();
                    if (i >= 0) {
                        times[i] = t1 - t0;
                    }
                    progress.add(1);
                }
                out.close();
                return RoundTrips.of(times, "");
            } finally {
                open.remove(closer);
                c.close();
            }
        }
    }

    /** A new client connection per handshake (a new socket each, as Kwik's client has one). */
    @Override
    public RoundTrips handshakes(int warmup, int count, Progress progress) throws Exception {
        try (Server server = new Server()) {
            long[] times = new long[count];
            for (int i = -warmup; i < count; i++) {
                long t0 = System.nanoTime();
                QuicClientConnection c = connect(server.port());
                long t1 = System.nanoTime();
                if (i >= 0) {
                    times[i] = t1 - t0;
                }
                c.close();
                progress.add(1);
            }
            return RoundTrips.of(times, "");
        }
    }

    @Override
    public double exchangesPerSecond(int warmup, int count, Progress progress) throws Exception {
        try (Server server = new Server()) {
            QuicConnection c = connect(server.port());
            AutoCloseable closer = c::close;
            open.add(closer);
            try {
                byte[] request = QuicPeerProtocol.echoRequest();
                byte[] reply = new byte[QuicPeerProtocol.MESSAGE];
                long start = 0;
                for (int i = -warmup; i < count; i++) {
                    if (i == 0) {
                        start = System.nanoTime();
                    }
                    QuicStream s = c.createStream(true);
                    OutputStream out = s.getOutputStream();
                    out.write(request);
                    out.close();
                    readFully(s.getInputStream(), reply);
                    progress.add(1);
                }
                return count / ((System.nanoTime() - start) / 1e9);
            } finally {
                open.remove(closer);
                c.close();
            }
        }
    }

    private static void readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                throw new IOException("stream ended after " + off + " of " + b.length + " bytes");
            }
            off += n;
        }
    }

    @Override
    public void abort() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                // closing to unblock a stalled step; nothing more to do
            }
        }
        open.clear();
    }
}
