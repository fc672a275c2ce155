package io.jsst.engine.io;

import io.jsst.nativeshim.NativeUdp;
import io.jsst.nativeshim.NativeUdpSocket;
import io.jsst.nativeshim.UdpCapabilities;
import io.jsst.nativeshim.UdpCapabilities.Capability;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;

/**
 * A {@link DatagramIo} that moves datagrams in batches with {@code recvmmsg}/{@code sendmmsg},
 * coalesces equal-size datagrams to one peer with UDP GSO, takes coalesced datagrams with GRO,
 * and sets the don't-fragment bit so that path-MTU probes larger than the path are lost rather
 * than fragmented (all through native-shim, each where {@link UdpCapabilities} has it).
 *
 * <pre>
 *   EventLoop --send(batch)--&gt; NativeUdpSocket.send    (sendmmsg, GSO groups)  on the fd of ...
 *   EventLoop &lt;-receive(batch)- NativeUdpSocket.receive (recvmmsg, GRO)        ... this DatagramChannel,
 *   EventLoop's Selector -------&gt; DatagramChannel (readiness only, and close)
 * </pre>
 *
 * <p>Why the socket is a JDK {@link DatagramChannel} with native I/O on its descriptor rather than
 * a socket made natively: the event loop waits for every socket, and application threads polling
 * as guests wait, in one {@link java.nio.channels.Selector}, which takes only JDK channels. A
 * native socket would need a second wait mechanism (epoll through JNA) for the same loop. The
 * channel's descriptor is found as {@code NativeUdp.wrap} documents, without {@code --add-opens}.
 *
 * <p>Not thread-safe: one event loop thread sends and receives.
 */
public final class NativeDatagramIo implements DatagramIo {

    /** Datagrams per {@code sendmmsg}/{@code recvmmsg}. */
    public static final int BATCH_CAPACITY = 32;

    private final DatagramChannel channel;
    private final NativeUdpSocket socket;
    private final InetSocketAddress localAddress;
    private final int[] trafficClasses = new int[BATCH_CAPACITY];

    // Single-datagram calls: one slot, and the GRO segments a receive has not handed out yet.
    private final ByteBuffer[] oneBuffer = {ByteBuffer.allocateDirect(DatagramBatch.SLOT_BYTES)};
    private final InetSocketAddress[] oneAddress = new InetSocketAddress[1];
    private final int[] oneSegment = new int[1];
    private final int[] oneTrafficClass = new int[1];
    private int leftoverAt = -1;
    private final ByteBuffer[] sendSlot = new ByteBuffer[1];
    private final InetSocketAddress[] sendTarget = new InetSocketAddress[1];
    private ByteBuffer sendCopy;
    /**
     * Slots offered to {@code recvmmsg}: 1 at first, doubled each time all were filled, so that a
     * quiet socket costs one 64 KiB slot, as {@link NioDatagramIo}, and a busy one up to
     * {@link #BATCH_CAPACITY}.
     */
    private int receiveSlots = 1;

    private NativeDatagramIo(DatagramChannel channel, NativeUdpSocket socket) throws IOException {
        this.channel = channel;
        this.socket = socket;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    /**
     * Why this backend cannot be used here, naming the missing capability, or {@code null} if it
     * can. Never throws (but see {@link IoBackend}: loading this class needs native-shim).
     */
    public static String unavailableReason() {
        UdpCapabilities c = NativeUdp.capabilities();
        for (Capability required : new Capability[] {Capability.SENDMMSG, Capability.RECVMMSG}) {
            if (!c.has(required)) {
                return required + " missing: " + c.reasonMissing(required);
            }
        }
        return null;
    }

    /** What the native path can do here. */
    public static UdpCapabilities capabilities() {
        return NativeUdp.capabilities();
    }

    /**
     * Opens a non-blocking UDP socket bound to {@code local} (port 0 picks a free port), with
     * 4 MiB socket buffers as {@link NioDatagramIo}, and turns on GSO, GRO and the don't-fragment
     * bit ({@code IP_PMTUDISC_PROBE}) where available.
     *
     * @throws IOException if the socket cannot be opened or bound, or {@code sendmmsg} or
     *     {@code recvmmsg} is missing (the message names which and why)
     */
    public static NativeDatagramIo bind(InetSocketAddress local) throws IOException {
        String unavailable = unavailableReason();
        if (unavailable != null) {
            throw new IOException("native datagram I/O unavailable: " + unavailable);
        }
        ProtocolFamily family = local.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        DatagramChannel ch = NativeUdp.openChannel(family);
        NativeUdpSocket socket = null;
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, NioDatagramIo.SOCKET_BUFFER_BYTES);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, NioDatagramIo.SOCKET_BUFFER_BYTES);
            ch.configureBlocking(false);
            ch.bind(local);
            socket = NativeUdp.wrap(ch, BATCH_CAPACITY);
            socket.enableSegmentationOffload();
            socket.enableReceiveOffload();
            if (socket.capabilities().has(Capability.DONT_FRAGMENT)) {
                socket.setDontFragment(NativeUdpSocket.DontFragment.PROBE);
            }
            return new NativeDatagramIo(ch, socket);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (socket != null) {
                socket.close();
            }
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public int batchCapacity() {
        return BATCH_CAPACITY;
    }

