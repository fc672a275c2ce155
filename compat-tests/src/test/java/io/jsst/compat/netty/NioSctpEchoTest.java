package io.jsst.compat.netty;

import io.jsst.nio.JsstSelectorProvider;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.sctp.nio.NioSctpChannel;
import io.netty.channel.sctp.nio.NioSctpServerChannel;
import java.util.OptionalInt;
import java.util.concurrent.Executor;

/**
 * Netty's NIO SCTP transport with its event loops on jsst's SelectorProvider. The client sends all
 * its messages at once into 16 KiB buffers, so sends meet back-pressure (a send taking nothing, then
 * OP_WRITE) and receives meet flow control.
 */
class NioSctpEchoTest extends SctpEchoContract {

    @Override
    EventLoopGroup newGroup() {
        return new NioEventLoopGroup(1, (Executor) null, JsstSelectorProvider.provider());
    }

    @Override
    Class<? extends ServerChannel> serverChannelType() {
        return NioSctpServerChannel.class;
    }

    @Override
    Class<? extends Channel> clientChannelType() {
        return NioSctpChannel.class;
    }

    @Override
    int window() {
        return EchoMessages.TOTAL;
    }

    @Override
    OptionalInt bufferSize() {
        return OptionalInt.of(16 * 1024);
    }
}
