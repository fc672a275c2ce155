package io.jsst.engine.channel;

import io.jsst.engine.channel.cc.CongestionController;
import io.jsst.engine.channel.cc.LossClassifier;
import io.jsst.engine.channel.recovery.RttEstimator;
import io.jsst.engine.wire.AckFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The sender's side of RFC 9002 for one channel: which packets are in flight, which an ACK
 * acknowledged, which are lost, RTT samples, and the probe timeout. What the packets carried is
 * the channel's business: it hears of each resolved packet through {@link Frames}.
 *
 * <pre>
 *   sent --&gt; in flight --ACK covers it--&gt; acked: RTT sample (largest), congestion control, frames acked
 *                      --3 packets or 9/8 RTT behind the largest acked--&gt; lost: frames lost,
 *                                                                       congestion event (once)
 *   nothing acked for a PTO --&gt; probe (the channel sends one or two packets); backoff doubles
 *   a "lost" packet acked after all --&gt; the thresholds widen (reordering, not loss)
 * </pre>
 */
final class LossRecovery {

    /** What the channel does with the frames of packets this class resolves. */
    interface Frames {
        void acked(SentPacket packet, long nowNanos);

        void lost(SentPacket packet, long nowNanos);
    }

    /** RFC 9002 §6.1.1: kPacketThreshold = 3; the initial value of the adaptive threshold. */
    static final int PACKET_THRESHOLD = 3;
    /**
     * RFC 9002 §6.1.1: "Implementations MAY ... adapt the reordering threshold". Raised when a
     * packet declared lost is acknowledged after all, never above this.
     */
    static final int MAX_PACKET_THRESHOLD = 1000;
    /** RFC 9002 §6.1.2: kTimeThreshold = 9/8, in eighths; widened up to 16/8 by spurious losses. */
    private static final int TIME_THRESHOLD_EIGHTHS = 9;
    private static final int MAX_TIME_THRESHOLD_EIGHTHS = 16;
    private static final int MAX_BACKOFF_SHIFT = 8;
    private static final int RECENTLY_LOST_LIMIT = 4096;
    /** RFC 9002 §7.6.1: kPersistentCongestionThreshold = 3. */
    private static final int PERSISTENT_CONGESTION_THRESHOLD = 3;
    private static final long GRANULARITY_NANOS = 1_000_000L;

    private final SentPacketLog sent = new SentPacketLog();
    private final RttEstimator rtt;
    private final CongestionController cc;
    private final LossClassifier lossClassifier = new LossClassifier();
    private final long maxAckDelayNanos;
    private final Frames frames;

    private long largestAcked = -1;
    private long bytesInFlight;
    private int ackElicitingInFlight;
    private long lastAckElicitingSentNanos;
    private long lossTimeNanos;
    private int ptoCount;
    private int packetThreshold = PACKET_THRESHOLD;
    private int timeThresholdEighths = TIME_THRESHOLD_EIGHTHS;
    /** Packets declared lost lately, with how far behind the largest acknowledged they were then. */
    private final TreeMap<Long, Long> recentlyLost = new TreeMap<>();
    private long packetsLost;
    private long spuriousLosses;
    private final ArrayList<SentPacket> newlyAcked = new ArrayList<>();

    LossRecovery(RttEstimator rtt, CongestionController cc, long maxAckDelayNanos, Frames frames, long nowNanos) {
        this.rtt = rtt;
        this.cc = cc;
        this.maxAckDelayNanos = maxAckDelayNanos;
        this.frames = frames;
        this.lastAckElicitingSentNanos = nowNanos;
    }

    /** Whether {@link #releaseSpare} has anything to let go of. */
    boolean hasSpare() {
        return sent.hasSpare();
    }

    /**
     * Lets go of what a busy spell grew and an idle channel does not need: the sent-packet log's pool
     * and ring (see {@link SentPacketLog#releaseSpare}) and the scratch list of an ACK's packets.
     */
    void releaseSpare() {
        sent.releaseSpare();
        newlyAcked.clear();
        newlyAcked.trimToSize();
    }

    RttEstimator rtt() {
        return rtt;
    }

    long bytesInFlight() {
        return bytesInFlight;
    }

    int ackElicitingInFlight() {
        return ackElicitingInFlight;
    }

    long lastAckElicitingSentNanos() {
        return lastAckElicitingSentNanos;
    }

