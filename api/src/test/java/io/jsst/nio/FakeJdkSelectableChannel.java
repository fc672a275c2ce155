package io.jsst.nio;

/**
 * The SelChImpl flavour of {@link FakeJsstChannel}, written as a channel implementation is: it
 * attaches a {@link JdkSelectorBridge} and hands it out. Loadable only with the sun.nio.ch export.
 */
final class FakeJdkSelectableChannel extends FakeJsstChannel implements JdkBridgedChannel {
    private final JdkSelectorBridge bridge = JdkSelectorBridge.attach(this);

    FakeJdkSelectableChannel(int validOps) {
        super(validOps);
    }

    @Override
    public JdkSelectorBridge bridge() {
        return bridge;
    }
}
