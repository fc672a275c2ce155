package io.jsst.nio;

import java.io.FileDescriptor;
import sun.nio.ch.SelChImpl;
import sun.nio.ch.SelectionKeyImpl;

/**
 * A jsst channel in the form the JDK's own selectors accept: every {@code SelChImpl} method goes to
 * the channel's {@link JdkSelectorBridge}. A channel class implements this and answers
 * {@link #bridge()} with the bridge it attached ({@link JdkSelectorBridge#attach}); nothing else.
 *
 * <p>Loads only when {@code java.base} exports {@code sun.nio.ch} to jsst
 * ({@link JdkSelectorSupport#isAvailable()}): name implementing classes only where that was checked.
 */
public interface JdkBridgedChannel extends SelChImpl {

    /** The bridge this channel attached to itself. */
    JdkSelectorBridge bridge();

    @Override
    default FileDescriptor getFD() {
        return bridge().getFD();
    }

    @Override
    default int getFDVal() {
        return bridge().getFDVal();
    }

    @Override
    default boolean translateAndUpdateReadyOps(int ops, SelectionKeyImpl key) {
        return bridge().translateAndUpdateReadyOps(ops, key);
    }

    @Override
    default boolean translateAndSetReadyOps(int ops, SelectionKeyImpl key) {
        return bridge().translateAndSetReadyOps(ops, key);
    }

    @Override
    default int translateInterestOps(int ops) {
        return bridge().translateInterestOps(ops);
    }

    @Override
    default void kill() {
        bridge().kill();
    }
}
