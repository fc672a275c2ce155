package io.jsst.engine.loop;

import io.jsst.engine.host.DatagramEndpoint;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** Test fake: a timer set by the test, and futures for the first timeout and unreachable report. */
final class ScriptedEndpoint implements DatagramEndpoint {

    final CompletableFuture<Long> timedOutAt = new CompletableFuture<>();
    final CompletableFuture<InetSocketAddress> unreachable = new CompletableFuture<>();
    private long deadline = Long.MAX_VALUE;

    /** Driver thread only. */
    void setDeadline(long deadlineNanos) {
        this.deadline = deadlineNanos;
    }

    /** Sets the deadline to {@code delay} from now, through the driver's task queue. */
    void setDeadlineFromAnyThreadForTest(HostDriver driver, long delayNanos) {
        driver.execute(() -> setDeadline(driver.nowNanos() + delayNanos));
    }

    @Override
    public void handleDatagram(ByteBuffer datagram, InetSocketAddress from, long nowNanos) {
    }

    @Override
    public void handleUnreachable(InetSocketAddress destination, long nowNanos) {
        unreachable.complete(destination);
    }

    @Override
    public void handleTimeout(long nowNanos) {
        if (nowNanos >= deadline) {
            deadline = Long.MAX_VALUE;
            timedOutAt.complete(nowNanos);
        }
    }

    @Override
    public InetSocketAddress pollTransmit(ByteBuffer out, long nowNanos) {
        return null;
    }

    @Override
    public long nextTimeoutNanos() {
        return deadline;
    }
}
