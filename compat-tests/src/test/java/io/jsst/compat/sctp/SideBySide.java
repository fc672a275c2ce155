package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Makes the same call on a class of the JDK's com.sun.nio.sctp and on its io.jsst.sctp twin and compares
 * what came of it: the same value, or an exception of the same class with the same message.
 */
final class SideBySide {
    private SideBySide() {
    }

    /**
     * Asserts that both calls return equal values (after {@link #plain}), or both throw the same exception
     * class with the same message.
     *
     * @param jdk the call on the JDK's class
     * @param jsst the same call on jsst's class
     * @return the outcome of the jsst call, for further assertions
     */
    static Outcome assertSameOutcome(Callable<?> jdk, Callable<?> jsst) {
        Outcome expected = Outcome.of(jdk);
        Outcome actual = Outcome.of(jsst);
        assertThat(actual).as("jsst's outcome, against the JDK's").isEqualTo(expected);
        return actual;
    }

    /**
     * Turns a value into something equal across the two packages: an enum constant into its name, a string
     * into itself with the JDK's package names replaced by jsst's, a list into the list of its elements made
     * plain.
     */
    static Object plain(Object value) {
        if (value instanceof List) {
            return ((List<?>) value).stream().map(SideBySide::plain).collect(Collectors.toList());
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name();
        }
        if (value instanceof String) {
            return ((String) value).replace("com.sun.nio.sctp.", "io.jsst.sctp.");
        }
        return value;
    }

    /** A returned value, or a thrown exception's class and message. */
    static final class Outcome {
        final Object value;
        final String thrown;
        final String message;

        private Outcome(Object value, String thrown, String message) {
            this.value = value;
            this.thrown = thrown;
            this.message = message;
        }

        static Outcome of(Callable<?> call) {
            try {
                return new Outcome(plain(call.call()), null, null);
            } catch (Exception e) {
                return new Outcome(null, (String) plain(e.getClass().getName()),
                        e.getMessage() == null ? null : (String) plain(e.getMessage()));
            }
        }

        boolean threw() {
            return thrown != null;
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof Outcome && Objects.equals(((Outcome) obj).value, value)
                    && Objects.equals(((Outcome) obj).thrown, thrown)
                    && Objects.equals(((Outcome) obj).message, message);
        }

        @Override
        public int hashCode() {
            return Objects.hash(value, thrown, message);
        }

        @Override
        public String toString() {
            return thrown == null ? "returned " + value : "threw " + thrown + ": " + message;
        }
    }
}
