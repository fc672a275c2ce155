package io.jsst.sctp.impl;

import io.jsst.association.AssociationSession;
import io.jsst.nio.JdkBridgedChannel;
import io.jsst.nio.JdkSelectorBridge;
import java.nio.channels.spi.SelectorProvider;

/**
 * jsst's SCTP channels in the form the JDK's own selectors accept ({@link JdkBridgedChannel}),
 * made only when the JVM exports {@code sun.nio.ch} to jsst
 * ({@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}); see {@link io.jsst.nio.JdkSelectorSupport}.
 * The factories return {@code Object} so that no caller's bytecode names these classes unless they
 * are used: loading them without the export fails.
 */
final class JdkSelectableChannels {

    private JdkSelectableChannels() {
    }

    static Object channel(SelectorProvider provider) {
        return new Channel(provider);
    }

    static Object establishedChannel(SelectorProvider provider, AssociationSession session, boolean announce) {
        return new Channel(provider, session, announce);
    }

    static Object serverChannel(SelectorProvider provider) {
        return new ServerChannel(provider);
    }

    static Object multiChannel(SelectorProvider provider) {
        return new MultiChannel(provider);
    }

    static final class Channel extends SctpChannelImpl implements JdkBridgedChannel {
        private final JdkSelectorBridge bridge = JdkSelectorBridge.attach(this);

        Channel(SelectorProvider provider) {
            super(provider);
        }

        Channel(SelectorProvider provider, AssociationSession session, boolean announce) {
            super(provider, session, announce);
        }

        @Override
        public JdkSelectorBridge bridge() {
            return bridge;
        }
    }

    static final class ServerChannel extends SctpServerChannelImpl implements JdkBridgedChannel {
        private final JdkSelectorBridge bridge = JdkSelectorBridge.attach(this);

        ServerChannel(SelectorProvider provider) {
            super(provider);
        }

        @Override
        public JdkSelectorBridge bridge() {
            return bridge;
        }
    }

    static final class MultiChannel extends SctpMultiChannelImpl implements JdkBridgedChannel {
        private final JdkSelectorBridge bridge = JdkSelectorBridge.attach(this);

        MultiChannel(SelectorProvider provider) {
            super(provider);
        }

        @Override
        public JdkSelectorBridge bridge() {
            return bridge;
        }
    }
}
