package io.jsst.sctp;

import io.jsst.sctp.impl.MessageInfoImpl;
import java.net.SocketAddress;

/**
 * The ancillary data of a message: which association and stream it goes to or came from, whether it is
 * unordered, its payload protocol identifier, its time to live, and whether it is complete.
 *
 * <p>For a send, create one with {@link #createOutgoing(SocketAddress, int)} or
 * {@link #createOutgoing(Association, SocketAddress, int)} and adjust it with the setters, each of which
 * returns this object. A {@code receive} returns one that describes the message (or the part of a
 * message) it read.
 *
 * <p>A {@code MessageInfo} is not safe for use by several threads at once.
 *
 * <table class="striped">
 * <caption>Values of a {@code MessageInfo}</caption>
 * <thead><tr><th>value</th><th>outgoing default</th><th>on a received message</th></tr></thead>
 * <tbody>
 * <tr><td>{@link #address()}</td><td>as given ({@code null}: the primary peer address)</td>
 *     <td>the address it came from</td></tr>
 * <tr><td>{@link #association()}</td><td>as given, or {@code null}</td><td>the association it came on</td></tr>
 * <tr><td>{@link #streamNumber()}</td><td>as given</td><td>the stream it came on</td></tr>
 * <tr><td>{@link #isUnordered()}</td><td>{@code false}</td><td>whether the sender sent it unordered</td></tr>
 * <tr><td>{@link #payloadProtocolID()}</td><td>0 (unspecified)</td><td>as the sender gave it</td></tr>
 * <tr><td>{@link #timeToLive()}</td><td>0 (never expires)</td><td>not meaningful</td></tr>
 * <tr><td>{@link #isComplete()}</td><td>{@code true}</td><td>whether this read ends the message</td></tr>
 * <tr><td>{@link #bytes()}</td><td>0</td><td>the bytes read; -1 at end of stream</td></tr>
 * </tbody>
 * </table>
 */
public abstract class MessageInfo {
    /** For implementations. */
    protected MessageInfo() {
    }

    /**
     * Creates the information of a message to send, with no association given. An {@link SctpChannel}
     * sends it on its association; an {@link SctpMultiChannel} sends it to {@code address}, setting up an
     * association to it if it has none.
     *
     * @param address the peer address to send to, or {@code null} for the association's primary address
     * @param streamNumber the stream to send on
     * @return a new outgoing message information
     * @throws IllegalArgumentException if {@code streamNumber} is negative or greater than 65536
     */
    public static MessageInfo createOutgoing(SocketAddress address, int streamNumber) {
        return MessageInfoImpl.outgoing(null, address, streamNumber);
    }

    /**
     * Creates the information of a message to send on a given association.
     *
     * @param association the association to send on
     * @param address the peer address to send to, or {@code null} for the association's primary address
     * @param streamNumber the stream to send on
     * @return a new outgoing message information
     * @throws IllegalArgumentException if {@code association} is {@code null}, or {@code streamNumber} is
     *         negative or greater than 65536
     */
    public static MessageInfo createOutgoing(Association association, SocketAddress address, int streamNumber) {
        if (association == null) {
            throw new IllegalArgumentException("association cannot be null");
        }
        return MessageInfoImpl.outgoing(association, address, streamNumber);
    }

    /**
     * Returns the peer address: where a received message came from, or where an outgoing one goes.
     *
     * @return the address, or {@code null}
     */
    public abstract SocketAddress address();

    /**
     * Returns the association: the one a received message came on, or the one an outgoing message goes to.
     *
     * @return the association, or {@code null} if none was given to an outgoing message
     */
    public abstract Association association();

    /**
     * Returns the number of bytes read by the {@code receive} that returned this object.
     *
     * @return the number of bytes read, -1 at the end of the stream, 0 for an outgoing message
     */
    public abstract int bytes();

    /**
     * Tells whether this is a whole message, or the last part of one. A {@code receive} into a buffer
     * too small for the message returns {@code false} here; further calls read the rest.
     *
     * @return {@code true} if the message is complete
     */
    public abstract boolean isComplete();

    /**
     * Sets whether the data sent with this information ends the message. It matters only when
     * {@link SctpStandardSocketOptions#SCTP_EXPLICIT_COMPLETE} is on.
     *
     * @param complete {@code true} if the message ends with this send
     * @return this object
     */
    public abstract MessageInfo complete(boolean complete);

    /**
     * Tells whether the message is (or was sent) unordered.
     *
     * @return {@code true} if unordered
     */
    public abstract boolean isUnordered();

    /**
     * Sets whether the message is sent unordered: delivered as soon as it arrives, ahead of ordered
     * messages sent earlier on the same stream.
     *
     * @param unordered {@code true} to send unordered
     * @return this object
     */
    public abstract MessageInfo unordered(boolean unordered);

    /**
     * Returns the payload protocol identifier, an application value passed through unchanged.
     *
     * @return the payload protocol identifier; 0 means unspecified
     */
    public abstract int payloadProtocolID();

    /**
     * Sets the payload protocol identifier.
     *
     * @param ppid the payload protocol identifier, any value; 0 means unspecified
     * @return this object
     */
    public abstract MessageInfo payloadProtocolID(int ppid);

    /**
     * Returns the stream number.
     *
     * @return the stream number
     */
    public abstract int streamNumber();

    /**
     * Sets the stream number.
     *
     * @param streamNumber the stream to send on
     * @return this object
     * @throws IllegalArgumentException if {@code streamNumber} is negative or greater than 65536
     */
    public abstract MessageInfo streamNumber(int streamNumber);

    /**
     * Returns the time to live, in milliseconds.
     *
     * @return the time to live; 0 means the message never expires
     */
    public abstract long timeToLive();

    /**
     * Sets the time to live in milliseconds: a message not yet sent when it expires is not sent, and the
     * sender is told by a {@link SendFailedNotification}.
     *
     * @param millis the time to live; 0 means the message never expires
     * @return this object
     */
    public abstract MessageInfo timeToLive(long millis);
}
