package io.jsst.engine.io;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Slots for up to {@link #capacity()} datagrams handed to or from a {@link DatagramIo} in one
 * call: each slot a direct buffer of {@link #SLOT_BYTES} (allocated on first use, then reused),
 * the peer's address, and for received slots a segment size.
 *
 * <pre>
 *   send:    fill slots 0..n-1 (buffer position..limit, address), size n  -&gt; io.send(batch, 0)
 *   receive: io.receive(batch) -&gt; size n; slot i: buffer 0..limit, address, segmentSize
 *            segmentSize 0: one datagram; s &gt; 0: datagrams of s bytes back to back (GRO), the last may be shorter
 * </pre>
 *
 * <p>Not thread-safe: the thread that owns the I/O uses it.
 */
public final class DatagramBatch {

    /** Bytes of each slot's buffer: room for the largest UDP payload. */
    public static final int SLOT_BYTES = 65_536;

    private final ByteBuffer[] buffers;
    private final InetSocketAddress[] addresses;
    private final int[] segmentSizes;
    private int size;

    /**
     * @throws IllegalArgumentException if {@code capacity} is below 1
     */
    public DatagramBatch(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.buffers = new ByteBuffer[capacity];
        this.addresses = new InetSocketAddress[capacity];
        this.segmentSizes = new int[capacity];
    }

    public int capacity() {
        return buffers.length;
    }

    /** The number of slots in use: 0 to {@link #capacity()}. */
    public int size() {
        return size;
    }

    /**
     * Sets the number of slots in use.
     *
     * @throws IndexOutOfBoundsException if {@code n} is negative or above {@link #capacity()}
     */
    public void setSize(int n) {
        if (n < 0 || n > buffers.length) {
            throw new IndexOutOfBoundsException("size " + n + " of capacity " + buffers.length);
        }
        size = n;
    }

    /** Empties the batch (the buffers stay allocated). */
    public void clear() {
        size = 0;
    }

    /**
     * Slot {@code i}'s buffer, allocated on first use; its position and limit are as last left.
     *
     * @throws IndexOutOfBoundsException if {@code i} is not below {@link #capacity()}
     */
    public ByteBuffer buffer(int i) {
        ByteBuffer b = buffers[i];
        if (b == null) {
            b = ByteBuffer.allocateDirect(SLOT_BYTES);
            buffers[i] = b;
        }
        return b;
    }

    /** Slot {@code i}'s destination (to send) or sender (received). */
    public InetSocketAddress address(int i) {
        return addresses[i];
    }

    /** Slot {@code i}'s GRO segment size: 0 if the slot holds one datagram. */
    public int segmentSize(int i) {
        return segmentSizes[i];
    }

    /** Sets slot {@code i}'s address and segment size. */
    public void set(int i, InetSocketAddress address, int segmentSize) {
        addresses[i] = address;
        segmentSizes[i] = segmentSize;
    }

    /** The buffers array, slots below {@code count} allocated, for a backend's batched call. */
    ByteBuffer[] buffers(int count) {
        for (int i = 0; i < count; i++) {
            buffer(i);
        }
        return buffers;
    }

    InetSocketAddress[] addresses() {
        return addresses;
    }

    int[] segmentSizes() {
        return segmentSizes;
    }
}
