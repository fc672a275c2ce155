package io.jsst.sctp.impl;

import io.jsst.sctp.Association;
import io.jsst.sctp.ShutdownNotification;

/** The {@link ShutdownNotification} that jsst delivers. Immutable. */
public final class ShutdownNotificationImpl extends ShutdownNotification {
    private final Association association;

    /**
     * Creates the notification.
     *
     * @param association the association the peer shut down
     */
    public ShutdownNotificationImpl(Association association) {
        this.association = association;
    }

    @Override
    public Association association() {
        return association;
    }

    /** The JDK's form: {@code Object.toString()} then the association. */
    @Override
    public String toString() {
        return super.toString() + " [Association:" + association + "]";
    }
}
