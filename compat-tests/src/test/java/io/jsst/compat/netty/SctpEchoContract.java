package io.jsst.compat.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.sctp.Association;
import io.jsst.sctp.AssociationChangeNotification;
import io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent;
import io.jsst.sctp.SctpStandardSocketOptions.InitMaxStreams;
import io.jsst.sctp.ShutdownNotification;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.sctp.SctpChannel;
import io.netty.channel.sctp.SctpChannelOption;
import io.netty.channel.sctp.SctpMessage;
import io.netty.handler.codec.sctp.SctpMessageCompletionHandler;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Netty's SCTP transport, relocated onto io.jsst.sctp, running an echo server and client over
 * 127.0.0.1; each transport (NIO, OIO) subclasses this with its channel types and event loops.
 *
 * <pre>
 *   client ──10,000 messages, 8 streams, ppids──► server (checks each, in order per stream)
 *   client ◄──────────── the same, echoed ─────── server
 *   client checks each echo, in order per stream, then closes; the server's child sees the shutdown
 * </pre>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SctpEchoContract {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final long EXCHANGE_BOUND_SECONDS = 20;
    private static final long STEP_BOUND_SECONDS = 10;

    private final List<EventLoopGroup> groups = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();

    /** A new event loop group of this transport. */
    abstract EventLoopGroup newGroup();

    abstract Class<? extends ServerChannel> serverChannelType();

    abstract Class<? extends Channel> clientChannelType();

    /** The most messages the client has sent and not yet seen echoed. */
    abstract int window();

    /** SO_SNDBUF and SO_RCVBUF of both ends; empty to keep jsst's defaults. */
    abstract OptionalInt bufferSize();

    @AfterEach
    void closeChannelsAndShutDownGroups() throws InterruptedException {
        for (Channel c : channels) {
            assertThat(c.close().await(STEP_BOUND_SECONDS, TimeUnit.SECONDS)).as("close of %s", c).isTrue();
        }
        for (EventLoopGroup g : groups) {
            Future<?> f = g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            assertThat(f.await(STEP_BOUND_SECONDS, TimeUnit.SECONDS)).as("shutdown of %s", g).isTrue();
        }
    }

    @Test
    void echoesTenThousandMessagesOverEightStreamsEachWayByteExactAndInOrderPerStream() throws Exception {
        EventLoopGroup serverGroup = group();
        EventLoopGroup clientGroup = group();
        EchoServer echoServer = new EchoServer();
        CompletableFuture<Channel> child = new CompletableFuture<>();
        InitMaxStreams streams = InitMaxStreams.create(EchoMessages.STREAMS, EchoMessages.STREAMS);

        ServerBootstrap serverBootstrap = new ServerBootstrap()
                .group(serverGroup)
                .channel(serverChannelType())
                .option(SctpChannelOption.SCTP_INIT_MAXSTREAMS, streams);
        Bootstrap clientBootstrap = new Bootstrap()
                .group(clientGroup)
                .channel(clientChannelType())
                .option(SctpChannelOption.SCTP_INIT_MAXSTREAMS, streams);
        bufferSize().ifPresent(size -> {
            serverBootstrap.childOption(SctpChannelOption.SO_SNDBUF, size)
                    .childOption(SctpChannelOption.SO_RCVBUF, size);
            clientBootstrap.option(SctpChannelOption.SO_SNDBUF, size).option(SctpChannelOption.SO_RCVBUF, size);
        });

        Channel server = await(serverBootstrap
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        child.complete(ch);
                        ch.pipeline().addLast(new SctpMessageCompletionHandler(), echoServer.newHandler());
                    }
                })
                .bind(new InetSocketAddress(LOOPBACK, 0)), "bind");

        EchoClient echoClient = new EchoClient(window());
        Channel client = await(clientBootstrap
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SctpMessageCompletionHandler(), echoClient);
                    }
                })
                .connect(server.localAddress()), "connect");

        try {
            echoClient.done.get(EXCHANGE_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            String outcome = e instanceof TimeoutException ? "not done within " + EXCHANGE_BOUND_SECONDS + " s"
                    : String.valueOf(e.getCause());
            throw new AssertionError("client: " + outcome + " (" + echoClient.sent + " sent, " + echoClient.received
                    + " echoes back); server: " + echoServer.failure.getNow("no failure") + " ("
                    + echoServer.received.get() + " received)", e instanceof ExecutionException ? e.getCause() : e);
        }
        assertThat(echoServer.failure).as("what the server saw wrong").isNotDone();
        assertThat(echoServer.received).hasValue(EchoMessages.TOTAL);

        Association association = ((SctpChannel) client).association();
        assertThat(association.maxOutboundStreams()).isEqualTo(EchoMessages.STREAMS);
        assertThat(association.maxInboundStreams()).isEqualTo(EchoMessages.STREAMS);
        assertThat(echoClient.events).first().asInstanceOf(InstanceOfAssertFactories.type(
                AssociationChangeNotification.class)).extracting(AssociationChangeNotification::event)
                .isEqualTo(AssocChangeEvent.COMM_UP);
        Channel accepted = child.get(STEP_BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(client.remoteAddress()).isEqualTo(server.localAddress());
        assertThat(accepted.localAddress()).isEqualTo(server.localAddress());
        assertThat(((InetSocketAddress) accepted.remoteAddress()).getPort())
                .isEqualTo(((InetSocketAddress) client.localAddress()).getPort());

        assertThat(client.close().await(STEP_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted.closeFuture().await(STEP_BOUND_SECONDS, TimeUnit.SECONDS))
                .as("server's child channel closed after the client closed").isTrue();
        assertThat(echoServer.events).as("what the server's child was told")
                .anyMatch(ShutdownNotification.class::isInstance);
        assertThat(server.close().await(STEP_BOUND_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(server.isOpen()).isFalse();
    }

    private EventLoopGroup group() {
        EventLoopGroup g = newGroup();
        groups.add(g);
        return g;
    }

    private Channel await(ChannelFuture f, String what) throws InterruptedException {
        channels.add(f.channel());
        assertThat(f.await(STEP_BOUND_SECONDS, TimeUnit.SECONDS)).as("%s within %d s", what, STEP_BOUND_SECONDS)
                .isTrue();
        if (!f.isSuccess()) {
            throw new AssertionError(what + " failed", f.cause());
        }
        return f.channel();
    }

    /**
     * Checks each message against the next one expected on its stream, then echoes it on the same
     * stream with the same ppid.
     */
    private static final class EchoServer {
        final AtomicInteger received = new AtomicInteger();
        final CompletableFuture<String> failure = new CompletableFuture<>();
        final List<Object> events = new CopyOnWriteArrayList<>();

        SimpleChannelInboundHandler<SctpMessage> newHandler() {
            int[] nextSequence = new int[EchoMessages.STREAMS];
            return new SimpleChannelInboundHandler<>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, SctpMessage m) {
                    String wrong = EchoMessages.mismatch(m, nextSequence[Math.floorMod(m.streamIdentifier(),
                            EchoMessages.STREAMS)]);
                    if (wrong != null) {
                        failure.complete(wrong);
                        ctx.close();
                        return;
                    }
                    nextSequence[m.streamIdentifier()]++;
                    received.incrementAndGet();
                    ctx.writeAndFlush(new SctpMessage(m.protocolIdentifier(), m.streamIdentifier(),
                            m.content().retain())).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
                }

                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                    events.add(event);
                    ctx.fireUserEventTriggered(event);
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    failure.complete("server: " + cause);
                    ctx.close();
                }
            };
        }
    }

    /**
     * Sends the messages in order, at most {@code window} ahead of the echoes, and checks each echo
     * against the next one expected on its stream. State is touched on the channel's event loop only.
     */
    private static final class EchoClient extends SimpleChannelInboundHandler<SctpMessage> {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final List<Object> events = new CopyOnWriteArrayList<>();
        private final int window;
        private final int[] nextSequence = new int[EchoMessages.STREAMS];
        volatile int sent;
        volatile int received;

        EchoClient(int window) {
            this.window = window;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            sendMore(ctx);
            ctx.fireChannelActive();
        }

        private void sendMore(ChannelHandlerContext ctx) {
            while (sent < EchoMessages.TOTAL && sent - received < window) {
                ctx.writeAndFlush(EchoMessages.message(ctx.alloc(), sent)).addListener(f -> {
                    if (!f.isSuccess()) {
                        done.completeExceptionally(f.cause());
                    }
                });
                sent++;
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, SctpMessage m) {
            String wrong = EchoMessages.mismatch(m, nextSequence[Math.floorMod(m.streamIdentifier(),
                    EchoMessages.STREAMS)]);
            if (wrong != null) {
                done.completeExceptionally(new AssertionError("echo: " + wrong));
                ctx.close();
                return;
            }
            nextSequence[m.streamIdentifier()]++;
            received++;
            if (received == EchoMessages.TOTAL) {
                done.complete(null);
            } else {
                sendMore(ctx);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            events.add(event);
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new AssertionError("client channel closed after " + received + " echoes"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
            ctx.close();
        }
    }
}