    long packetsLost() {
        return packetsLost;
    }

    long spuriousLosses() {
        return spuriousLosses;
    }

    /** A cleared record for the packet about to be built with number {@code packetNumber}. */
    SentPacket newPacket(long packetNumber) {
        return sent.add(packetNumber);
    }

    /** The packet {@link #newPacket} returned was not sent after all. */
    void cancelNewPacket() {
        sent.cancelLast();
    }

    /** The packet went out: its size, time and kind are filled in. */
    void onPacketSent(SentPacket p, long nowNanos) {
        if (p.inFlight) {
            bytesInFlight += p.size;
            ackElicitingInFlight++;
            lastAckElicitingSentNanos = nowNanos;
            if (!p.mtuProbe) {
                cc.onPacketSent(p.size, nowNanos);
                lossClassifier.onPacketSent(nowNanos);
            }
        }
    }

    /**
     * Processes an ACK frame.
     *
     * @param nextPacketNumber one past the largest packet number sent
     * @return false if the frame acknowledges a packet never sent (a protocol violation)
     */
    boolean handleAck(AckFrame ack, long nextPacketNumber, long nowNanos) {
        if (ack.largest() >= nextPacketNumber) {
            return false;
        }
        newlyAcked.clear();
        SentPacket largestNewly = null;
        for (int i = 0; i < ack.rangeCount(); i++) {
            long from = Math.max(ack.rangeStart(i), sent.firstPacketNumber());
            long to = Math.min(ack.rangeEnd(i), sent.endPacketNumber() - 1);
            for (long pn = to; pn >= from; pn--) {
                SentPacket p = sent.get(pn);
                if (p != null && !p.resolved()) {
                    p.acked = true;
                    newlyAcked.add(p);
                    if (largestNewly == null || pn > largestNewly.packetNumber) {
                        largestNewly = p;
                    }
                }
            }
        }
        detectSpuriousLosses(ack);
        if (newlyAcked.isEmpty()) {
            return true;
        }
        largestAcked = Math.max(largestAcked, ack.largest());
        // RFC 9002 §5.1: an RTT sample when the largest acknowledged is newly acknowledged and ack-eliciting.
        if (largestNewly.packetNumber == ack.largest() && largestNewly.ackEliciting) {
            long latest = nowNanos - largestNewly.sentTimeNanos;
            long ackDelay = Math.min(ack.ackDelayMicros() * 1000, maxAckDelayNanos);
            rtt.update(latest, ackDelay, maxAckDelayNanos, true);
            // The classifier looks for queueing delay, so the peer's deliberate ack delay is taken out.
            long adjusted = latest - ackDelay >= rtt.minRttNanos() ? latest - ackDelay : latest;
            lossClassifier.onRttSample(adjusted, rtt, nowNanos);
        }
        for (SentPacket p : newlyAcked) {
            if (p.inFlight) {
                bytesInFlight -= p.size;
                ackElicitingInFlight--;
                if (!p.mtuProbe) {
                    cc.onPacketAcked(p.size, p.sentTimeNanos, p.appLimited, rtt, nowNanos);
                }
            }
            frames.acked(p, nowNanos);
        }
        newlyAcked.clear();
        detectLostPackets(nowNanos);
        // RFC 9002 §6.2.1: the PTO backoff is reset when an acknowledgement is received.
        ptoCount = 0;
        sent.trim();
        return true;
    }

    /** A packet declared lost was acknowledged: it was reordered, not lost. Widen the thresholds. */
    private void detectSpuriousLosses(AckFrame ack) {
        if (recentlyLost.isEmpty()) {
            return;
        }
        for (int i = 0; i < ack.rangeCount(); i++) {
            NavigableMap<Long, Long> hit = recentlyLost.subMap(ack.rangeStart(i), true, ack.rangeEnd(i), true);
            for (long gap : hit.values()) {
                spuriousLosses++;
                packetThreshold = (int) Math.min(MAX_PACKET_THRESHOLD, Math.max(packetThreshold, gap + 1));
                timeThresholdEighths = Math.min(MAX_TIME_THRESHOLD_EIGHTHS, timeThresholdEighths + 1);
            }
            hit.clear();
        }
    }

