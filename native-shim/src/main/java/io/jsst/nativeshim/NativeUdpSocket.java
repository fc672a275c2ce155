package io.jsst.nativeshim;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.jsst.nativeshim.UdpCapabilities.Capability;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * Batched, offloaded I/O on the socket of a JDK {@link DatagramChannel}: {@code recvmmsg} and
 * {@code sendmmsg} over caller-owned direct buffers, with UDP GSO (consecutive equal-size
 * datagrams to one destination leave as one segmented message), GRO, the don't-fragment bit and
 * ECN marks where {@link UdpCapabilities} has them. Nothing here knows what the datagrams carry.
 *
 * <pre>
 *   send(buffers, targets, 0, 5):   [a:1200][a:1200][a:700][b:1200][a:1200]
 *                                    \___ one message, GSO 1200 __/ msg    msg   = sendmmsg of 3
 *   receive(buffers, 4, ...):       recvmmsg of up to 4; with GRO a slot may hold several
 *                                    datagrams of segmentSizes[i] bytes back to back
 * </pre>
 *
 * <p>The {@code mmsghdr}, {@code iovec}, {@code sockaddr} and control arrays are allocated once per
 * socket and reused; the native address of each buffer is looked up once per buffer object. The
 * steady state allocates nothing (a new sender address allocates its {@link InetSocketAddress}).
 *
 * <p>Non-blocking always ({@code MSG_DONTWAIT}): wait for readiness on the channel's selector.
 * Not thread-safe: one thread calls it. The channel owns the socket; close the channel, then
 * this.
 */
public final class NativeUdpSocket implements Closeable {

    /** Linux's UDP_MAX_SEGMENTS: the most datagrams in one GSO message. */
    public static final int MAX_SEGMENTS = 64;
    /** The most bytes one GSO message carries (under the 65,507 an IPv4 datagram allows). */
    public static final int MAX_SEGMENTED_BYTES = 65_000;
    static final int MAX_BATCH = 1024;

    private static final int MMSGHDR = 64;
    private static final int IOVEC = 16;
    private static final int CONTROL = 64;
    private static final int CMSGHDR = 16;
    /** Bound on retries after EINTR or a stale ICMP error (ECONNREFUSED) in one call. */
    private static final int MAX_RETRIES = 16;

    private final DatagramChannel channel;
    private final int fd;
    private final boolean ipv6;
    private final int capacity;
    private final UdpCapabilities capabilities;
    private final Memory memory;
    private final ByteBuffer view;
    private final long base;
    private final int iovecs;
    /**
     * Where {@code sendmmsg} reads its targets and {@code recvmmsg} writes its senders: apart,
     * since a send reuses the target it encoded last time for the same address object, and a
     * receive in between must not overwrite it (a server sent to whoever it last heard from).
     */
    private final int sendNames;
    private final int receiveNames;
    private final int controls;

    private final ByteBuffer[] knownBuffers;
    private final long[] knownAddresses;
    private final InetSocketAddress[] encodedTargets;
    private final int[] encodedLengths;
    private final InetSocketAddress[] decodedSenders;
    private final long[][] decodedKeys;
    /** Datagrams in each message of the last send. */
    private final int[] datagramsInMessage;

    private boolean gso;
    private boolean gro;
    private boolean receiveTrafficClass;
    private long droppedDatagrams;
    private int lastDropErrno;
    private boolean closed;

