package io.jsst.sctp;

/**
 * A {@link NotificationHandler} with one method per standard notification, each returning
 * {@link HandlerResult#CONTINUE} unless overridden.
 *
 * <p>When the handler given to {@code receive} is an {@code AbstractNotificationHandler}, the channel
 * calls the method whose parameter is the notification's class: {@link AssociationChangeNotification},
 * {@link PeerAddressChangeNotification}, {@link SendFailedNotification} or
 * {@link ShutdownNotification}; any other notification goes to
 * {@link #handleNotification(Notification, Object)}.
 *
 * @param <T> the type of the attachment passed to {@code receive}
 */
public class AbstractNotificationHandler<T> implements NotificationHandler<T> {
    /** For subclasses. */
    protected AbstractNotificationHandler() {
    }

    /**
     * Handles a notification that is none of the standard ones.
     *
     * @param notification the notification
     * @param attachment the object given to {@code receive}
     * @return {@link HandlerResult#CONTINUE} unless overridden
     */
    @Override
    public HandlerResult handleNotification(Notification notification, T attachment) {
        return HandlerResult.CONTINUE;
    }

    /**
     * Handles an association change: an association came up, was lost, restarted, shut down or could
     * not start.
     *
     * @param notification the notification
     * @param attachment the object given to {@code receive}
     * @return {@link HandlerResult#CONTINUE} unless overridden
     */
    public HandlerResult handleNotification(AssociationChangeNotification notification, T attachment) {
        return HandlerResult.CONTINUE;
    }

    /**
     * Handles a change of one of the peer's addresses.
     *
     * @param notification the notification
     * @param attachment the object given to {@code receive}
     * @return {@link HandlerResult#CONTINUE} unless overridden
     */
    public HandlerResult handleNotification(PeerAddressChangeNotification notification, T attachment) {
        return HandlerResult.CONTINUE;
    }

    /**
     * Handles a message that could not be delivered.
     *
     * @param notification the notification
     * @param attachment the object given to {@code receive}
     * @return {@link HandlerResult#CONTINUE} unless overridden
     */
    public HandlerResult handleNotification(SendFailedNotification notification, T attachment) {
        return HandlerResult.CONTINUE;
    }

    /**
     * Handles the peer's shutdown of an association.
     *
     * @param notification the notification
     * @param attachment the object given to {@code receive}
     * @return {@link HandlerResult#CONTINUE} unless overridden
     */
    public HandlerResult handleNotification(ShutdownNotification notification, T attachment) {
        return HandlerResult.CONTINUE;
    }
}
