package io.jsst.nio;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

/**
 * The {@link SelectorProvider} of jsst's channels: {@code SctpChannel.provider()} returns it, and its
 * {@link #openSelector()} gives a {@link JsstSelector} that selects jsst channels and the JDK's own
 * channels ({@code SocketChannel}, {@code ServerSocketChannel}, {@code DatagramChannel}, {@code Pipe}
 * ends) on one selector, as a program that puts SCTP and TCP channels on one selector expects.
 *
 * <h2>Two ways to select jsst channels</h2>
 * <ol>
 *   <li>Open the selector from this provider: {@code SctpChannel.provider().openSelector()} (or
 *       {@code JsstSelectorProvider.provider().openSelector()}). Works on any JVM, with no flags.</li>
 *   <li>Keep {@code Selector.open()} and start the JVM with
 *       {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}: jsst channels are then created as
 *       channels the JDK's selectors accept (see {@link JdkSelectorSupport}).</li>
 * </ol>
 * Without the flag, registering a jsst channel with a selector from {@code Selector.open()} throws
 * {@link java.nio.channels.IllegalSelectorException} with no message: the JDK's selector throws it from
 * its own {@code register} method (final, reached through the final
 * {@code AbstractSelectableChannel.register}), before any jsst code runs with the selector in hand, so
 * there is no legal place to add a message naming these two ways.
 *
 * <p>The channel factories ({@link #openSocketChannel()}, {@link #openPipe()}, ...) hand out the
 * platform's own channels: their {@code provider()} is the platform provider, and a
 * {@link JsstSelector} accepts them.
 *
 * <h2>Comparison with the platform provider</h2>
 * This provider cannot be installed as the system-wide default (system property
 * {@code java.nio.channels.spi.SelectorProvider}): its socket factories delegate to the platform
 * provider, which the JDK exposes only as that default. {@link #inheritedChannel()} returns
 * {@code null}.
 */
public final class JsstSelectorProvider extends SelectorProvider {
    private static final JsstSelectorProvider INSTANCE = new JsstSelectorProvider();

    private final SelectorProvider platform;

    private JsstSelectorProvider() {
        SelectorProvider system = SelectorProvider.provider();
        if (system instanceof JsstSelectorProvider) {
            throw new IllegalStateException(
                    "JsstSelectorProvider cannot be the system-wide default SelectorProvider");
        }
        this.platform = system;
    }

    /** The provider; one per JVM. */
    public static JsstSelectorProvider provider() {
        return INSTANCE;
    }

    /** The platform's provider, to which the channel factories delegate and whose selectors a {@link JsstSelector} uses inside. */
    public SelectorProvider platformProvider() {
        return platform;
    }

    /**
     * Opens a selector for jsst channels and the platform's channels.
     *
     * @throws IOException if the platform selector it uses inside cannot be opened
     */
    @Override
    public AbstractSelector openSelector() throws IOException {
        return new JsstSelector(this, platform.openSelector());
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return platform.openDatagramChannel();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        return platform.openDatagramChannel(family);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return platform.openPipe();
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return platform.openServerSocketChannel();
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return platform.openSocketChannel();
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        return platform.openSocketChannel(family);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        return platform.openServerSocketChannel(family);
    }
}
