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

    int streamFrames;
    long[] streamIds = new long[4];
    long[] streamOffsets = new long[4];
    int[] streamLengths = new int[4];
    boolean[] streamFins = new boolean[4];
    boolean[] streamOpens = new boolean[4];

    /** Streams whose STREAM_REPLY, or RESET_STREAM, this packet carried. */
    int replyFrames;
    long[] replyIds = new long[1];
    int resetFrames;
    long[] resetIds = new long[1];

    int maxStreamDataFrames;
    long[] maxStreamDataIds = new long[2];

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
            int n = streamFrames * 2;
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
            replyIds = java.util.Arrays.copyOf(replyIds, replyFrames * 2);
        }
        replyIds[replyFrames++] = id;
    }

    void addReset(long id) {
        if (resetFrames == resetIds.length) {
            resetIds = java.util.Arrays.copyOf(resetIds, resetFrames * 2);
        }
        resetIds[resetFrames++] = id;
    }

    void addMaxStreamData(long id) {
        if (maxStreamDataFrames == maxStreamDataIds.length) {
            maxStreamDataIds = java.util.Arrays.copyOf(maxStreamDataIds, maxStreamDataFrames * 2);
        }
        maxStreamDataIds[maxStreamDataFrames++] = id;
    }

    boolean resolved() {
        return acked || lost || untracked;
    }
}
