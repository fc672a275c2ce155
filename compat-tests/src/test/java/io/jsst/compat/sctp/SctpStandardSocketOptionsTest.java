package io.jsst.compat.sctp;

import static io.jsst.compat.sctp.SideBySide.assertSameOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.SocketOption;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each of io.jsst.sctp's standard options has the name, type and string form of the JDK's. */
class SctpStandardSocketOptionsTest {
    static List<String> jdkOptionNames() {
        return Arrays.stream(com.sun.nio.sctp.SctpStandardSocketOptions.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()))
                .map(Field::getName)
                .collect(Collectors.toList());
    }

    private static SocketOption<?> option(Class<?> holder, String name) throws ReflectiveOperationException {
        return (SocketOption<?>) holder.getField(name).get(null);
    }

    @ParameterizedTest
    @MethodSource("jdkOptionNames")
    void anOptionHasTheJdksNameTypeAndStringForm(String field) {
        SideBySide.Outcome outcome = assertSameOutcome(
                () -> describe(option(com.sun.nio.sctp.SctpStandardSocketOptions.class, field)),
                () -> describe(option(io.jsst.sctp.SctpStandardSocketOptions.class, field)));

        assertThat(((List<?>) outcome.value).get(0)).isEqualTo(field);
    }

    private static List<String> describe(SocketOption<?> option) {
        return List.of(option.name(), (String) SideBySide.plain(option.type().getName()), option.toString());
    }

    @Test
    void thereAreTheTenOptionsOfTheIssueEachItsOwnObject() throws ReflectiveOperationException {
        Set<SocketOption<?>> options = new java.util.HashSet<>();
        for (String name : jdkOptionNames()) {
            options.add(option(io.jsst.sctp.SctpStandardSocketOptions.class, name));
        }

        assertThat(jdkOptionNames()).containsExactlyInAnyOrder("SCTP_DISABLE_FRAGMENTS", "SCTP_EXPLICIT_COMPLETE",
                "SCTP_FRAGMENT_INTERLEAVE", "SCTP_INIT_MAXSTREAMS", "SCTP_NODELAY", "SCTP_PRIMARY_ADDR",
                "SCTP_SET_PEER_PRIMARY_ADDR", "SO_SNDBUF", "SO_RCVBUF", "SO_LINGER");
        assertThat(options).hasSize(10);
        assertThat(io.jsst.sctp.SctpStandardSocketOptions.SCTP_INIT_MAXSTREAMS.type())
                .isSameAs(io.jsst.sctp.SctpStandardSocketOptions.InitMaxStreams.class);
    }
}
