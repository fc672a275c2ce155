package io.jsst.compat.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.sctp.nio.NioSctpChannel;
import io.netty.channel.sctp.oio.OioSctpChannel;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Netty SCTP classes on the test class path are the relocated ones, built on io.jsst.sctp. */
class NettySctpRelocationTest {

    @Test
    void nioSctpChannelWrapsJsstSctpChannel() throws NoSuchMethodException {
        Method javaChannel = NioSctpChannel.class.getDeclaredMethod("javaChannel");
        assertThat(javaChannel.getReturnType()).isEqualTo(io.jsst.sctp.SctpChannel.class);
    }

    @Test
    void oioSctpChannelTakesJsstSctpChannel() throws NoSuchMethodException {
        assertThat(OioSctpChannel.class.getConstructor(io.jsst.sctp.SctpChannel.class)).isNotNull();
    }

    @Test
    void theClassPathHoldsOneCopyOfNettySctpTheRelocatedOne() throws IOException {
        List<URL> copies = Collections.list(getClass().getClassLoader()
                .getResources("io/netty/channel/sctp/nio/NioSctpChannel.class"));
        assertThat(copies).singleElement().asString().contains("jsst-netty-sctp");
    }
}
