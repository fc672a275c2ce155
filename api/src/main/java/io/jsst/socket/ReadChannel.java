package io.jsst.socket;

import java.util.ArrayDeque;
import java.util.Arrays;

/** One read channel's queue: whole messages (datagram mode) or byte chunks, oldest first. Guarded by the socket's lock. */
final class ReadChannel {
    final ArrayDeque<byte[]> items = new ArrayDeque<>();
    int headOffset;
    long bytes;

    void add(byte[] data) {
        items.add(data);
        bytes += data.length;
    }

    byte[] takeDatagram() {
        byte[] head = items.poll();
        if (head == null) {
            return null;
        }
        if (headOffset > 0) {
            head = Arrays.copyOfRange(head, headOffset, head.length);
            headOffset = 0;
        }
        bytes -= head.length;
        return head;
    }

    int read(byte[] dst, int off, int len) {
        int n = 0;
        while (n < len && !items.isEmpty()) {
            byte[] head = items.peek();
            int k = Math.min(len - n, head.length - headOffset);
            System.arraycopy(head, headOffset, dst, off + n, k);
            n += k;
            headOffset += k;
            if (headOffset == head.length) {
                items.poll();
                headOffset = 0;
            }
        }
        bytes -= n;
        return n;
    }

    /** Bytes up to and including the first newline, or -1 if none is queued. */
    long lineLength() {
        long seen = 0;
        int offset = headOffset;
        for (byte[] item : items) {
            for (int i = offset; i < item.length; i++) {
                if (item[i] == '\n') {
                    return seen + (i - offset) + 1;
                }
            }
            seen += item.length - offset;
            offset = 0;
        }
        return -1;
    }

    void clear() {
        items.clear();
        headOffset = 0;
        bytes = 0;
    }
}
