package io.jsst.engine.sim;

import io.jsst.engine.host.DatagramEndpoint;
import io.jsst.engine.loop.HostDriver;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link HostDriver} of one endpoint attached to a {@link SimNetwork}. Every turn (a
 * delivery, a timer, a task) ends with a flush: {@code pollTransmit} until {@code null}, each
 * datagram copied onto its link, then the timer re-armed at {@code nextTimeoutNanos()}.
 *
 * <pre>
 *   timer generations:  arm(t=100) gen=1 ... arm(t=50) gen=2
 *   event(t=50, gen=2) fires; event(t=100, gen=1) is stale and ignored
 * </pre>
 */
final class SimHost implements HostDriver {

    /** At most one unreachable report per destination per this interval. */
    static final long UNREACHABLE_INTERVAL_NANOS = 100_000_000L;

    private final SimNetwork network;
    final InetSocketAddress boundAddress;
    final DatagramEndpoint endpoint;
    private final ByteBuffer out = ByteBuffer.allocate(SimNetwork.BUFFER_BYTES);
    private final Map<InetSocketAddress, Long> lastUnreachable = new HashMap<>();
    private long timerGeneration;
    private long armedAtNanos = Long.MAX_VALUE;
    boolean closed;

    SimHost(SimNetwork network, InetSocketAddress boundAddress, DatagramEndpoint endpoint) {
        this.network = network;
        this.boundAddress = boundAddress;
        this.endpoint = endpoint;
    }

    // ---- HostDriver ----

    @Override
    public void execute(Runnable task) {
        network.submit(() -> {
            if (!closed) {
                task.run();
                flush();
            }
        });
    }

    @Override
    public void flushSoon() {
        network.submit(() -> {
            if (!closed) {
                flush();
            }
        });
    }

    @Override
    public boolean inDriverThread() {
        return network.inSimThread();
    }

    @Override
    public long nowNanos() {
        return network.nowNanos();
    }

    @Override
    public InetSocketAddress localAddress() {
        return boundAddress;
    }

    /** Does nothing: the simulator reports unreachable destinations itself. */
    @Override
    public Runnable probeReachability(InetSocketAddress target, byte[] probe) {
        return () -> { };
    }

    @Override
    public void close() {
        network.closeHost(this);
    }

    // ---- simulation thread ----

    void deliver(byte[] data, int length, InetSocketAddress from) {
        if (closed) {
            return;
        }
        endpoint.handleDatagram(ByteBuffer.wrap(data, 0, length), from, network.nowNanos());
        flush();
    }

    void reportUnreachable(InetSocketAddress destination) {
        if (closed) {
            return;
        }
        long now = network.nowNanos();
        Long last = lastUnreachable.get(destination);
        if (last != null && now - last < UNREACHABLE_INTERVAL_NANOS) {
            return;
        }
        lastUnreachable.put(destination, now);
        endpoint.handleUnreachable(destination, now);
        flush();
    }

    /** Sends everything the endpoint has, then re-arms its timer. */
    void flush() {
        while (!closed) {
            out.clear();
            InetSocketAddress to = endpoint.pollTransmit(out, network.nowNanos());
            if (to == null) {
                break;
            }
            int length = out.remaining();
            byte[] copy = new byte[length];
            out.get(copy);
            network.transmit(this, to, copy, length);
        }
        armTimer();
    }

    private void armTimer() {
        long at = closed ? Long.MAX_VALUE : endpoint.nextTimeoutNanos();
        if (at == armedAtNanos) {
            return;
        }
        long generation = ++timerGeneration;
        armedAtNanos = at;
        if (at != Long.MAX_VALUE) {
            network.schedule(at, () -> fireTimer(generation));
        }
    }

    private void fireTimer(long generation) {
        if (closed || generation != timerGeneration) {
            return;
        }
        armedAtNanos = Long.MAX_VALUE;
        endpoint.handleTimeout(network.nowNanos());
        flush();
    }

    void detach() {
        closed = true;
        timerGeneration++;
        armedAtNanos = Long.MAX_VALUE;
    }
}
