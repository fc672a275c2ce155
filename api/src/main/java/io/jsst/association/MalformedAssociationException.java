package io.jsst.association;

import java.net.ProtocolException;

/** The peer sent association-layer bytes that break docs/wire-format.md; the association is aborted. */
public final class MalformedAssociationException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    public MalformedAssociationException(String message) {
        super(message);
    }
}