    private NativeUdpSocket(DatagramChannel channel, int fd, boolean ipv6, int capacity,
                            UdpCapabilities capabilities) {
        this.channel = channel;
        this.fd = fd;
        this.ipv6 = ipv6;
        this.capacity = capacity;
        this.capabilities = capabilities;
        this.iovecs = capacity * MMSGHDR;
        this.sendNames = iovecs + capacity * IOVEC;
        this.receiveNames = sendNames + capacity * Sockaddr.SIZE;
        this.controls = receiveNames + capacity * Sockaddr.SIZE;
        this.memory = new Memory((long) controls + (long) capacity * CONTROL);
        this.memory.clear();
        this.view = memory.getByteBuffer(0, memory.size()).order(ByteOrder.nativeOrder());
        this.base = Pointer.nativeValue(memory);
        this.knownBuffers = new ByteBuffer[capacity * 2];
        this.knownAddresses = new long[capacity * 2];
        this.encodedTargets = new InetSocketAddress[capacity];
        this.encodedLengths = new int[capacity];
        this.decodedSenders = new InetSocketAddress[capacity];
        this.decodedKeys = new long[capacity][4];
        this.datagramsInMessage = new int[capacity];
    }

    static NativeUdpSocket wrap(DatagramChannel channel, int batchCapacity, UdpCapabilities capabilities)
            throws IOException {
        if (batchCapacity < 1 || batchCapacity > MAX_BATCH) {
            throw new IllegalArgumentException("batchCapacity must be in [1, " + MAX_BATCH + "]: " + batchCapacity);
        }
        int fd = SocketFd.of(channel);
        boolean ipv6;
        try (Memory m = new Memory(64)) {
            long p = Pointer.nativeValue(m);
            m.setInt(0, 32);
            if (LibC.getsockname(fd, p + 8, p) < 0) {
                throw new IOException(LibC.describe("getsockname", LibC.errno()));
            }
            ipv6 = (m.getShort(8) & 0xFFFF) == LibC.AF_INET6;
        }
        return new NativeUdpSocket(channel, fd, ipv6, batchCapacity, capabilities);
    }

    /** The socket's file descriptor (owned by the channel). */
    public int fd() {
        return fd;
    }

    /** What the kernel offered when this socket was wrapped. */
    public UdpCapabilities capabilities() {
        return capabilities;
    }

    /** The most datagrams one call handles. */
    public int batchCapacity() {
        return capacity;
    }

    /** Whether {@link #send} coalesces datagrams into GSO messages. */
    public boolean segmentationOffload() {
        return gso;
    }

    /** Whether the kernel may hand {@link #receive} several datagrams in one slot (GRO). */
    public boolean receiveOffload() {
        return gro;
    }

    /** Datagrams the kernel refused for themselves (too long, unreachable, ...) and were dropped. */
    public long droppedDatagrams() {
        return droppedDatagrams;
    }

    /** The errno of the last dropped datagram, 0 if none. */
    public int lastDropErrno() {
        return lastDropErrno;
    }

    /**
     * Lets {@link #send} coalesce consecutive equal-size datagrams to one destination into one
     * message with a {@code UDP_SEGMENT} control message (the kernel or NIC splits it).
     *
     * @return whether it is on ({@link Capability#GSO} present)
     */
    public boolean enableSegmentationOffload() {
        gso = capabilities.has(Capability.GSO);
        return gso;
    }

    /**
     * Sets {@code UDP_SEGMENT} on the socket, so that every datagram sent larger than
     * {@code segmentSize} is split into datagrams of that size (0 turns it off). {@link #send}'s
     * own per-message segmentation does not need this.
     *
     * @throws IOException if the kernel refuses (ENOPROTOOPT without GSO, EINVAL past the MTU)
     */
    public void setSegmentSize(int segmentSize) throws IOException {
        setInt(LibC.IPPROTO_UDP, LibC.UDP_SEGMENT, segmentSize, "setsockopt(UDP_SEGMENT)");
    }

    /**
     * Turns on UDP GRO: {@link #receive} may then return several datagrams from one sender, all of
     * {@code segmentSizes[i]} bytes but the last, in one slot.
     *
     * @return whether it is on ({@link Capability#GRO} present and accepted)
     */
    public boolean enableReceiveOffload() {
        if (!capabilities.has(Capability.GRO)) {
            return false;
        }
        try {
            setInt(LibC.IPPROTO_UDP, LibC.UDP_GRO, 1, "setsockopt(UDP_GRO)");
            gro = true;
        } catch (IOException e) {
            gro = false;
        }
        return gro;
    }

