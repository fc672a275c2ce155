package io.jsst.compat.sctp;

import static io.jsst.compat.sctp.SideBySide.assertSameOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** io.jsst.sctp's InitMaxStreams does what com.sun.nio.sctp's does, call for call. */
class InitMaxStreamsTest {
    private static com.sun.nio.sctp.SctpStandardSocketOptions.InitMaxStreams jdk(int in, int out) {
        return com.sun.nio.sctp.SctpStandardSocketOptions.InitMaxStreams.create(in, out);
    }

    private static io.jsst.sctp.SctpStandardSocketOptions.InitMaxStreams jsst(int in, int out) {
        return io.jsst.sctp.SctpStandardSocketOptions.InitMaxStreams.create(in, out);
    }

    @ParameterizedTest(name = "create({0}, {1})")
    @CsvSource({
        "0, 0", "1, 1", "65535, 65535", "10, 20",
        "-1, 0", "0, -1", "65536, 0", "0, 65536", "-1, -1", "65536, 65536", "-1, 65536", "65536, -1",
        "-2147483648, 2147483647"})
    void createAcceptsAndRejectsTheCountsTheJdkDoesWithTheSameMessage(int in, int out) {
        SideBySide.Outcome outcome = assertSameOutcome(
                () -> List.of(jdk(in, out).maxInStreams(), jdk(in, out).maxOutStreams()),
                () -> List.of(jsst(in, out).maxInStreams(), jsst(in, out).maxOutStreams()));

        assertThat(outcome.threw()).isEqualTo(in < 0 || in > 65535 || out < 0 || out > 65535);
    }

    @Test
    void theOutboundCountIsCheckedBeforeTheInbound() {
        SideBySide.Outcome outcome = assertSameOutcome(() -> jdk(-1, -1), () -> jsst(-1, -1));

        assertThat(outcome.message).isEqualTo("Invalid maxOutStreams value");
    }

    @ParameterizedTest(name = "({0}, {1}) against ({2}, {3})")
    @CsvSource({"10, 20, 10, 20", "10, 20, 20, 10", "10, 20, 10, 21", "0, 0, 0, 0", "7, 0, 0, 7", "65535, 1, 65535, 1"})
    void equalsAndHashCodeAgreeWithTheJdks(int in1, int out1, int in2, int out2) {
        SideBySide.Outcome outcome = assertSameOutcome(
                () -> List.of(jdk(in1, out1).equals(jdk(in2, out2)), jdk(in1, out1).hashCode(),
                        jdk(in2, out2).hashCode()),
                () -> List.of(jsst(in1, out1).equals(jsst(in2, out2)), jsst(in1, out1).hashCode(),
                        jsst(in2, out2).hashCode()));

        assertThat(((List<?>) outcome.value).get(0)).isEqualTo(in1 == in2 && out1 == out2);
    }

    @Test
    void aValueIsNotEqualToNullOrToAnotherType() {
        assertSameOutcome(
                () -> List.of(jdk(1, 2).equals(null), jdk(1, 2).equals("x"), jdk(1, 2).equals(jdk(1, 2))),
                () -> List.of(jsst(1, 2).equals(null), jsst(1, 2).equals("x"), jsst(1, 2).equals(jsst(1, 2))));
    }

    @Test
    void toStringIsTheJdksWithTheCountsRunTogether() {
        SideBySide.Outcome outcome = assertSameOutcome(() -> jdk(10, 20).toString(), () -> jsst(10, 20).toString());

        assertThat(outcome.value).isEqualTo("io.jsst.sctp.SctpStandardSocketOptions$InitMaxStreams@"
                + Integer.toHexString(7 ^ 10 ^ 20) + " [maxInStreams:10maxOutStreams:20]");
    }
}
