package io.jsst.sctp.impl;

import io.jsst.sctp.Association;

/**
 * The {@link Association} that jsst creates. Equal only to itself, as every {@code Association}.
 */
public final class AssociationImpl extends Association {
    /**
     * Creates an association.
     *
     * @param associationID the association identifier, unique within its channel while it lives
     * @param maxInStreams the number of inbound streams negotiated
     * @param maxOutStreams the number of outbound streams negotiated
     */
    public AssociationImpl(int associationID, int maxInStreams, int maxOutStreams) {
        super(associationID, maxInStreams, maxOutStreams);
    }

    /** The JDK's form: {@code Object.toString()} then the identifier and the stream counts. */
    @Override
    public String toString() {
        return super.toString() + "[associationID:" + associationID() + ", maxIn:" + maxInboundStreams()
                + ", maxOut:" + maxOutboundStreams() + "]";
    }
}
