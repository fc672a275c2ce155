package io.jsst.sctp;

/**
 * Thrown when {@code receive} is called from within a {@link NotificationHandler} invoked by a {@code receive}
 * call on the same channel.
 */
public class IllegalReceiveException extends IllegalStateException {
    private static final long serialVersionUID = 2296619040988576224L;

    /** Creates the exception with no detail message. */
    public IllegalReceiveException() {
        super();
    }

    /**
     * Creates the exception with a detail message.
     *
     * @param msg the detail message
     */
    public IllegalReceiveException(String msg) {
        super(msg);
    }
}
