package io.jsst.sctp;

/**
 * An event of the SCTP stack, handed to a {@link NotificationHandler} by a {@code receive} call.
 *
 * <p>The standard notifications are {@link AssociationChangeNotification},
 * {@link PeerAddressChangeNotification}, {@link SendFailedNotification} and
 * {@link ShutdownNotification}.
 */
public interface Notification {
    /**
     * Returns the association this notification is about.
     *
     * @return the association, or {@code null} if there is none (an association that failed to start)
     */
    Association association();
}
