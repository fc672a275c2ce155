package io.jsst.engine;

import java.net.ConnectException;

/**
 * A connect failed because the responder proved a different identity than the one the initiator
 * asked for: the host at that address is not the host named by the expected EID.
 */
public class EidMismatchException extends ConnectException {
    private static final long serialVersionUID = 1L;

    private final transient Eid expected;
    private final transient Eid actual;

    public EidMismatchException(Eid expected, Eid actual, String peer) {
        super("responder at " + peer + " has EID " + actual + ", not the expected " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public Eid expected() {
        return expected;
    }

    public Eid actual() {
        return actual;
    }
}
