package io.jsst.sctp;

/**
 * Receives the notifications that a {@code receive} call of {@link SctpChannel} or
 * {@link SctpMultiChannel} meets before a message.
 *
 * <p>The handler runs on the thread that called {@code receive}. Its result decides whether that call
 * goes on receiving ({@link HandlerResult#CONTINUE}) or returns {@code null} ({@link HandlerResult#RETURN}).
 * A handler must not call {@code receive} on the same channel: that throws
 * {@link IllegalReceiveException}. An exception thrown by the handler propagates out of {@code receive}.
 *
 * <p>{@link AbstractNotificationHandler} dispatches the standard notifications to one method each.
 *
 * @param <T> the type of the attachment passed to {@code receive}
 */
public interface NotificationHandler<T> {
    /**
     * Handles a notification.
     *
     * @param notification the notification
     * @param attachment the object given to {@code receive}
     * @return whether the {@code receive} call goes on or returns {@code null}
     */
    HandlerResult handleNotification(Notification notification, T attachment);
}
