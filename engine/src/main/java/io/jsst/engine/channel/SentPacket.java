package io.jsst.engine.channel;

/**
 * What one sent packet carried, kept until it is acknowledged or declared lost, so that its
 * frames (not the packet) can be re-supplied on loss. Instances are pooled by {@link SentPacketLog}.
 */
public final class SentPacket {
    long packetNumber;
    long sentTimeNanos;
    int size;
    boolean ackEliciting;
    boolean inFlight;
    boolean acked;
    boolean lost;
    /** Not ack-eliciting: resolved as soon as sent. */
    boolean untracked;
    boolean appLimited;
    /** A path-MTU probe of {@link #size} bytes: its loss says nothing of congestion. */
    boolean mtuProbe;
    boolean identity;
    boolean maxData;
    boolean pathChallenge;
    boolean retransmission;
    /** The largest packet number of an ACK frame it carried, or -1. */
    long ackLargest = -1;
    /** The lowest packet number that ACK frame covered. */
    long ackSmallest = -1;

    // The frame lists start empty and grow on the first frame of their kind: many packets (ACKs,
    // PINGs) carry none, and a record is reused from the pool with whatever it grew to.
    private static final long[] NO_LONGS = {};
    private static final int[] NO_INTS = {};
    private static final boolean[] NO_BOOLEANS = {};

    int streamFrames;
    long[] streamIds = NO_LONGS;
    long[] streamOffsets = NO_LONGS;
    int[] streamLengths = NO_INTS;
    boolean[] streamFins = NO_BOOLEANS;
    boolean[] streamOpens = NO_BOOLEANS;

    /** Streams whose STREAM_REPLY, or RESET_STREAM, this packet carried. */
    int replyFrames;
    long[] replyIds = NO_LONGS;
    int resetFrames;
    long[] resetIds = NO_LONGS;

    int maxStreamDataFrames;
    long[] maxStreamDataIds = NO_LONGS;

    void reset() {
        acked = lost = untracked = appLimited = mtuProbe = identity = maxData = pathChallenge = retransmission = false;
        ackEliciting = inFlight = false;
        ackLargest = ackSmallest = -1;
        streamFrames = 0;
        maxStreamDataFrames = 0;
        replyFrames = 0;
        resetFrames = 0;
    }

    void addStream(long id, long offset, int length, boolean fin, boolean open) {
        if (streamFrames == streamIds.length) {
            int n = Math.max(4, streamFrames * 2);
            streamIds = java.util.Arrays.copyOf(streamIds, n);
            streamOffsets = java.util.Arrays.copyOf(streamOffsets, n);
            streamLengths = java.util.Arrays.copyOf(streamLengths, n);
            streamFins = java.util.Arrays.copyOf(streamFins, n);
            streamOpens = java.util.Arrays.copyOf(streamOpens, n);
        }
        streamIds[streamFrames] = id;
        streamOffsets[streamFrames] = offset;
        streamLengths[streamFrames] = length;
        streamFins[streamFrames] = fin;
        streamOpens[streamFrames] = open;
        streamFrames++;
    }

    void addReply(long id) {
        if (replyFrames == replyIds.length) {
            replyIds = java.util.Arrays.copyOf(replyIds, Math.max(1, replyFrames * 2));
        }
        replyIds[replyFrames++] = id;
    }

    void addReset(long id) {
        if (resetFrames == resetIds.length) {
            resetIds = java.util.Arrays.copyOf(resetIds, Math.max(1, resetFrames * 2));
        }
        resetIds[resetFrames++] = id;
    }

    void addMaxStreamData(long id) {
        if (maxStreamDataFrames == maxStreamDataIds.length) {
            maxStreamDataIds = java.util.Arrays.copyOf(maxStreamDataIds, Math.max(2, maxStreamDataFrames * 2));
        }
        maxStreamDataIds[maxStreamDataFrames++] = id;
    }

    boolean resolved() {
        return acked || lost || untracked;
    }
}
