package io.jsst.sctp;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Tells that a message could not be delivered, and gives back its data.
 */
public abstract class SendFailedNotification implements Notification {
    /** For implementations, and for applications that make notifications of their own. */
    protected SendFailedNotification() {
    }

    /**
     * Returns the association the message was sent on.
     *
     * @return the association, or {@code null} if the association could not be set up
     */
    @Override
    public abstract Association association();

    /**
     * Returns the peer address the message was sent to.
     *
     * @return the address
     */
    public abstract SocketAddress address();

    /**
     * Returns the data that was not delivered: position zero, limit at the end of the data.
     *
     * @return the undelivered data, or {@code null} if there is none
     */
    public abstract ByteBuffer buffer();

    /**
     * Returns the error code that says why the message failed, an SCTP error cause code.
     *
     * @return the error code
     */
    public abstract int errorCode();

    /**
     * Returns the stream the message was sent on.
     *
     * @return the stream number
     */
    public abstract int streamNumber();
}
