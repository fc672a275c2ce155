package io.jsst.sctp.impl;

import io.jsst.sctp.Association;
import io.jsst.sctp.MessageInfo;
import java.net.SocketAddress;

/**
 * The {@link MessageInfo} that jsst creates: for a message to send ({@link #outgoing}) or for one that a
 * {@code receive} read ({@link #received}). Not safe for use by several threads at once.
 */
public final class MessageInfoImpl extends MessageInfo {
    /** The largest stream number {@link MessageInfo} accepts, as the JDK checks it (one above 65535). */
    private static final int MAX_STREAM_NUMBER = 65536;

    private final Association association;
    /** The association's identifier on a received message, 0 on an outgoing one (as the JDK prints it). */
    private final int associationID;
    private final SocketAddress address;
    private final int bytes;
    private int streamNumber;
    private boolean complete = true;
    private boolean unordered;
    private long timeToLive;
    private int payloadProtocolID;

    private MessageInfoImpl(Association association, int associationID, SocketAddress address, int bytes,
            int streamNumber) {
        this.association = association;
        this.associationID = associationID;
        this.address = address;
        this.bytes = bytes;
        this.streamNumber = streamNumber;
    }

    /**
     * Creates the information of a message to send: complete, ordered, payload protocol identifier 0, time
     * to live 0, bytes 0.
     *
     * @param association the association to send on, or {@code null}
     * @param address the peer address to send to, or {@code null}
     * @param streamNumber the stream to send on
     * @return the new information
     * @throws IllegalArgumentException if {@code streamNumber} is negative or greater than 65536
     */
    public static MessageInfoImpl outgoing(Association association, SocketAddress address, int streamNumber) {
        checkStreamNumber(streamNumber);
        return new MessageInfoImpl(association, 0, address, 0, streamNumber);
    }

    /**
     * Creates the information of a message, or part of a message, that a {@code receive} read.
     *
     * @param association the association it came on
     * @param address the peer address it came from
     * @param bytes the number of bytes read, -1 at the end of the stream
     * @param streamNumber the stream it came on
     * @param complete whether this read ends the message
     * @param unordered whether the sender sent it unordered
     * @param payloadProtocolID the payload protocol identifier the sender gave it
     * @return the new information
     */
    public static MessageInfoImpl received(Association association, SocketAddress address, int bytes,
            int streamNumber, boolean complete, boolean unordered, int payloadProtocolID) {
        MessageInfoImpl info = new MessageInfoImpl(association,
                association == null ? 0 : association.associationID(), address, bytes, streamNumber);
        info.complete = complete;
        info.unordered = unordered;
        info.payloadProtocolID = payloadProtocolID;
        return info;
    }

    private static void checkStreamNumber(int streamNumber) {
        if (streamNumber < 0 || streamNumber > MAX_STREAM_NUMBER) {
            throw new IllegalArgumentException("Invalid stream number");
        }
    }

    @Override
    public SocketAddress address() {
        return address;
    }

    @Override
    public Association association() {
        return association;
    }

    @Override
    public int bytes() {
        return bytes;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public MessageInfo complete(boolean complete) {
        this.complete = complete;
        return this;
    }

    @Override
    public boolean isUnordered() {
        return unordered;
    }

    @Override
    public MessageInfo unordered(boolean unordered) {
        this.unordered = unordered;
        return this;
    }

    @Override
    public int payloadProtocolID() {
        return payloadProtocolID;
    }

    @Override
    public MessageInfo payloadProtocolID(int ppid) {
        this.payloadProtocolID = ppid;
        return this;
    }

    @Override
    public int streamNumber() {
        return streamNumber;
    }

    @Override
    public MessageInfo streamNumber(int streamNumber) {
        checkStreamNumber(streamNumber);
        this.streamNumber = streamNumber;
        return this;
    }

    @Override
    public long timeToLive() {
        return timeToLive;
    }

    @Override
    public MessageInfo timeToLive(long millis) {
        this.timeToLive = millis;
        return this;
    }

    /** The JDK's form: {@code Object.toString()} then the values in brackets. */
    @Override
    public String toString() {
        return super.toString() + "[Address: " + address + ", Association: " + association
                + ", Assoc ID: " + associationID + ", Bytes: " + bytes + ", Stream Number: " + streamNumber
                + ", Complete: " + complete + ", isUnordered: " + unordered + "]";
    }
}
