package io.jsst.nio;

/**
 * Whether jsst channels can take part in the JDK's own selectors ({@code Selector.open()}): that needs
 * the JVM flag {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (or the export to jsst's module),
 * since the JDK's selectors accept only channels implementing its internal interface
 * {@code sun.nio.ch.SelChImpl}.
 *
 * <h2>How a channel implementation uses it</h2>
 * Each channel kind comes as two classes sharing all logic: the plain class (for example
 * {@code SctpChannelImpl extends SctpChannel implements JsstSelectableChannel}, its readiness kept by a
 * {@link ReadinessSupport}) and a subclass that implements {@link JdkBridgedChannel}, whose default
 * methods hand every {@code SelChImpl} call to a {@link JdkSelectorBridge}:
 * <pre>{@code
 * final class JdkSelectableSctpChannel extends SctpChannelImpl implements JdkBridgedChannel {
 *     private final JdkSelectorBridge bridge = JdkSelectorBridge.attach(this);
 *     JdkSelectableSctpChannel(SelectorProvider provider) { super(provider); }
 *     public JdkSelectorBridge bridge() { return bridge; }
 * }
 * }</pre>
 * Loading a class that implements {@code SelChImpl} fails with {@code IllegalAccessError} when the
 * export is missing, and so does verifying a method that hands such a class out as its superclass. So
 * the factory names the subclass only inside a separate holder class that it calls when
 * {@link #isAvailable()} is true:
 * <pre>{@code
 * static SctpChannel open() { return JdkSelectorSupport.isAvailable() ? JdkSelectableChannels.sctpChannel() : new SctpChannelImpl(); }
 * }</pre>
 */
public final class JdkSelectorSupport {
    private static final boolean AVAILABLE =
            Object.class.getModule().isExported("sun.nio.ch", JdkSelectorSupport.class.getModule());

    private JdkSelectorSupport() {
    }

    /**
     * Whether {@code java.base} exports {@code sun.nio.ch} to jsst's module (the unnamed module when jsst
     * is on the class path), so that classes implementing {@code SelChImpl} load. Fixed for the life of
     * the JVM.
     */
    public static boolean isAvailable() {
        return AVAILABLE;
    }
}
