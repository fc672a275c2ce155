package io.jsst.compat.sctp;

import io.jsst.sctp.AbstractNotificationHandler;
import io.jsst.sctp.AssociationChangeNotification;
import io.jsst.sctp.HandlerResult;
import io.jsst.sctp.Notification;
import io.jsst.sctp.PeerAddressChangeNotification;
import io.jsst.sctp.SendFailedNotification;
import io.jsst.sctp.ShutdownNotification;
import java.util.List;

/**
 * A handler that adds every notification, of whichever kind, to the list passed as the receive's
 * attachment, and goes on receiving.
 */
final class NotificationRecorder extends AbstractNotificationHandler<List<Notification>> {

    private static HandlerResult record(Notification n, List<Notification> seen) {
        seen.add(n);
        return HandlerResult.CONTINUE;
    }

    @Override
    public HandlerResult handleNotification(Notification n, List<Notification> seen) {
        return record(n, seen);
    }

    @Override
    public HandlerResult handleNotification(AssociationChangeNotification n, List<Notification> seen) {
        return record(n, seen);
    }

    @Override
    public HandlerResult handleNotification(PeerAddressChangeNotification n, List<Notification> seen) {
        return record(n, seen);
    }

    @Override
    public HandlerResult handleNotification(SendFailedNotification n, List<Notification> seen) {
        return record(n, seen);
    }

    @Override
    public HandlerResult handleNotification(ShutdownNotification n, List<Notification> seen) {
        return record(n, seen);
    }
}