    /** Whether sends are coalesced with GSO (off after the first GSO send the route refused). */
    public boolean segmentationOffload() {
        return socket.segmentationOffload();
    }

    /** Whether receives may be coalesced by GRO. */
    public boolean receiveOffload() {
        return socket.receiveOffload();
    }

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        ByteBuffer out = datagram;
        if (!datagram.isDirect()) {
            if (sendCopy == null) {
                sendCopy = ByteBuffer.allocateDirect(DatagramBatch.SLOT_BYTES);
            }
            out = sendCopy.clear();
            out.put(datagram.duplicate()).flip();
        }
        sendSlot[0] = out;
        sendTarget[0] = to;
        int sent = socket.send(sendSlot, sendTarget, 0, 1);
        sendSlot[0] = null;
        if (sent > 0) {
            datagram.position(datagram.limit());
        }
        return sent > 0;
    }

    @Override
    public int send(DatagramBatch batch, int from) throws IOException {
        int i = from;
        while (i < batch.size()) {
            int count = Math.min(batch.size() - i, BATCH_CAPACITY);
            int sent = socket.send(batch.buffers(batch.size()), batch.addresses(), i, count);
            i += sent;
            if (sent < count) {
                break;
            }
        }
        return i - from;
    }

    @Override
    public InetSocketAddress receive(ByteBuffer into) throws IOException {
        ByteBuffer slot = oneBuffer[0];
        if (leftoverAt < 0) {
            slot.clear();
            if (socket.receive(oneBuffer, 1, oneAddress, oneSegment, oneTrafficClass) == 0) {
                return null;
            }
            slot.flip();
            leftoverAt = 0;
        }
        int segment = oneSegment[0] == 0 ? slot.limit() : oneSegment[0];
        int end = Math.min(slot.limit(), leftoverAt + segment);
        ByteBuffer part = slot.duplicate();
        part.limit(end).position(leftoverAt);
        if (part.remaining() > into.remaining()) {
            part.limit(leftoverAt + into.remaining()); // truncated, as DatagramChannel.receive does
        }
        into.put(part);
        leftoverAt = end < slot.limit() ? end : -1;
        return oneAddress[0];
    }

    @Override
    public int receive(DatagramBatch batch) throws IOException {
        batch.clear();
        int count = Math.min(batch.capacity(), BATCH_CAPACITY);
        if (leftoverAt >= 0) {
            // segments a single-datagram receive left: hand them out one by one first
            ByteBuffer b = batch.buffer(0).clear();
            InetSocketAddress from = receive(b);
            b.flip();
            batch.set(0, from, 0);
            batch.setSize(1);
            return 1;
        }
        count = Math.min(count, receiveSlots);
        ByteBuffer[] buffers = batch.buffers(count);
        for (int i = 0; i < count; i++) {
            buffers[i].clear();
        }
        int n = socket.receive(buffers, count, batch.addresses(), batch.segmentSizes(), trafficClasses);
        if (n == count && receiveSlots < BATCH_CAPACITY) {
            receiveSlots *= 2;
        }
        for (int i = 0; i < n; i++) {
            buffers[i].flip();
        }
        batch.setSize(n);
        return n;
    }

    @Override
    public SelectableChannel selectableChannel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            socket.close();
        }
    }
}
