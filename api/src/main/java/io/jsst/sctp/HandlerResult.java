package io.jsst.sctp;

/**
 * What a {@link NotificationHandler} asks of the {@code receive} call that invoked it.
 */
public enum HandlerResult {
    /** Keep receiving: {@code receive} goes on waiting for a message or the next notification. */
    CONTINUE,
    /** Stop receiving: {@code receive} returns {@code null} at once. */
    RETURN;
}
