package io.jsst.compat.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SortedSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The description behind SignatureCompatibilityTest sees each kind of difference it is there to catch. */
class ApiDescriptionTest {
    private static final UnaryOperator<String> NORMALISER = ApiDescription.renamingPackage(
            "io.jsst.compat.sctp.fixture.actual", "io.jsst.compat.sctp.fixture.expected");

    private static final String SAMPLE = "io.jsst.compat.sctp.fixture.expected.Sample";

    @Test
    void theSameApiInAnotherPackageHasNoDifferences() {
        SortedSet<String> expected = ApiDescription.describe(expectedTypes(), NORMALISER);
        SortedSet<String> again = ApiDescription.describe(expectedTypes(), NORMALISER);

        assertThat(SignatureCompatibilityTest.differences(expected, again)).isEmpty();
        assertThat(expected).contains(
                SAMPLE + ": method public abstract <T extends java.lang.Number> java.util.List<T> read(T)"
                        + " throws java.io.IOException",
                SAMPLE + ": field public static final int LIMIT = Integer 7");
    }

    @Test
    void anAddedMemberAChangedModifierThrowsClauseConstantAndSerialVersionUidAreEachReported() {
        SortedSet<String> expected = ApiDescription.describe(expectedTypes(), NORMALISER);
        SortedSet<String> actual = ApiDescription.describe(List.of(
                io.jsst.compat.sctp.fixture.actual.Sample.class,
                io.jsst.compat.sctp.fixture.actual.Sample.Nested.class), NORMALISER);

        assertThat(SignatureCompatibilityTest.differences(expected, actual)).containsExactlyInAnyOrder(
                "missing: " + SAMPLE + ": constructor protected " + SAMPLE + "()",
                "extra:   " + SAMPLE + ": constructor public " + SAMPLE + "()",
                "missing: " + SAMPLE + ": field public static final int LIMIT = Integer 7",
                "extra:   " + SAMPLE + ": field public static final int LIMIT = Integer 8",
                "missing: " + SAMPLE + ": method public abstract <T extends java.lang.Number> java.util.List<T>"
                        + " read(T) throws java.io.IOException",
                "extra:   " + SAMPLE + ": method public abstract <T extends java.lang.Number> java.util.List<T>"
                        + " read(T)",
                "extra:   " + SAMPLE + ": method public int added()",
                "missing: " + SAMPLE + ": serialVersionUID 1",
                "extra:   " + SAMPLE + ": serialVersionUID 2",
                "missing: " + SAMPLE + "$Nested: class public static",
                "extra:   " + SAMPLE + "$Nested: class public static final");
    }

    @Test
    void renamingAPackageLeavesLongerPackageNamesAlone() {
        UnaryOperator<String> renaming = ApiDescription.renamingPackage("com.sun.nio.sctp", "io.jsst.sctp");

        assertThat(renaming.apply("java.util.Set<com.sun.nio.sctp.SctpSocketOption<?>>"))
                .isEqualTo("java.util.Set<io.jsst.sctp.SctpSocketOption<?>>");
        assertThat(renaming.apply("com.sun.nio.sctp.impl.X")).isEqualTo("io.jsst.sctp.impl.X");
        assertThat(renaming.apply("xcom.sun.nio.sctp.X")).isEqualTo("xcom.sun.nio.sctp.X");
    }

    private static List<Class<?>> expectedTypes() {
        return List.of(io.jsst.compat.sctp.fixture.expected.Sample.class,
                io.jsst.compat.sctp.fixture.expected.Sample.Nested.class);
    }
}
