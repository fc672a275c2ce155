package io.jsst.sctp;

/**
 * Thrown when a message is sent to a stream number that is negative, or at or above the number of outbound
 * streams of its association.
 */
public class InvalidStreamException extends IllegalArgumentException {
    private static final long serialVersionUID = -9172703378046665558L;

    /** Creates the exception with no detail message. */
    public InvalidStreamException() {
        super();
    }

    /**
     * Creates the exception with a detail message.
     *
     * @param msg the detail message
     */
    public InvalidStreamException(String msg) {
        super(msg);
    }
}