    /** How the socket sets the don't-fragment bit. */
    public enum DontFragment {
        /** The kernel's default ({@code IP_PMTUDISC_WANT}): may fragment locally past the cached path MTU. */
        KERNEL_DEFAULT(1),
        /** Always set; datagrams past the kernel's cached path MTU fail with EMSGSIZE ({@code IP_PMTUDISC_DO}). */
        DO(2),
        /**
         * Always set, ignoring the kernel's cached path MTU, only the interface MTU limits
         * ({@code IP_PMTUDISC_PROBE}): for an application that probes the path itself (RFC 8899).
         */
        PROBE(3);

        final int value;

        DontFragment(int value) {
            this.value = value;
        }
    }

    /**
     * Sets {@code IP_MTU_DISCOVER} (and {@code IPV6_MTU_DISCOVER} on an IPv6 socket, where the IPv4
     * setting covers IPv4-mapped destinations).
     *
     * @throws IOException if {@link Capability#DONT_FRAGMENT} is missing or the kernel refuses
     */
    public void setDontFragment(DontFragment mode) throws IOException {
        requireCapability(Capability.DONT_FRAGMENT);
        if (ipv6) {
            setInt(LibC.IPPROTO_IPV6, LibC.IPV6_MTU_DISCOVER, mode.value, "setsockopt(IPV6_MTU_DISCOVER)");
            try {
                setInt(LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER, mode.value, "setsockopt(IP_MTU_DISCOVER)");
            } catch (IOException e) {
                // an IPv6-only socket: no IPv4-mapped traffic to cover
            }
        } else {
            setInt(LibC.IPPROTO_IP, LibC.IP_MTU_DISCOVER, mode.value, "setsockopt(IP_MTU_DISCOVER)");
        }
    }

    /**
     * Sets the traffic class byte of every datagram sent (IPv4 TOS, IPv6 traffic class), whose low
     * two bits are the ECN field (RFC 3168: 0b10 ECT(0), 0b01 ECT(1)).
     *
     * @throws IOException if {@link Capability#ECN} is missing or the kernel refuses
     * @throws IllegalArgumentException if {@code trafficClass} is not in [0, 255]
     */
    public void setTrafficClass(int trafficClass) throws IOException {
        if (trafficClass < 0 || trafficClass > 255) {
            throw new IllegalArgumentException("trafficClass must be in [0, 255]: " + trafficClass);
        }
        requireCapability(Capability.ECN);
        if (ipv6) {
            setInt(LibC.IPPROTO_IPV6, LibC.IPV6_TCLASS, trafficClass, "setsockopt(IPV6_TCLASS)");
        }
        if (!ipv6 || !isV6Only()) {
            setInt(LibC.IPPROTO_IP, LibC.IP_TOS, trafficClass, "setsockopt(IP_TOS)");
        }
    }

    /**
     * Asks the kernel for each received datagram's traffic class byte, reported by {@link #receive}
     * in {@code trafficClasses}.
     *
     * @throws IOException if {@link Capability#ECN} is missing or the kernel refuses
     */
    public void enableReceiveTrafficClass() throws IOException {
        requireCapability(Capability.ECN);
        if (ipv6) {
            setInt(LibC.IPPROTO_IPV6, LibC.IPV6_RECVTCLASS, 1, "setsockopt(IPV6_RECVTCLASS)");
        }
        if (!ipv6 || !isV6Only()) {
            setInt(LibC.IPPROTO_IP, LibC.IP_RECVTOS, 1, "setsockopt(IP_RECVTOS)");
        }
        receiveTrafficClass = true;
    }

