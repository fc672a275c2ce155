package io.jsst.compat.sctp;

import static io.jsst.compat.sctp.SideBySide.assertSameOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** io.jsst.sctp.MessageInfo does what com.sun.nio.sctp.MessageInfo does, call for call. */
class MessageInfoTest {
    private static final SocketAddress PEER = new InetSocketAddress("127.0.0.1", 3868);

    /** The JDK's Association, made through its protected constructor as users do. */
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

    private static List<Object> valuesOf(com.sun.nio.sctp.MessageInfo info) {
        return List.of(String.valueOf(info.address()), info.bytes(), info.isComplete(), info.isUnordered(),
                info.payloadProtocolID(), info.streamNumber(), info.timeToLive());
    }

    private static List<Object> valuesOf(io.jsst.sctp.MessageInfo info) {
        return List.of(String.valueOf(info.address()), info.bytes(), info.isComplete(), info.isUnordered(),
                info.payloadProtocolID(), info.streamNumber(), info.timeToLive());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, 65535, 65536, 65537, Integer.MAX_VALUE})
    void createOutgoingAcceptsTheStreamNumbersTheJdkAcceptsAndRejectsTheOthersAlike(int stream) {
        SideBySide.Outcome outcome = assertSameOutcome(
                () -> valuesOf(com.sun.nio.sctp.MessageInfo.createOutgoing(PEER, stream)),
                () -> valuesOf(io.jsst.sctp.MessageInfo.createOutgoing(PEER, stream)));

        assertThat(outcome.threw()).isEqualTo(stream < 0 || stream > 65536);
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, 65535, 65536, 65537, Integer.MAX_VALUE})
    void createOutgoingWithAnAssociationChecksTheStreamNumberAlike(int stream) {
        assertSameOutcome(
                () -> valuesOf(com.sun.nio.sctp.MessageInfo.createOutgoing(new JdkAssociation(1, 2, 3), PEER, stream)),
                () -> valuesOf(io.jsst.sctp.MessageInfo.createOutgoing(new JsstAssociation(1, 2, 3), PEER, stream)));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 65537})
    void createOutgoingWithANullAssociationThrowsTheSameExceptionWhateverTheStreamNumber(int stream) {
        SideBySide.Outcome outcome = assertSameOutcome(
                () -> com.sun.nio.sctp.MessageInfo.createOutgoing(null, PEER, stream),
                () -> io.jsst.sctp.MessageInfo.createOutgoing(null, PEER, stream));

        assertThat(outcome.threw()).isTrue();
    }

    @Test
    void anOutgoingMessageHasTheJdksDefaults() {
        SideBySide.Outcome outcome = assertSameOutcome(
                () -> valuesOf(com.sun.nio.sctp.MessageInfo.createOutgoing(null, 0)),
                () -> valuesOf(io.jsst.sctp.MessageInfo.createOutgoing(null, 0)));

        assertThat(outcome.value).isEqualTo(List.of("null", 0, true, false, 0, 0, 0L));
    }

    @Test
    void anOutgoingMessageKeepsItsAssociationItselfOrNone() {
        io.jsst.sctp.Association association = new JsstAssociation(4, 5, 6);

        assertThat(io.jsst.sctp.MessageInfo.createOutgoing(association, null, 1).association()).isSameAs(association);
        assertThat(io.jsst.sctp.MessageInfo.createOutgoing(PEER, 1).association()).isNull();
        assertThat(com.sun.nio.sctp.MessageInfo.createOutgoing(PEER, 1).association()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1, 65535, 65536, 65537, Integer.MAX_VALUE})
    void theStreamNumberSetterChecksItsArgumentAlikeAndLeavesTheOldValueOnFailure(int stream) {
        assertSameOutcome(
                () -> {
                    com.sun.nio.sctp.MessageInfo info = com.sun.nio.sctp.MessageInfo.createOutgoing(PEER, 7);
                    try {
                        return List.of(info.streamNumber(stream) == info, info.streamNumber());
                    } catch (IllegalArgumentException e) {
                        return List.of(e.getMessage(), info.streamNumber());
                    }
                },
                () -> {
                    io.jsst.sctp.MessageInfo info = io.jsst.sctp.MessageInfo.createOutgoing(PEER, 7);
                    try {
                        return List.of(info.streamNumber(stream) == info, info.streamNumber());
                    } catch (IllegalArgumentException e) {
                        return List.of(e.getMessage(), info.streamNumber());
                    }
                });
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, -1, 0, 1, 30_000, Long.MAX_VALUE})
    void everySetterReturnsTheSameObjectAndTakesAnyValueTheJdkTakes(long value) {
        Function<com.sun.nio.sctp.MessageInfo, List<Object>> jdkSetters = info -> List.of(
                info.payloadProtocolID((int) value) == info, info.timeToLive(value) == info,
                info.complete(value % 2 == 0) == info, info.unordered(value > 0) == info, valuesOf(info));
        Function<io.jsst.sctp.MessageInfo, List<Object>> jsstSetters = info -> List.of(
                info.payloadProtocolID((int) value) == info, info.timeToLive(value) == info,
                info.complete(value % 2 == 0) == info, info.unordered(value > 0) == info, valuesOf(info));

        SideBySide.Outcome outcome = assertSameOutcome(
                () -> jdkSetters.apply(com.sun.nio.sctp.MessageInfo.createOutgoing(PEER, 2)),
                () -> jsstSetters.apply(io.jsst.sctp.MessageInfo.createOutgoing(PEER, 2)));

        assertThat(outcome.threw()).isFalse();
    }

    @Test
    void toStringListsTheValuesAsTheJdkDoesAfterTheObjectIdentity() {
        Function<Object, String> afterIdentity = info -> info.toString().substring(info.toString().indexOf('['));

        SideBySide.Outcome outcome = assertSameOutcome(
                () -> afterIdentity.apply(com.sun.nio.sctp.MessageInfo.createOutgoing(PEER, 3)
                        .unordered(true).complete(false).payloadProtocolID(46)),
                () -> afterIdentity.apply(io.jsst.sctp.MessageInfo.createOutgoing(PEER, 3)
                        .unordered(true).complete(false).payloadProtocolID(46)));

        assertThat(outcome.value).isEqualTo("[Address: /127.0.0.1:3868, Association: null, Assoc ID: 0, Bytes: 0,"
                + " Stream Number: 3, Complete: false, isUnordered: true]");
    }

    @Test
    void aReceivedMessageReportsWhatItWasCreatedWith() {
        io.jsst.sctp.Association association = new JsstAssociation(9, 10, 11);

        io.jsst.sctp.MessageInfo info = io.jsst.sctp.impl.MessageInfoImpl.received(
                association, PEER, 1200, 4, false, true, 51);

        assertThat(info.association()).isSameAs(association);
        assertThat(valuesOf(info)).isEqualTo(List.of("/127.0.0.1:3868", 1200, false, true, 51, 4, 0L));
        assertThat(info.toString()).endsWith("Assoc ID: 9, Bytes: 1200, Stream Number: 4, Complete: false,"
                + " isUnordered: true]");
    }
}