    /** RFC 9002 §6.1: packet and time thresholds. */
    private void detectLostPackets(long nowNanos) {
        lossTimeNanos = 0;
        if (largestAcked < 0) {
            return;
        }
        long lossDelay = rtt.lossDelayNanos(timeThresholdEighths);
        long lostSendTime = nowNanos - lossDelay;
        int lostCount = 0;
        long lostBytes = 0;
        long largestLostSent = Long.MIN_VALUE;
        long firstLostSent = Long.MAX_VALUE;
        boolean ackedAmongLost = false;
        long end = Math.min(largestAcked, sent.endPacketNumber() - 1);
        for (long pn = sent.firstPacketNumber(); pn <= end; pn++) {
            SentPacket p = sent.get(pn);
            if (p == null) {
                continue;
            }
            if (p.resolved()) {
                if (p.acked && lostCount > 0) {
                    ackedAmongLost = true;
                }
                continue;
            }
            if (largestAcked - pn >= packetThreshold || p.sentTimeNanos <= lostSendTime) {
                if (onPacketLost(p, largestAcked - pn, nowNanos)) {
                    lostCount++;
                    lostBytes += p.size;
                    largestLostSent = Math.max(largestLostSent, p.sentTimeNanos);
                    firstLostSent = Math.min(firstLostSent, p.sentTimeNanos);
                }
            } else {
                lossTimeNanos = p.sentTimeNanos + lossDelay;
                break;
            }
        }
        if (lostCount > 0 && lossClassifier.isCongestion(lostCount, rtt, nowNanos)) {
            cc.onCongestionEvent(largestLostSent, lostBytes, rtt, nowNanos);
            // RFC 9002 §7.6.1: persistent congestion, when every packet over a long span was lost.
            long span = (rtt.smoothedRttNanos() + Math.max(4 * rtt.rttVarNanos(), GRANULARITY_NANOS)
                    + maxAckDelayNanos) * PERSISTENT_CONGESTION_THRESHOLD;
            if (rtt.hasSample() && !ackedAmongLost && lostCount >= 2 && largestLostSent - firstLostSent > span) {
                cc.onPersistentCongestion(nowNanos);
            }
        }
    }

    /** @return whether the loss counts for congestion control */
    private boolean onPacketLost(SentPacket p, long gap, long nowNanos) {
        p.lost = true;
        if (p.ackEliciting) {
            recentlyLost.put(p.packetNumber, gap);
            if (recentlyLost.size() > RECENTLY_LOST_LIMIT) {
                recentlyLost.pollFirstEntry();
            }
        }
        if (p.inFlight) {
            bytesInFlight -= p.size;
            ackElicitingInFlight--;
        }
        frames.lost(p, nowNanos);
        if (p.mtuProbe) {
            // RFC 8899 §3: the loss of a probe is not a congestion signal.
            return false;
        }
        if (p.ackEliciting) {
            packetsLost++;
        }
        return p.inFlight;
    }

    /** When {@link #handleTimeout} is due: the loss timer, else the probe timeout, else never. */
    long nextTimeoutNanos() {
        return lossTimeNanos != 0 ? lossTimeNanos : ptoDeadlineNanos();
    }

    private long ptoDeadlineNanos() {
        if (ackElicitingInFlight == 0) {
            return Long.MAX_VALUE;
        }
        long pto = rtt.ptoNanos(maxAckDelayNanos) << Math.min(ptoCount, MAX_BACKOFF_SHIFT);
        return lastAckElicitingSentNanos + pto;
    }

    /**
     * Runs the loss timer or the probe timeout if due.
     *
     * @return true if the probe timeout fired: the channel must send probes now
     */
    boolean handleTimeout(long nowNanos) {
        if (lossTimeNanos != 0 && nowNanos >= lossTimeNanos) {
            detectLostPackets(nowNanos);
            sent.trim();
            return false;
        }
        if (nowNanos >= ptoDeadlineNanos()) {
            ptoCount++;
            return true;
        }
        return false;
    }

    /** Probe timeouts in a row without an acknowledgement (RFC 9002 §6.2). */
    int ptoCount() {
        return ptoCount;
    }

    /** The oldest packet in flight that carried stream data, or null: what a probe resends. */
    SentPacket oldestInFlightWithStreamData() {
        for (long pn = sent.firstPacketNumber(); pn < sent.endPacketNumber(); pn++) {
            SentPacket p = sent.get(pn);
            if (p != null && !p.resolved() && p.ackEliciting && p.streamFrames > 0) {
                return p;
            }
        }
        return null;
    }
}
