package io.jsst.compat.sctp;

import static io.jsst.compat.sctp.SideBySide.assertSameOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HandlerResult, AssocChangeEvent and AddressChangeEvent have the JDK's constants, in the JDK's order, and
 * valueOf answers as the JDK's does.
 */
class EnumsTest {
    private static final List<List<Class<? extends Enum<?>>>> PAIRS = List.of(
            List.of(com.sun.nio.sctp.HandlerResult.class, io.jsst.sctp.HandlerResult.class),
            List.of(com.sun.nio.sctp.AssociationChangeNotification.AssocChangeEvent.class,
                    io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent.class),
            List.of(com.sun.nio.sctp.PeerAddressChangeNotification.AddressChangeEvent.class,
                    io.jsst.sctp.PeerAddressChangeNotification.AddressChangeEvent.class));

    private static List<Object> constants(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(constant -> List.of(constant.name(), constant.ordinal(), constant.toString()))
                .collect(Collectors.toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void theConstantsAreTheJdksInTheJdksOrder(int pair) {
        SideBySide.Outcome outcome = assertSameOutcome(
                () -> constants(PAIRS.get(pair).get(0)), () -> constants(PAIRS.get(pair).get(1)));

        assertThat((List<?>) outcome.value).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONTINUE", "RETURN", "COMM_UP", "CANT_START", "ADDR_CONFIRMED", "continue", "", "X"})
    void valueOfFindsTheSameConstantsAndRejectsTheSameNames(String name) {
        for (List<Class<? extends Enum<?>>> pair : PAIRS) {
            assertSameOutcome(() -> valueOf(pair.get(0), name), () -> valueOf(pair.get(1), name));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void valueOfNullThrowsTheSameException(int pair) {
        SideBySide.Outcome outcome = assertSameOutcome(
                () -> valueOf(PAIRS.get(pair).get(0), null), () -> valueOf(PAIRS.get(pair).get(1), null));

        assertThat(outcome.threw()).isTrue();
    }

    /** The enum's own static valueOf(String), as the application calls it. */
    private static Object valueOf(Class<? extends Enum<?>> type, String name) throws Exception {
        try {
            return type.getMethod("valueOf", String.class).invoke(null, name);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }
}
