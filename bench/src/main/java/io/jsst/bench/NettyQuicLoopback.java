package io.jsst.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.Quic;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Netty's QUIC ({@code netty-codec-native-quic}: quiche, native, through JNI) on 127.0.0.1: a
 * server and a client, each on its own one-thread NIO event loop, with default quiche settings
 * except for generous flow-control limits (16 MiB a stream, 64 MiB a connection). The server's
 * streams follow {@link QuicPeerProtocol}. Writers keep at most 16 writes of 64 KiB outstanding.
 */
final class NettyQuicLoopback implements LoopbackTransport {
    private static final String ALPN = "jsst-bench";
    private static final int CHUNK = 64 * 1024;
    private static final int OUTSTANDING_WRITES = 16;

    private final Duration timeout;
    private final List<Channel> open = new java.util.concurrent.CopyOnWriteArrayList<>();
    private EventLoopGroup serverGroup;
    private EventLoopGroup clientGroup;

    NettyQuicLoopback(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "Netty QUIC";
    }

    /** A server bound to 127.0.0.1 and a client endpoint with one connection to it. */
    private final class Pair {
        final Channel server;
        final Channel clientSocket;
        final QuicChannel connection;

        Pair() throws Exception {
            start();
            server = serverSocket();
            clientSocket = clientSocket();
            connection = connect(clientSocket, server.localAddress());
        }

        QuicStreamChannel newStream(ReceivedBytes received) throws Exception {
            return connection.createStream(QuicStreamType.BIDIRECTIONAL, clientStreamHandler(received))
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        void close() {
            connection.close().awaitUninterruptibly(timeout.toMillis());
            clientSocket.close().awaitUninterruptibly(timeout.toMillis());
            server.close().awaitUninterruptibly(timeout.toMillis());
        }
    }

    @Override
    public BulkResult bulk(long bytes, Progress progress) throws Exception {
        return bulk(bytes, 1, progress);
    }

