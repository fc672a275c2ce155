package io.jsst.engine.loop;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/**
 * One out-of-band reachability check: a side socket {@code connect()}ed to the target, because
 * Linux reports an ICMP port unreachable only on a connected UDP socket (as
 * {@link PortUnreachableException} on the next read or send).
 *
 * <pre>
 *   t=0      open, connect; send probe at the turn's timers (after its flush) ---&gt; target
 *   t=100ms  send probe again (if still open)
 *   t=200ms  send probe again (if still open)
 *   read/send throws PortUnreachable  -&gt; endpoint.handleUnreachable(target), close
 *   a datagram comes back             -&gt; close (reachable)
 *   t=5s                              -&gt; close (no answer either way)
 * </pre>
 *
 * <p>Loop thread only.
 */
final class ReachabilityProbe {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    static final int SENDS = 3;
    static final long RESEND_INTERVAL_NANOS = 100_000_000L;
    static final long GIVE_UP_NANOS = 5_000_000_000L;

    private final EndpointDriver driver;
    private final InetSocketAddress target;
    private final byte[] probe;
    private DatagramChannel channel;
    private boolean closed;

    ReachabilityProbe(EndpointDriver driver, InetSocketAddress target, byte[] probe) {
        this.driver = driver;
        this.target = target;
        this.probe = probe;
    }

    /** Opens the side socket and sends the probes; nothing if it was closed (stopped) before. */
    void open() {
        if (closed) {
            return;
        }
        EventLoop loop = driver.loop;
        try {
            channel = DatagramChannel.open(target.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.connect(target);
            channel.register(loop.selector(), SelectionKey.OP_READ, this);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "reachability probe to " + target, e);
            close();
            return;
        }
        long now = loop.clock().nowNanos();
        // The first send at a timer due at once, which fires after the turn's flush: the handshake
        // packet the probe goes with leaves first, not behind a datagram its peer must read and drop.
        loop.schedule(now, () -> send(loop.clock().nowNanos()));
        for (int i = 1; i < SENDS; i++) {
            loop.schedule(now + i * RESEND_INTERVAL_NANOS, () -> send(loop.clock().nowNanos()));
        }
        loop.schedule(now + GIVE_UP_NANOS, this::close);
    }

    private void send(long nowNanos) {
        if (closed) {
            return;
        }
        try {
            channel.write(ByteBuffer.wrap(probe));
        } catch (PortUnreachableException e) {
            unreachable(nowNanos);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "reachability probe to " + target, e);
            close();
        }
    }

    /** The side socket is readable: an ICMP error, or an answer. */
    void handleReadable(ByteBuffer rx, long nowNanos) {
        if (closed) {
            return;
        }
        rx.clear();
        try {
            int n = channel.read(rx);
            if (n > 0) {
                close();
            }
        } catch (PortUnreachableException e) {
            unreachable(nowNanos);
        } catch (IOException e) {
            close();
        }
    }

    private void unreachable(long nowNanos) {
        close();
        if (!driver.detached) {
            driver.loop.touch(driver);
            driver.endpoint.handleUnreachable(target, nowNanos);
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing probe", e);
            }
        }
    }
}
