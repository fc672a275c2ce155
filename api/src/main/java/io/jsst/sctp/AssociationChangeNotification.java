package io.jsst.sctp;

/**
 * Tells that an association came up, went down or restarted.
 *
 * <p>A {@link AssocChangeEvent#COMM_UP} notification is the first thing a newly connected or accepted
 * association delivers, and its {@link #association()} carries the negotiated stream counts.
 */
public abstract class AssociationChangeNotification implements Notification {
    /** For implementations, and for applications that make notifications of their own. */
    protected AssociationChangeNotification() {
    }

    /**
     * Returns the association that changed.
     *
     * @return the association, or {@code null} for {@link AssocChangeEvent#CANT_START}
     */
    @Override
    public abstract Association association();

    /**
     * Returns what happened to the association.
     *
     * @return the event
     */
    public abstract AssocChangeEvent event();

    /** What happened to an association. */
    public enum AssocChangeEvent {
        /** The association is ready: data can be sent and received on it. */
        COMM_UP,
        /**
         * The association failed. A {@link SendFailedNotification} follows for each message that was
         * not delivered.
         */
        COMM_LOST,
        /** The peer restarted. */
        RESTART,
        /** The association was shut down gracefully. */
        SHUTDOWN,
        /**
         * The association could not be set up. A {@link SendFailedNotification} may follow for each
         * message that had been sent on it.
         */
        CANT_START;
    }
}