    /**
     * Receives up to {@code count} datagrams, without blocking. Datagram {@code i} goes into
     * {@code buffers[i]} (direct) from its position, which advances past it; a datagram larger than
     * the room left is truncated, as {@link DatagramChannel#receive} does. The sender goes into
     * {@code senders[i]} (the same object as last time for the same sender in the same slot), the
     * GRO segment size into {@code segmentSizes[i]} (0: the slot holds one datagram), the traffic
     * class byte into {@code trafficClasses[i]} (-1 unless {@link #enableReceiveTrafficClass}).
     *
     * @return how many slots were filled, 0 if nothing is waiting
     * @throws ClosedChannelException if the channel or this is closed
     * @throws IOException for an error of the socket itself
     * @throws IllegalArgumentException if {@code count} exceeds {@link #batchCapacity()} or a
     *     buffer is not direct
     */
    public int receive(ByteBuffer[] buffers, int count, InetSocketAddress[] senders, int[] segmentSizes,
                       int[] trafficClasses) throws IOException {
        checkOpen(count);
        int controlBytes = gro || receiveTrafficClass ? CONTROL : 0;
        for (int i = 0; i < count; i++) {
            ByteBuffer b = buffers[i];
            int iov = iovecs + i * IOVEC;
            view.putLong(iov, address(b, capacity + i) + b.position());
            view.putLong(iov + 8, b.remaining());
            int h = i * MMSGHDR;
            view.putLong(h, base + receiveNames + (long) i * Sockaddr.SIZE);
            view.putInt(h + 8, Sockaddr.SIZE);
            view.putLong(h + 16, base + iov);
            view.putLong(h + 24, 1);
            view.putLong(h + 32, controlBytes == 0 ? 0 : base + controls + (long) i * CONTROL);
            view.putLong(h + 40, controlBytes);
            view.putInt(h + 48, 0);
            view.putInt(h + 56, 0);
        }
        int n = -1;
        for (int attempt = 0; attempt < MAX_RETRIES && n < 0; attempt++) {
            n = LibC.recvmmsg(fd, base, count, LibC.MSG_DONTWAIT, 0);
            if (n < 0) {
                int errno = LibC.errno();
                if (errno == LibC.EAGAIN) {
                    return 0;
                }
                if (errno == LibC.EBADF || errno == LibC.ENOTSOCK) {
                    throw new ClosedChannelException();
                }
                // EINTR, or an ICMP error of an earlier send (not attributable here): read on
                if (errno != LibC.EINTR && errno != LibC.ECONNREFUSED) {
                    throw new IOException(LibC.describe("recvmmsg", errno));
                }
            }
        }
        if (n < 0) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            int h = i * MMSGHDR;
            ByteBuffer b = buffers[i];
            int length = Math.min(view.getInt(h + 56), b.remaining());
            b.position(b.position() + length);
            senders[i] = sender(i);
            segmentSizes[i] = 0;
            trafficClasses[i] = -1;
            if (controlBytes > 0) {
                readControl(i, (int) view.getLong(h + 40), segmentSizes, trafficClasses);
            }
            if (segmentSizes[i] >= length) {
                segmentSizes[i] = 0;
            }
        }
        return n;
    }

    /**
     * Sends datagrams {@code offset} to {@code offset + count - 1}, each the bytes between its
     * buffer's (direct) position and limit, to {@code targets[i]}, in order, without blocking, in
     * as few messages as GSO allows, in one {@code sendmmsg}. The position of each datagram that
     * left is set to its limit.
     *
     * <p>A datagram the kernel refuses for itself (EMSGSIZE past the MTU with the don't-fragment
     * bit, unreachable network, ...) is dropped as the network would drop it: counted in
     * {@link #droppedDatagrams()} and in the return value. If a GSO message fails, GSO is turned
     * off on this socket and the datagrams go again one by one.
     *
     * @return how many datagrams, from {@code offset} on, left (sent or dropped); fewer than
     *     {@code count} when the socket buffer filled (wait for writability), 0 if it was full
     * @throws ClosedChannelException if the channel or this is closed
     * @throws IOException for an error of the socket itself
     * @throws java.nio.channels.UnresolvedAddressException if a target is unresolved
     * @throws java.nio.channels.UnsupportedAddressTypeException if a target is IPv6 on an IPv4 socket
     * @throws IllegalArgumentException if {@code count} exceeds {@link #batchCapacity()} or a
     *     buffer is not direct
     */
    public int send(ByteBuffer[] buffers, InetSocketAddress[] targets, int offset, int count) throws IOException {
        checkOpen(count);
        if (count == 0) {
            return 0;
        }
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            int messages = prepareSend(buffers, targets, offset, count);
            int sent = LibC.sendmmsg(fd, base, messages, LibC.MSG_DONTWAIT);
            if (sent >= 0) {
                return complete(buffers, offset, sent);
            }
            int errno = LibC.errno();
            if (errno == LibC.EAGAIN) {
                return 0;
            }
            if (errno == LibC.EBADF || errno == LibC.ENOTSOCK) {
                throw new ClosedChannelException();
            }
            if (errno == LibC.EINTR) {
                continue;
            }
            if (datagramsInMessage[0] > 1) {
                // The NIC or route cannot segment (EIO, EINVAL): never again on this socket.
                gso = false;
                continue;
            }
            droppedDatagrams++;
            lastDropErrno = errno;
            return complete(buffers, offset, 1);
        }
        return 0;
    }

    /** Fills the message headers for {@link #send}; returns the message count. */
    private int prepareSend(ByteBuffer[] buffers, InetSocketAddress[] targets, int offset, int count) {
        int messages = 0;
        int i = 0;
        while (i < count) {
            InetSocketAddress to = targets[offset + i];
            int size = buffers[offset + i].remaining();
            int k = 1;
            if (gso) {
                long total = size;
                while (i + k < count && k < MAX_SEGMENTS) {
                    InetSocketAddress next = targets[offset + i + k];
                    int r = buffers[offset + i + k].remaining();
                    if (r > size || r == 0 || total + r > MAX_SEGMENTED_BYTES || (next != to && !next.equals(to))) {
                        break;
                    }
                    total += r;
                    k++;
                    if (r < size) {
                        break; // only the last segment may be short
                    }
                }
            }
            int m = messages++;
            int h = m * MMSGHDR;
            int nameAt = sendNames + m * Sockaddr.SIZE;
            if (encodedTargets[m] != to) {
                encodedLengths[m] = Sockaddr.encode(view, nameAt, to, ipv6);
                encodedTargets[m] = to;
            }
            for (int j = 0; j < k; j++) {
                ByteBuffer b = buffers[offset + i + j];
                int iov = iovecs + (i + j) * IOVEC;
                view.putLong(iov, address(b, i + j) + b.position());
                view.putLong(iov + 8, b.remaining());
            }
            view.putLong(h, base + nameAt);
            view.putInt(h + 8, encodedLengths[m]);
            view.putLong(h + 16, base + iovecs + (long) i * IOVEC);
            view.putLong(h + 24, k);
            if (k > 1) {
                int c = controls + m * CONTROL;
                view.putLong(c, CMSGHDR + 2);
                view.putInt(c + 8, LibC.IPPROTO_UDP);
                view.putInt(c + 12, LibC.UDP_SEGMENT);
                view.putShort(c + 16, (short) size);
                view.putLong(h + 32, base + c);
                view.putLong(h + 40, CMSGHDR + 8);
            } else {
                view.putLong(h + 32, 0);
                view.putLong(h + 40, 0);
            }
            view.putInt(h + 48, 0);
            view.putInt(h + 56, 0);
            datagramsInMessage[m] = k;
            i += k;
        }
        return messages;
    }

    private int complete(ByteBuffer[] buffers, int offset, int messages) {
        int datagrams = 0;
        for (int m = 0; m < messages; m++) {
            datagrams += datagramsInMessage[m];
        }
        for (int i = 0; i < datagrams; i++) {
            ByteBuffer b = buffers[offset + i];
            b.position(b.limit());
        }
        return datagrams;
    }

    private void readControl(int slot, int length, int[] segmentSizes, int[] trafficClasses) {
        int c = controls + slot * CONTROL;
        int at = 0;
        while (at + CMSGHDR <= Math.min(length, CONTROL)) {
            int len = (int) view.getLong(c + at);
            if (len < CMSGHDR) {
                return;
            }
            int level = view.getInt(c + at + 8);
            int type = view.getInt(c + at + 12);
            int data = c + at + CMSGHDR;
            if (level == LibC.IPPROTO_UDP && type == LibC.UDP_GRO) {
                segmentSizes[slot] = view.getInt(data);
            } else if (level == LibC.IPPROTO_IP && type == LibC.IP_TOS) {
                trafficClasses[slot] = view.get(data) & 0xFF;
            } else if (level == LibC.IPPROTO_IPV6 && type == LibC.IPV6_TCLASS) {
                trafficClasses[slot] = view.getInt(data) & 0xFF;
            }
            at += (len + 7) & ~7;
        }
    }

    /** The sender of receive slot {@code i}, reusing the last object when the bytes are the same. */
    private InetSocketAddress sender(int i) {
        int at = receiveNames + i * Sockaddr.SIZE;
        long[] key = decodedKeys[i];
        long k0 = view.getLong(at);
        boolean v6 = (view.getShort(at) & 0xFFFF) == LibC.AF_INET6;
        long k1 = v6 ? view.getLong(at + 8) : 0;
        long k2 = v6 ? view.getLong(at + 16) : 0;
        long k3 = v6 ? view.getInt(at + 24) : 0;
        InetSocketAddress last = decodedSenders[i];
        if (last != null && key[0] == k0 && key[1] == k1 && key[2] == k2 && key[3] == k3) {
            return last;
        }
        key[0] = k0;
        key[1] = k1;
        key[2] = k2;
        key[3] = k3;
        InetSocketAddress decoded = Sockaddr.decode(view, at);
        decodedSenders[i] = decoded;
        return decoded;
    }

    /** The native address of direct buffer {@code b}, looked up once per buffer per slot. */
    private long address(ByteBuffer b, int slot) {
        if (knownBuffers[slot] != b) {
            if (!b.isDirect()) {
                throw new IllegalArgumentException("not a direct buffer");
            }
            knownAddresses[slot] = Pointer.nativeValue(Native.getDirectBufferPointer(b));
            knownBuffers[slot] = b;
        }
        return knownAddresses[slot];
    }

    private boolean isV6Only() throws IOException {
        try (Memory m = new Memory(16)) {
            long p = Pointer.nativeValue(m);
            m.setInt(0, 4);
            // IPV6_V6ONLY = 26
            if (LibC.getsockopt(fd, LibC.IPPROTO_IPV6, 26, p + 8, p) < 0) {
                throw new IOException(LibC.describe("getsockopt(IPV6_V6ONLY)", LibC.errno()));
            }
            return m.getInt(8) != 0;
        }
    }

    private void setInt(int level, int name, int value, String what) throws IOException {
        if (closed || !channel.isOpen()) {
            throw new ClosedChannelException();
        }
        try (Memory m = new Memory(4)) {
            m.setInt(0, value);
            if (LibC.setsockopt(fd, level, name, Pointer.nativeValue(m), 4) < 0) {
                throw new IOException(LibC.describe(what, LibC.errno()));
            }
        }
    }

    private void requireCapability(Capability c) throws IOException {
        if (!capabilities.has(c)) {
            throw new IOException(c + " missing: " + capabilities.reasonMissing(c));
        }
    }

    private void checkOpen(int count) throws ClosedChannelException {
        if (closed || !channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (count < 0 || count > capacity) {
            throw new IllegalArgumentException("count must be in [0, " + capacity + "]: " + count);
        }
    }

    /** Frees the native arrays; further calls throw {@link ClosedChannelException}. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            memory.close();
        }
    }
}
