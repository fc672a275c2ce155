package io.jsst.engine;

import java.io.IOException;

/** The stream was reset, by the peer or locally, with an error code: no more data flows on it. */
public class StreamResetException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long errorCode;
    private final boolean byPeer;

    public StreamResetException(long errorCode, boolean byPeer) {
        super("stream reset " + (byPeer ? "by the peer" : "locally") + " with error code " + errorCode);
        this.errorCode = errorCode;
        this.byPeer = byPeer;
    }

    public long errorCode() {
        return errorCode;
    }

    public boolean byPeer() {
        return byPeer;
    }
}
