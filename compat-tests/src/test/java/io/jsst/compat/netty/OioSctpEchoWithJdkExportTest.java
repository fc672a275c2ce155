package io.jsst.compat.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.oio.OioEventLoopGroup;
import io.netty.channel.sctp.oio.OioSctpChannel;
import io.netty.channel.sctp.oio.OioSctpServerChannel;
import java.util.OptionalInt;

/**
 * Netty's OIO SCTP transport, which registers its channels with selectors from {@code Selector.open()}:
 * jsst channels take part in the JDK's own selectors, so this runs with
 * {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (a surefire execution of its own).
 *
 * <p>The client keeps at most 64 messages unanswered, far below jsst's default send buffer: Netty's
 * OioSctpChannel ignores what its non-blocking send returns, so a message refused for want of buffer
 * space would be lost (as on kernel SCTP, where the selector also reports a channel writable that
 * cannot take a large message). It writes one message per flush, which a flush per message matches.
 */
@SuppressWarnings("deprecation") // Netty deprecates its OIO transport; it still ships and is what this exercises
class OioSctpEchoWithJdkExportTest extends SctpEchoContract {

    @Override
    EventLoopGroup newGroup() {
        return new OioEventLoopGroup();
    }

    @Override
    Class<? extends ServerChannel> serverChannelType() {
        return OioSctpServerChannel.class;
    }

    @Override
    Class<? extends Channel> clientChannelType() {
        return OioSctpChannel.class;
    }

    @Override
    int window() {
        return 64;
    }

    @Override
    OptionalInt bufferSize() {
        return OptionalInt.empty();
    }
}
