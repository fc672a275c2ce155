package io.jsst.sctp.impl;

import io.jsst.sctp.Association;
import io.jsst.sctp.AssociationChangeNotification;

/** The {@link AssociationChangeNotification} that jsst delivers. Immutable. */
public final class AssociationChangeNotificationImpl extends AssociationChangeNotification {
    private final Association association;
    private final AssocChangeEvent event;

    /**
     * Creates the notification.
     *
     * @param association the association that changed; {@code null} for {@link AssocChangeEvent#CANT_START}
     * @param event what happened
     * @throws NullPointerException if {@code event} is {@code null}
     */
    public AssociationChangeNotificationImpl(Association association, AssocChangeEvent event) {
        if (event == null) {
            throw new NullPointerException("event");
        }
        this.association = association;
        this.event = event;
    }

    @Override
    public Association association() {
        return association;
    }

    @Override
    public AssocChangeEvent event() {
        return event;
    }

    /** The JDK's form: {@code Object.toString()} then the association and the event. */
    @Override
    public String toString() {
        return super.toString() + " [Association:" + association + ", Event: " + event + "]";
    }
}
