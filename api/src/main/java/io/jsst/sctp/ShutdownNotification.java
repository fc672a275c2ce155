package io.jsst.sctp;

/**
 * Tells that the peer shut an association down: it sends no more data on it.
 */
public abstract class ShutdownNotification implements Notification {
    /** For implementations, and for applications that make notifications of their own. */
    protected ShutdownNotification() {
    }

    /**
     * Returns the association the peer shut down.
     *
     * @return the association
     */
    @Override
    public abstract Association association();
}
