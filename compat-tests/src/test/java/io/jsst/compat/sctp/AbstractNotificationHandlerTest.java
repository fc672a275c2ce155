package io.jsst.compat.sctp;

import static io.jsst.compat.sctp.SideBySide.assertSameOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.sctp.impl.AssociationChangeNotificationImpl;
import io.jsst.sctp.impl.AssociationImpl;
import io.jsst.sctp.impl.PeerAddressChangeNotificationImpl;
import io.jsst.sctp.impl.SendFailedNotificationImpl;
import io.jsst.sctp.impl.ShutdownNotificationImpl;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AbstractNotificationHandler answers CONTINUE to every notification, as the JDK's does, and its overloads
 * are what a subclass overrides to handle one kind of notification.
 */
class AbstractNotificationHandlerTest {
    private static final SocketAddress PEER = new InetSocketAddress("127.0.0.1", 2905);

    @Test
    void everyOverloadReturnsContinueAsTheJdksDoes() {
        com.sun.nio.sctp.AbstractNotificationHandler<Object> jdk = new com.sun.nio.sctp.AbstractNotificationHandler<>() {
        };
        io.jsst.sctp.AbstractNotificationHandler<Object> jsst = new io.jsst.sctp.AbstractNotificationHandler<>() {
        };

        SideBySide.Outcome outcome = assertSameOutcome(
                () -> List.of(
                        jdk.handleNotification((com.sun.nio.sctp.Notification) () -> null, "a"),
                        jdk.handleNotification(new com.sun.nio.sctp.AssociationChangeNotification() {
                            public com.sun.nio.sctp.Association association() {
                                return null;
                            }

                            public AssocChangeEvent event() {
                                return AssocChangeEvent.COMM_UP;
                            }
                        }, "a"),
                        jdk.handleNotification((com.sun.nio.sctp.PeerAddressChangeNotification) null, "a"),
                        jdk.handleNotification((com.sun.nio.sctp.SendFailedNotification) null, null),
                        jdk.handleNotification((com.sun.nio.sctp.ShutdownNotification) null, null),
                        jdk.handleNotification((com.sun.nio.sctp.Notification) null, null)),
                () -> List.of(
                        jsst.handleNotification((io.jsst.sctp.Notification) () -> null, "a"),
                        jsst.handleNotification(new AssociationChangeNotificationImpl(null,
                                io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent.COMM_UP), "a"),
                        jsst.handleNotification((io.jsst.sctp.PeerAddressChangeNotification) null, "a"),
                        jsst.handleNotification((io.jsst.sctp.SendFailedNotification) null, null),
                        jsst.handleNotification((io.jsst.sctp.ShutdownNotification) null, null),
                        jsst.handleNotification((io.jsst.sctp.Notification) null, null)));

        assertThat(outcome.value).isEqualTo(java.util.Collections.nCopies(6, "CONTINUE"));
    }

    @Test
    void aSubclassHandlesOneKindOfNotificationAndLeavesTheOthersAtContinue() {
        io.jsst.sctp.Association association = new AssociationImpl(1, 4, 4);
        List<Object> attachments = new java.util.ArrayList<>();
        io.jsst.sctp.AbstractNotificationHandler<String> handler = new io.jsst.sctp.AbstractNotificationHandler<>() {
            @Override
            public io.jsst.sctp.HandlerResult handleNotification(io.jsst.sctp.ShutdownNotification notification,
                    String attachment) {
                attachments.add(attachment);
                return io.jsst.sctp.HandlerResult.RETURN;
            }
        };

        assertThat(handler.handleNotification(new ShutdownNotificationImpl(association), "mine"))
                .isEqualTo(io.jsst.sctp.HandlerResult.RETURN);
        assertThat(handler.handleNotification(new PeerAddressChangeNotificationImpl(association, PEER,
                io.jsst.sctp.PeerAddressChangeNotification.AddressChangeEvent.ADDR_UNREACHABLE), "other"))
                .isEqualTo(io.jsst.sctp.HandlerResult.CONTINUE);
        assertThat(handler.handleNotification(new SendFailedNotificationImpl(association, PEER,
                ByteBuffer.allocate(1), 0, 0), "other")).isEqualTo(io.jsst.sctp.HandlerResult.CONTINUE);
        assertThat(attachments).containsExactly("mine");
    }
}
