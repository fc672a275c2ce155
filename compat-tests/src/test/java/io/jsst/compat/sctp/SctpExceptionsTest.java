package io.jsst.compat.sctp;

import static io.jsst.compat.sctp.SideBySide.assertSameOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The three exceptions of io.jsst.sctp are built, and caught, as the JDK's are. */
class SctpExceptionsTest {
    private static List<Object> describe(RuntimeException e) {
        return List.of(String.valueOf(e.getMessage()), e instanceof IllegalStateException,
                e instanceof IllegalArgumentException, e.getCause() == null);
    }

    private static void assertBuiltAlike(Function<String, RuntimeException> jdk, Function<String, RuntimeException> jsst,
            Class<?> superclass) {
        for (String message : new String[] {null, "", "stream 12 is not below 10"}) {
            assertSameOutcome(() -> describe(jdk.apply(message)), () -> describe(jsst.apply(message)));
        }
        assertThat(jsst.apply("x")).isInstanceOf(superclass);
    }

    @Test
    void illegalReceiveExceptionIsAnIllegalStateExceptionWithTheGivenMessage() {
        assertBuiltAlike(m -> m == null ? new com.sun.nio.sctp.IllegalReceiveException()
                        : new com.sun.nio.sctp.IllegalReceiveException(m),
                m -> m == null ? new io.jsst.sctp.IllegalReceiveException() : new io.jsst.sctp.IllegalReceiveException(m),
                IllegalStateException.class);
    }

    @Test
    void illegalUnbindExceptionIsAnIllegalStateExceptionWithTheGivenMessage() {
        assertBuiltAlike(m -> m == null ? new com.sun.nio.sctp.IllegalUnbindException()
                        : new com.sun.nio.sctp.IllegalUnbindException(m),
                m -> m == null ? new io.jsst.sctp.IllegalUnbindException() : new io.jsst.sctp.IllegalUnbindException(m),
                IllegalStateException.class);
    }

    @Test
    void invalidStreamExceptionIsAnIllegalArgumentExceptionWithTheGivenMessage() {
        assertBuiltAlike(m -> m == null ? new com.sun.nio.sctp.InvalidStreamException()
                        : new com.sun.nio.sctp.InvalidStreamException(m),
                m -> m == null ? new io.jsst.sctp.InvalidStreamException() : new io.jsst.sctp.InvalidStreamException(m),
                IllegalArgumentException.class);
    }

    @Test
    void anExceptionSurvivesSerialisationWithItsMessage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new io.jsst.sctp.InvalidStreamException("stream 3"));
        }
        Throwable copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Throwable) in.readObject();
        }

        assertThat(copy).isInstanceOf(io.jsst.sctp.InvalidStreamException.class)
                .hasMessage("stream 3");
    }
}
