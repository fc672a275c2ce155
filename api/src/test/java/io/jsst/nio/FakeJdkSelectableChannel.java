package io.jsst.nio;

import java.io.FileDescriptor;
import sun.nio.ch.SelChImpl;
import sun.nio.ch.SelectionKeyImpl;

/**
 * The SelChImpl flavour of {@link FakeJsstChannel}, written as a channel implementation would: a few
 * lines delegating to {@link JdkSelectorBridge}. Loadable only with the sun.nio.ch export.
 */
final class FakeJdkSelectableChannel extends FakeJsstChannel implements SelChImpl {
    private final JdkSelectorBridge bridge = JdkSelectorBridge.attach(this);

    FakeJdkSelectableChannel(int validOps) {
        super(validOps);
    }

    JdkSelectorBridge bridge() {
        return bridge;
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