    @Override
    public BulkResult bulk(long bytes, int streams, Progress progress) throws Exception {
        Pair pair = new Pair();
        try {
            long[] share = JsstLoopback.shares(bytes, streams);
            List<QuicStreamChannel> opened = new ArrayList<>();
            List<ReceivedBytes> receipts = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                ReceivedBytes r = new ReceivedBytes();
                QuicStreamChannel s = pair.newStream(r);
                s.writeAndFlush(Unpooled.wrappedBuffer(QuicPeerProtocol.sinkHeader(share[i])))
                        .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                opened.add(s);
                receipts.add(r);
            }
            long start = System.nanoTime();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                QuicStreamChannel s = opened.get(i);
                ReceivedBytes r = receipts.get(i);
                long mine = share[i];
                writers.add(JsstLoopback.onThread("netty-bulk-client-" + i, progress, () -> {
                    ArrayDeque<ChannelFuture> pending = new ArrayDeque<>();
                    byte[] chunk = new byte[CHUNK];
                    for (long sent = 0; sent < mine; sent += CHUNK) {
                        int n = (int) Math.min(CHUNK, mine - sent);
                        pending.add(s.writeAndFlush(Unpooled.wrappedBuffer(chunk, 0, n)));
                        if (pending.size() > OUTSTANDING_WRITES) {
                            awaitWrite(pending.poll());
                        }
                        progress.add(n);
                    }
                    while (!pending.isEmpty()) {
                        awaitWrite(pending.poll());
                    }
                    r.await(1, timeout.toNanos());
                }));
            }
            for (CompletableFuture<Void> w : writers) {
                w.get();
            }
            long nanos = System.nanoTime() - start;
            return new BulkResult(bytes, nanos, "");
        } finally {
            pair.close();
        }
    }

    private void awaitWrite(ChannelFuture f) throws Exception {
        if (!f.await(timeout.toMillis())) {
            throw new java.net.SocketTimeoutException("a write did not complete");
        }
        if (!f.isSuccess()) {
            throw new IOException("write failed: " + f.cause(), f.cause());
        }
    }

    @Override
    public RoundTrips roundTrips(int warmup, int rounds, Progress progress) throws Exception {
        Pair pair = new Pair();
        try {
            ReceivedBytes received = new ReceivedBytes();
            QuicStreamChannel s = pair.newStream(received);
            s.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {QuicPeerProtocol.ECHO})).get();
            byte[] request = new byte[QuicPeerProtocol.MESSAGE];
            long[] times = new long[rounds];
            long expected = 0;
            for (int i = -warmup; i < rounds; i++) {
                long t0 = System.nanoTime();
                s.writeAndFlush(Unpooled.wrappedBuffer(request));
                expected += request.length;
                received.await(expected, timeout.toNanos());
                long t1 = System.nanoTime();
                if (i >= 0) {
                    times[i] = t1 - t0;
                }
                progress.add(1);
            }
            return RoundTrips.of(times, "");
        } finally {
            pair.close();
        }
    }

    /** A new client socket and QUIC connection per handshake (set up and closed untimed). */
    @Override
    public RoundTrips handshakes(int warmup, int count, Progress progress) throws Exception {
        start();
        Channel server = serverSocket();
        try {
            long[] times = new long[count];
            for (int i = -warmup; i < count; i++) {
                Channel client = clientSocket();
                try {
                    long t0 = System.nanoTime();
                    QuicChannel c = connect(client, server.localAddress());
                    long t1 = System.nanoTime();
                    if (i >= 0) {
                        times[i] = t1 - t0;
                    }
                    c.close().awaitUninterruptibly(timeout.toMillis());
                } finally {
                    client.close().awaitUninterruptibly(timeout.toMillis());
                    open.remove(client);
                }
                progress.add(1);
            }
            return RoundTrips.of(times, "");
        } finally {
            server.close().awaitUninterruptibly(timeout.toMillis());
        }
    }

    /** A new stream per exchange: open, the echo mark and 64 bytes, end of output, the echo back. */
    @Override
    public double exchangesPerSecond(int warmup, int count, Progress progress) throws Exception {
        Pair pair = new Pair();
        try {
            byte[] request = QuicPeerProtocol.echoRequest();
            long start = 0;
            for (int i = -warmup; i < count; i++) {
                if (i == 0) {
                    start = System.nanoTime();
                }
                ReceivedBytes received = new ReceivedBytes();
                QuicStreamChannel s = pair.newStream(received);
                s.writeAndFlush(Unpooled.wrappedBuffer(request));
                s.shutdownOutput();
                received.await(QuicPeerProtocol.MESSAGE, timeout.toNanos());
                progress.add(1);
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            pair.close();
        }
    }

    @Override
    public void abort() {
        for (Channel c : open) {
            c.close();
        }
        open.clear();
        shutdown();
    }

    /** Ends the event loops; the next measurement starts new ones. */
    void shutdown() {
        if (serverGroup != null) {
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            serverGroup = null;
            clientGroup = null;
        }
    }

    private synchronized void start() throws IOException {
        try {
            Quic.ensureAvailability();
        } catch (Throwable t) {
            throw new IOException("Netty's native QUIC is not available here: " + t, t);
        }
        if (serverGroup == null) {
            serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        }
    }

    private Channel serverSocket() throws Exception {
        SelfSignedKeys keys = SelfSignedKeys.get();
        QuicSslContext ssl = QuicSslContextBuilder.forServer(keys.key(), null, keys.certificate())
                .applicationProtocols(ALPN).build();
        ChannelHandler codec = new QuicServerCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(60, TimeUnit.SECONDS)
                .initialMaxData(64L << 20)
                .initialMaxStreamDataBidirectionalLocal(16L << 20)
                .initialMaxStreamDataBidirectionalRemote(16L << 20)
                .initialMaxStreamsBidirectional(1_000_000)
                .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                .handler(new NoOp())
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        ch.pipeline().addLast(new ServerStream());
                    }
                })
                .build();
        Channel c = new Bootstrap().group(serverGroup).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        open.add(c);
        return c;
    }

    private Channel clientSocket() throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE).applicationProtocols(ALPN).build();
        ChannelHandler codec = new QuicClientCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(60, TimeUnit.SECONDS)
                .initialMaxData(64L << 20)
                .initialMaxStreamDataBidirectionalLocal(16L << 20)
                .initialMaxStreamDataBidirectionalRemote(16L << 20)
                .build();
        Channel c = new Bootstrap().group(clientGroup).channel(NioDatagramChannel.class).handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        open.add(c);
        return c;
    }

    private QuicChannel connect(Channel clientSocket, java.net.SocketAddress server) throws Exception {
        return QuicChannel.newBootstrap(clientSocket)
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(server)
                .connect()
                .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A handler that does nothing, shareable by every connection of a server. */
    @ChannelHandler.Sharable
    private static final class NoOp extends ChannelInboundHandlerAdapter {
    }

    private static ChannelHandler clientStreamHandler(ReceivedBytes received) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                received.add(b.readableBytes());
                b.release();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                received.fail(cause);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                received.end();
            }
        };
    }

    /** The server's side of a stream, as {@link QuicPeerProtocol} says, on the server's event loop. */
    private static final class ServerStream extends ChannelInboundHandlerAdapter {
        private final QuicPeerProtocol.ServerState state = new QuicPeerProtocol.ServerState();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                byte[] reply;
                if (state.sinking()) {
                    reply = state.count(b.readableBytes());
                } else {
                    byte[] bytes = new byte[b.readableBytes()];
                    b.readBytes(bytes);
                    reply = state.take(bytes, 0, bytes.length);
                }
                if (reply.length > 0) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(reply));
                }
            } finally {
                b.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                ((QuicStreamChannel) ctx.channel()).shutdownOutput();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
