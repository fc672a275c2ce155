package io.jsst.sctp.impl;

import io.jsst.association.AssociationSession;
import java.io.FileDescriptor;
import java.nio.channels.spi.SelectorProvider;
import io.jsst.nio.JdkSelectorBridge;
import sun.nio.ch.SelChImpl;
import sun.nio.ch.SelectionKeyImpl;

/**
 * jsst's SCTP channels in the form the JDK's own selectors accept ({@code sun.nio.ch.SelChImpl}),
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

    static final class Channel extends SctpChannelImpl implements SelChImpl {
        private final JdkSelectorBridge bridge = JdkSelectorBridge.attach(this);

        Channel(SelectorProvider provider) {
            super(provider);
        }

        Channel(SelectorProvider provider, AssociationSession session, boolean announce) {
            super(provider, session, announce);
        }

        @Override
        public FileDescriptor getFD() {
            return bridge.getFD();
        }

        @Override
        public int getFDVal() {
            return bridge.getFDVal();
        }

        @Override
        public boolean translateAndUpdateReadyOps(int ops, SelectionKeyImpl key) {
            return bridge.translateAndUpdateReadyOps(ops, key);
        }

        @Override
        public boolean translateAndSetReadyOps(int ops, SelectionKeyImpl key) {
            return bridge.translateAndSetReadyOps(ops, key);
        }

        @Override
        public int translateInterestOps(int ops) {
            return bridge.translateInterestOps(ops);
        }

        @Override
        public void kill() {
            bridge.kill();
        }
    }

    static final class ServerChannel extends SctpServerChannelImpl implements SelChImpl {
        private final JdkSelectorBridge bridge = JdkSelectorBridge.attach(this);

        ServerChannel(SelectorProvider provider) {
            super(provider);
        }

        @Override
        public FileDescriptor getFD() {
            return bridge.getFD();
        }

        @Override
        public int getFDVal() {
            return bridge.getFDVal();
        }

        @Override
        public boolean translateAndUpdateReadyOps(int ops, SelectionKeyImpl key) {
            return bridge.translateAndUpdateReadyOps(ops, key);
        }

        @Override
        public boolean translateAndSetReadyOps(int ops, SelectionKeyImpl key) {
            return bridge.translateAndSetReadyOps(ops, key);
        }

        @Override
        public int translateInterestOps(int ops) {
            return bridge.translateInterestOps(ops);
        }

        @Override
        public void kill() {
            bridge.kill();
        }
    }

    static final class MultiChannel extends SctpMultiChannelImpl implements SelChImpl {
        private final JdkSelectorBridge bridge = JdkSelectorBridge.attach(this);

        MultiChannel(SelectorProvider provider) {
            super(provider);
        }

        @Override
        public FileDescriptor getFD() {
            return bridge.getFD();
        }

        @Override
        public int getFDVal() {
            return bridge.getFDVal();
        }

        @Override
        public boolean translateAndUpdateReadyOps(int ops, SelectionKeyImpl key) {
            return bridge.translateAndUpdateReadyOps(ops, key);
        }

        @Override
        public boolean translateAndSetReadyOps(int ops, SelectionKeyImpl key) {
            return bridge.translateAndSetReadyOps(ops, key);
        }

        @Override
        public int translateInterestOps(int ops) {
            return bridge.translateInterestOps(ops);
        }

        @Override
        public void kill() {
            bridge.kill();
        }
    }
}
