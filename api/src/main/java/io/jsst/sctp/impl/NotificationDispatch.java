package io.jsst.sctp.impl;

import io.jsst.association.Inbound;
import io.jsst.sctp.AbstractNotificationHandler;
import io.jsst.sctp.Association;
import io.jsst.sctp.AssociationChangeNotification;
import io.jsst.sctp.AssociationChangeNotification.AssocChangeEvent;
import io.jsst.sctp.HandlerResult;
import io.jsst.sctp.IllegalReceiveException;
import io.jsst.sctp.Notification;
import io.jsst.sctp.NotificationHandler;
import io.jsst.sctp.PeerAddressChangeNotification;
import io.jsst.sctp.SendFailedNotification;
import io.jsst.sctp.ShutdownNotification;
import java.nio.ByteBuffer;

/**
 * Turns association events into the JDK's notification objects and hands them to a receive's
 * handler as the JDK does: the typed method of an {@link AbstractNotificationHandler}, else
 * {@link NotificationHandler#handleNotification}. Knows which thread is inside a handler, so a
 * receive from there is refused.
 */
final class NotificationDispatch {

    private final ThreadLocal<Boolean> inHandler = ThreadLocal.withInitial(() -> false);

    /** @throws IllegalReceiveException if the calling thread is inside this channel's handler */
    void checkNotInHandler() {
        if (inHandler.get()) {
            throw new IllegalReceiveException("cannot invoke receive from handler");
        }
    }

    /** The notification for an association event, or null if the event is not one (data, End). */
    static Notification notificationFor(Inbound event, Association association) {
        if (event instanceof Inbound.PeerShutdown) {
            return new ShutdownNotificationImpl(association);
        }
        if (event instanceof Inbound.ShutdownComplete) {
            return new AssociationChangeNotificationImpl(association, AssocChangeEvent.SHUTDOWN);
        }
        if (event instanceof Inbound.Lost) {
            return new AssociationChangeNotificationImpl(association, AssocChangeEvent.COMM_LOST);
        }
        if (event instanceof Inbound.PeerAddressChange c) {
            return new PeerAddressChangeNotificationImpl(association, c.address(),
                    c.kind() == Inbound.PeerAddressChange.Kind.UNREACHABLE
                            ? PeerAddressChangeNotification.AddressChangeEvent.ADDR_UNREACHABLE
                            : PeerAddressChangeNotification.AddressChangeEvent.ADDR_MADE_PRIMARY);
        }
        if (event instanceof Inbound.SendFailed f) {
            return new SendFailedNotificationImpl(association, f.address(), ByteBuffer.wrap(f.unsent()),
                    f.errorCode(), f.streamNumber());
        }
        return null;
    }

    /** Runs the handler on {@code n}; a null handler consumes it and says CONTINUE. */
    <T> HandlerResult dispatch(Notification n, T attachment, NotificationHandler<T> handler) {
        if (handler == null) {
            return HandlerResult.CONTINUE;
        }
        inHandler.set(true);
        try {
            HandlerResult r;
            if (handler instanceof AbstractNotificationHandler<T> typed) {
                if (n instanceof AssociationChangeNotification a) {
                    r = typed.handleNotification(a, attachment);
                } else if (n instanceof PeerAddressChangeNotification p) {
                    r = typed.handleNotification(p, attachment);
                } else if (n instanceof SendFailedNotification s) {
                    r = typed.handleNotification(s, attachment);
                } else if (n instanceof ShutdownNotification s) {
                    r = typed.handleNotification(s, attachment);
                } else {
                    r = typed.handleNotification(n, attachment);
                }
            } else {
                r = handler.handleNotification(n, attachment);
            }
            return r == null ? HandlerResult.CONTINUE : r;
        } finally {
            inHandler.set(false);
        }
    }
}
