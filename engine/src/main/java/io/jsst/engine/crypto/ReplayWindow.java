package io.jsst.engine.crypto;

import java.util.Arrays;

/**
 * A sliding window over received packet numbers, so that a replayed packet is dropped (SST channel
 * replay protection; the same bitmap as IPsec ESP, RFC 4303 §3.4.3).
 *
 * <pre>
 *   packet numbers:   ... too old ... | (largest - width, largest] | newer ...
 *                      isReplay=true  |  true iff already marked  |  false; marking slides the window
 * </pre>
 *
 * <p>Use: after decoding a packet number, drop the packet if {@link #isReplay}; otherwise open it and,
 * only if it authenticated, {@link #markReceived} it (so a forged packet cannot move the window).
 *
 * <p>Memory is at most {@code width / 8} bytes. The bitmap starts at {@value #INITIAL_BITS} bits and
 * doubles while packet numbers climb past it, so a channel that has received only a few packets
 * (an idle one, most of them) holds 16 bytes. It never loses anything by that: it always covers every
 * packet number from {@code max(0, largest - width + 1)} to {@code largest}. Allocation happens only
 * while it grows. Not thread-safe.
 */
public final class ReplayWindow {

    /** Bits of a new window's bitmap (or the width, if smaller). */
    static final int INITIAL_BITS = 128;

    private final int width;
    /**
     * Bit {@code pn mod capacity} says whether packet {@code pn} (within the window) was received,
     * where {@code capacity = 64 * bits.length}, a multiple of 64 of at least {@code min(width,
     * largest + 1)}: the bitmap covers {@code (largest - capacity, largest]}, all of the window.
     */
    private long[] bits;
    private int capacity;
    private long largest = -1;

    /**
     * @param widthBits how many packet numbers below the largest are remembered; a positive multiple of
     *     64, e.g. 8192
     * @throws IllegalArgumentException if widthBits is not a positive multiple of 64
     */
    public ReplayWindow(int widthBits) {
        if (widthBits <= 0 || widthBits % 64 != 0) {
            throw new IllegalArgumentException("width must be a positive multiple of 64: " + widthBits);
        }
        this.width = widthBits;
        this.capacity = Math.min(widthBits, INITIAL_BITS);
        this.bits = new long[capacity / 64];
    }

    /**
     * Returns true if the packet must be dropped: it was already received, it is {@code width} or more
     * below the largest received packet number (too old to tell), or it is negative. Records nothing.
     */
    public boolean isReplay(long packetNumber) {
        if (packetNumber < 0) {
            return true;
        }
        if (packetNumber > largest) {
            return false;
        }
        if (largest - packetNumber >= width) {
            return true;
        }
        int index = index(packetNumber);
        return (bits[index >>> 6] & (1L << index)) != 0;
    }

    /**
     * Records the packet as received; call only after it authenticated. A number above the largest slides
     * the window up, forgetting what falls below it; a number already too old, or negative, is ignored.
     */
    public void markReceived(long packetNumber) {
        if (packetNumber < 0) {
            return;
        }
        if (packetNumber > largest) {
            if (packetNumber >= capacity && capacity < width) {
                grow(packetNumber);
            }
            if (largest < 0 || packetNumber - largest >= capacity) {
                Arrays.fill(bits, 0L);
            } else {
                clear(largest + 1, (int) (packetNumber - largest));
            }
            largest = packetNumber;
        } else if (largest - packetNumber >= width) {
            return;
        }
        int index = index(packetNumber);
        bits[index >>> 6] |= 1L << index;
    }

    /** The largest packet number marked received, or -1 before any. */
    public long largest() {
        return largest;
    }

    /** The window width in packet numbers. */
    public int width() {
        return width;
    }

    /** The bits the bitmap holds now, at most {@link #width()}. */
    int capacity() {
        return capacity;
    }

    private int index(long packetNumber) {
        return (int) (packetNumber % capacity);
    }

    /**
     * Doubles the bitmap until it holds packet numbers 0 to {@code packetNumber} or the whole width,
     * carrying over what the old one knew (packets {@code (largest - capacity, largest]}).
     */
    private void grow(long packetNumber) {
        int grown = capacity;
        while (grown < width && grown <= packetNumber) {
            grown = Math.min(width, 2 * grown);
        }
        long[] old = bits;
        int oldCapacity = capacity;
        bits = new long[grown / 64];
        capacity = grown;
        for (long pn = Math.max(0, largest - oldCapacity + 1); pn <= largest; pn++) {
            int oldIndex = (int) (pn % oldCapacity);
            if ((old[oldIndex >>> 6] & (1L << oldIndex)) != 0) {
                int index = index(pn);
                bits[index >>> 6] |= 1L << index;
            }
        }
    }

    /** Clears the bits of {@code count < capacity} consecutive packet numbers from {@code from}. */
    private void clear(long from, int count) {
        int index = index(from);
        while (count > 0) {
            int bit = index & 63;
            int n = Math.min(64 - bit, count);
            long mask = n == 64 ? -1L : ((1L << n) - 1) << bit;
            bits[index >>> 6] &= ~mask;
            count -= n;
            index += n;
            if (index == capacity) {
                index = 0;
            }
        }
    }
}
