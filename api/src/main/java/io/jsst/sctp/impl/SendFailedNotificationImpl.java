package io.jsst.sctp.impl;

import io.jsst.sctp.Association;
import io.jsst.sctp.SendFailedNotification;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/** The {@link SendFailedNotification} that jsst delivers. */
public final class SendFailedNotificationImpl extends SendFailedNotification {
    private final Association association;
    private final SocketAddress address;
    private final ByteBuffer buffer;
    private final int errorCode;
    private final int streamNumber;

    /**
     * Creates the notification.
     *
     * @param association the association the message was sent on, {@code null} if it could not be set up
     * @param address the peer address the message was sent to
     * @param buffer the undelivered data, position 0 and limit at its end, or {@code null}; the
     *        notification hands out this buffer itself, not a copy
     * @param errorCode why the message failed, an SCTP error cause code
     * @param streamNumber the stream the message was sent on
     */
    public SendFailedNotificationImpl(Association association, SocketAddress address, ByteBuffer buffer,
            int errorCode, int streamNumber) {
        this.association = association;
        this.address = address;
        this.buffer = buffer;
        this.errorCode = errorCode;
        this.streamNumber = streamNumber;
    }

    @Override
    public Association association() {
        return association;
    }

    @Override
    public SocketAddress address() {
        return address;
    }

    @Override
    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public int errorCode() {
        return errorCode;
    }

    @Override
    public int streamNumber() {
        return streamNumber;
    }

    /** The JDK's form: {@code Object.toString()} then each value. */
    @Override
    public String toString() {
        return super.toString() + " [Association:" + association + ", Address: " + address
                + ", buffer: " + buffer + ", errorCode: " + errorCode + ", streamNumber: " + streamNumber + "]";
    }
}
