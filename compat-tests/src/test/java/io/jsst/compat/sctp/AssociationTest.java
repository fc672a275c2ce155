package io.jsst.compat.sctp;

import static io.jsst.compat.sctp.SideBySide.assertSameOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.sctp.impl.AssociationImpl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Association, subclassed through its protected constructor, behaves as the JDK's: values and identity. */
class AssociationTest {
    private static final class JdkAssociation extends com.sun.nio.sctp.Association {
        JdkAssociation(int id, int maxIn, int maxOut) {
            super(id, maxIn, maxOut);
        }
    }

    private static final class JsstAssociation extends io.jsst.sctp.Association {
        JsstAssociation(int id, int maxIn, int maxOut) {
            super(id, maxIn, maxOut);
        }
    }

    @Test
    void aSubclassReportsTheIdentifierAndStreamCountsItWasMadeWith() {
        SideBySide.Outcome outcome = assertSameOutcome(
                () -> {
                    com.sun.nio.sctp.Association a = new JdkAssociation(7, 10, 20);
                    return List.of(a.associationID(), a.maxInboundStreams(), a.maxOutboundStreams());
                },
                () -> {
                    io.jsst.sctp.Association a = new JsstAssociation(7, 10, 20);
                    return List.of(a.associationID(), a.maxInboundStreams(), a.maxOutboundStreams());
                });

        assertThat(outcome.value).isEqualTo(List.of(7, 10, 20));
    }

    @Test
    void twoAssociationsWithTheSameValuesAreNotEqualAsInTheJdk() {
        assertSameOutcome(
                () -> {
                    com.sun.nio.sctp.Association a = new JdkAssociation(1, 2, 3);
                    com.sun.nio.sctp.Association b = new JdkAssociation(1, 2, 3);
                    return List.of(a.equals(b), a.equals(a), a.hashCode() == System.identityHashCode(a));
                },
                () -> {
                    io.jsst.sctp.Association a = new JsstAssociation(1, 2, 3);
                    io.jsst.sctp.Association b = new JsstAssociation(1, 2, 3);
                    return List.of(a.equals(b), a.equals(a), a.hashCode() == System.identityHashCode(a));
                });
        AssociationImpl a = new AssociationImpl(1, 2, 3);
        assertThat(a).isNotEqualTo(new AssociationImpl(1, 2, 3)).hasSameHashCodeAs(System.identityHashCode(a));
    }

    @Test
    void jsstsAssociationPrintsItsValuesAsTheJdksImplementationDoes() {
        AssociationImpl association = new AssociationImpl(1, 2, 3);

        // As sun.nio.ch.sctp.AssociationImpl prints them on JDK 17.0.15.
        assertThat(association.toString()).isEqualTo(objectIdentity(association)
                + "[associationID:1, maxIn:2, maxOut:3]");
    }

    static String objectIdentity(Object o) {
        return o.getClass().getName() + "@" + Integer.toHexString(o.hashCode());
    }
}
