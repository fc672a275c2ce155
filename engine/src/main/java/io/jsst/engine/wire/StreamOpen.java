package io.jsst.engine.wire;

/**
 * The open information a STREAM frame with the OPEN bit carries: the new stream's parent, and for
 * a top-level stream ({@code parentId == 0}) the service and protocol it asks for.
 */
public record StreamOpen(long parentId, String service, String protocol) {

    /** The longest service or protocol name, in UTF-8 bytes. */
    public static final int MAX_NAME_LENGTH = 255;

    public boolean isTopLevel() {
        return parentId == 0;
    }

    public static StreamOpen substreamOf(long parentId) {
        return new StreamOpen(parentId, null, null);
    }

    public static StreamOpen topLevel(String service, String protocol) {
        return new StreamOpen(0, service, protocol);
    }
}
