package io.jsst.sctp;

/**
 * An SCTP association between two endpoints: its identifier and the numbers of inbound and outbound
 * streams negotiated when it was set up.
 *
 * <p>Data received on an association arrives on streams {@code 0 .. maxInboundStreams() - 1}; data sent
 * on it must go to streams {@code 0 .. maxOutboundStreams() - 1}. An association identifier is unique
 * within the channel that holds the association, for as long as the association lives; it may be used
 * again after the association is shut down, and two channels may each hold an association with the same
 * identifier.
 *
 * <p>Applications obtain associations from {@link SctpChannel#association()},
 * {@link SctpMultiChannel#associations()}, {@link Notification#association()} and
 * {@link MessageInfo#association()}. Two {@code Association} objects are equal only if they are the same
 * object: this class does not override {@code equals} or {@code hashCode}.
 */
public class Association {
    private final int associationID;
    private final int maxInStreams;
    private final int maxOutStreams;

    /**
     * Creates an association. For implementations and for tests that need an association of their own.
     *
     * @param associationID the association identifier
     * @param maxInStreams the number of inbound streams negotiated
     * @param maxOutStreams the number of outbound streams negotiated
     */
    protected Association(int associationID, int maxInStreams, int maxOutStreams) {
        this.associationID = associationID;
        this.maxInStreams = maxInStreams;
        this.maxOutStreams = maxOutStreams;
    }

    /**
     * Returns the association identifier.
     *
     * @return the association identifier
     */
    public final int associationID() {
        return associationID;
    }

    /**
     * Returns the number of inbound streams the peer may send on: received data carries a stream number
     * below this count.
     *
     * @return the number of inbound streams
     */
    public final int maxInboundStreams() {
        return maxInStreams;
    }

    /**
     * Returns the number of outbound streams this endpoint may send on: a send to a stream number at or
     * above this count throws {@link InvalidStreamException}.
     *
     * @return the number of outbound streams
     */
    public final int maxOutboundStreams() {
        return maxOutStreams;
    }
}
