package io.jsst.nio;

/**
 * Names {@link FakeJdkSelectableChannel} for the tests, so that their own classes load (and JUnit can
 * discover them) in a JVM without the sun.nio.ch export: only calling these methods loads it.
 */
final class JdkSelectableFakes {
    private JdkSelectableFakes() {
    }

    /** Declared as Object so that verifying this class does not load the SelChImpl class. */
    static Object open(int validOps) {
        return new FakeJdkSelectableChannel(validOps);
    }

    static boolean isBridgeKilled(FakeJsstChannel channel) {
        return ((FakeJdkSelectableChannel) channel).bridge().isKilled();
    }
}
