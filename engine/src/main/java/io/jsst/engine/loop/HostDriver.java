package io.jsst.engine.loop;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * What drives one {@link io.jsst.engine.host.DatagramEndpoint}: reads its socket, fires its
 * timers, flushes its transmissions, and runs the tasks that application threads hand in. Two
 * implementations: an {@link EventLoop} over real UDP, and {@code SimNetwork} in virtual time.
 */
public interface HostDriver extends Executor {

    /**
     * Runs {@code task} owning the driver, then flushes the endpoint's transmissions. Safe to call
     * from any thread. Tasks run one at a time and in the order handed in, never inside another
     * task: on the driver's thread in a later turn, or, when an {@link EventLoop}'s thread is
     * asleep, at once on the calling thread, which owns the loop until the task and the flush are
     * done ({@link #inDriverThread()} is true inside the task either way).
     */
    @Override
    void execute(Runnable task);

    /**
     * Whether the calling thread owns this driver now: its loop thread in a turn, or a thread
     * running a task inline. Blocking on the driver from such a thread would deadlock.
     */
    boolean inDriverThread();

    /**
     * Has the endpoint polled for transmissions once more, after the work now running: at the end
     * of the current turn, or as the simulator's next event at the same instant. For a host with
     * several sockets, whose tasks run on its first driver while a channel may send from another.
     * Driver thread only.
     */
    void flushSoon();

    /**
     * Waits until {@code ready} holds or the driver's clock reaches {@code deadlineNanos}, running
     * the driver's turns on the calling thread meanwhile if the driver allows it, so that the
     * datagram that makes {@code ready} true wakes this thread directly. Returns false at once,
     * having done nothing, if this driver does not lend its turns (the simulator) or cannot now;
     * the caller then waits on its own condition, to be signalled as usual. {@code ready} is
     * evaluated on the calling thread, owning the driver.
     */
    default boolean pollUntil(java.util.function.BooleanSupplier ready, long deadlineNanos) {
        return false;
    }

    /** The driver's clock: real monotonic time, or the simulation's virtual time. */
    long nowNanos();

    /** The UDP address the endpoint is bound to. */
    InetSocketAddress localAddress();

    /**
     * Asks the driver to find out, out of band, whether {@code target} answers with an ICMP
     * port-unreachable; if it does, the driver calls
     * {@link io.jsst.engine.host.DatagramEndpoint#handleUnreachable} on the endpoint.
     * {@code probe} is the datagram to send from the side socket. A driver that learns of
     * unreachability in another way (the simulator) may do nothing.
     *
     * @return stops the probe and releases its side socket (any thread, idempotent): the caller
     *     runs it once the question is settled, say by a handshake that completed
     */
    Runnable probeReachability(InetSocketAddress target, byte[] probe);

    /** Detaches the endpoint and releases its socket. Idempotent. */
    void close();
}
