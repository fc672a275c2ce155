package io.jsst.sctp.impl;

import io.jsst.association.AssociationSession;
import io.jsst.nio.JdkSelectorSupport;
import io.jsst.nio.JsstSelectorProvider;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpMultiChannel;
import io.jsst.sctp.SctpServerChannel;
import java.io.IOException;
import java.nio.channels.spi.SelectorProvider;

/**
 * Where the {@code open()} methods of {@link SctpChannel}, {@link SctpServerChannel} and
 * {@link SctpMultiChannel} get their channels.
 */
public final class SctpChannels {
    private SctpChannels() {
    }

    /**
     * Returns the provider that jsst's SCTP channels are created with, and whose selectors can select them.
     *
     * @return the selector provider
     */
    public static SelectorProvider selectorProvider() {
        return JsstSelectorProvider.provider();
    }

    /**
     * Opens an unbound, unconnected one-to-one channel.
     *
     * @return the new channel
     * @throws IOException if an I/O error occurs
     */
    public static SctpChannel openChannel() throws IOException {
        return JdkSelectorSupport.isAvailable()
                ? (SctpChannel) JdkSelectableChannels.channel(selectorProvider())
                : new SctpChannelImpl(selectorProvider());
    }

    /**
     * Opens an unbound server channel.
     *
     * @return the new channel
     * @throws IOException if an I/O error occurs
     */
    public static SctpServerChannel openServerChannel() throws IOException {
        return JdkSelectorSupport.isAvailable()
                ? (SctpServerChannel) JdkSelectableChannels.serverChannel(selectorProvider())
                : new SctpServerChannelImpl(selectorProvider());
    }

    /**
     * Opens an unbound one-to-many channel.
     *
     * @return the new channel
     * @throws IOException if an I/O error occurs
     */
    public static SctpMultiChannel openMultiChannel() throws IOException {
        return JdkSelectorSupport.isAvailable()
                ? (SctpMultiChannel) JdkSelectableChannels.multiChannel(selectorProvider())
                : new SctpMultiChannelImpl(selectorProvider());
    }

    /** A connected channel on an association accepted by a server or branched off a multi channel. */
    static SctpChannel establishedChannel(AssociationSession session, boolean announce) {
        return JdkSelectorSupport.isAvailable()
                ? (SctpChannel) JdkSelectableChannels.establishedChannel(selectorProvider(), session, announce)
                : new SctpChannelImpl(selectorProvider(), session, announce);
    }
}
