package io.jsst.sctp.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsst.sctp.IllegalUnbindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.AlreadyBoundException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one rule all three channel kinds apply to bindAddress/unbindAddress, in the JDK's order of
 * checks. (A channel really bound to the wildcard address would open a socket on every interface,
 * which tests do not do; the channels call this rule and nothing else.)
 */
class AddressesTest {

    private static final InetAddress WILDCARD = new InetSocketAddress(0).getAddress();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static InetAddress second() throws UnknownHostException {
        return InetAddress.getByName("127.0.0.2");
    }

    @Test
    void aChannelBoundToTheWildcardRefusesAnyAddressChangeWithIllegalStateExceptionFirst() {
        List<InetSocketAddress> wildcardBound = List.of(new InetSocketAddress(WILDCARD, 7000));
        assertThatThrownBy(() -> Addresses.changed(wildcardBound, WILDCARD, true)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Addresses.changed(wildcardBound, WILDCARD, false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Addresses.changed(wildcardBound, LOOPBACK, true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theWildcardAddressCannotBeAddedOrRemoved() {
        List<InetSocketAddress> bound = List.of(new InetSocketAddress(LOOPBACK, 7000));
        assertThatThrownBy(() -> Addresses.changed(bound, WILDCARD, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot add or remove the wildcard address");
        assertThatThrownBy(() -> Addresses.changed(bound, WILDCARD, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAddedAddressTakesTheChannelsPortAndCannotBeAddedTwice() throws UnknownHostException {
        List<InetSocketAddress> bound = List.of(new InetSocketAddress(LOOPBACK, 7000));
        assertThat(Addresses.changed(bound, second(), true))
                .containsExactly(new InetSocketAddress(LOOPBACK, 7000), new InetSocketAddress(second(), 7000));
        assertThatThrownBy(() -> Addresses.changed(bound, LOOPBACK, true)).isInstanceOf(AlreadyBoundException.class);
    }

    @Test
    void onlyABoundAddressOtherThanTheLastCanBeRemoved() throws UnknownHostException {
        List<InetSocketAddress> one = List.of(new InetSocketAddress(LOOPBACK, 7000));
        assertThatThrownBy(() -> Addresses.changed(one, second(), false)).isInstanceOf(IllegalUnbindException.class);
        assertThatThrownBy(() -> Addresses.changed(one, LOOPBACK, false)).isInstanceOf(IllegalUnbindException.class);
        List<InetSocketAddress> two = List.of(new InetSocketAddress(LOOPBACK, 7000), new InetSocketAddress(second(), 7000));
        assertThat(Addresses.changed(two, LOOPBACK, false)).containsExactly(new InetSocketAddress(second(), 7000));
    }
}
