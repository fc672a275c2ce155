package io.jsst.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs in the JVM started without --add-exports java.base/sun.nio.ch=ALL-UNNAMED. */
class JdkSelectorWithoutExportTest {

    @BeforeEach
    void exportIsMissing() {
        // Skipped, not failed, when a -Dtest filter runs this class in the JVM with the export.
        assumeFalse(JdkSelectorSupport.isAvailable());
    }

    @Test
    void registeringAPlainJsstChannelWithAJdkSelectorThrowsIllegalSelectorException() throws Exception {
        try (Selector jdk = Selector.open(); FakeJsstChannel channel = FakeJsstChannel.open()) {
            assertThatThrownBy(() -> channel.register(jdk, SelectionKey.OP_READ))
                    .isInstanceOf(IllegalSelectorException.class);
            assertThat(channel.isRegistered()).isFalse();
        }
    }

    @Test
    void loadingAClassThatImplementsSelChImplFailsWithIllegalAccessError() {
        assertThatThrownBy(() -> Class.forName("io.jsst.nio.FakeJdkSelectableChannel"))
                .isInstanceOf(IllegalAccessError.class);
    }
}
