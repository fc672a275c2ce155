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
 * Memory is {@code width / 8} bytes; no allocation after construction. Not thread-safe.
 */
public final class ReplayWindow {

    private final int width;
    /** Bit {@code pn mod width} says whether packet {@code pn} (within the window) was received. */
    private final long[] bits;
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
        this.bits = new long[widthBits / 64];
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
            if (largest < 0 || packetNumber - largest >= width) {
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

    private int index(long packetNumber) {
        return (int) (packetNumber % width);
    }

    /** Clears the bits of {@code count < width} consecutive packet numbers from {@code from}. */
    private void clear(long from, int count) {
        int index = index(from);
        while (count > 0) {
            int bit = index & 63;
            int n = Math.min(64 - bit, count);
            long mask = n == 64 ? -1L : ((1L << n) - 1) << bit;
            bits[index >>> 6] &= ~mask;
            count -= n;
            index += n;
            if (index == width) {
                index = 0;
            }
        }
    }
}
