package io.jsst.sctp;

/**
 * Thrown when {@code unbindAddress} is asked to remove an address the channel is not bound to, or its only
 * address.
 */
public class IllegalUnbindException extends IllegalStateException {
    private static final long serialVersionUID = -310540883995532224L;

    /** Creates the exception with no detail message. */
    public IllegalUnbindException() {
        super();
    }

    /**
     * Creates the exception with a detail message.
     *
     * @param msg the detail message
     */
    public IllegalUnbindException(String msg) {
        super(msg);
    }
}
