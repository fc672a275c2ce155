package io.jsst.engine.channel.cc;

import io.jsst.engine.channel.recovery.RttEstimator;

/**
 * A byte-based, window-based congestion controller for one channel (RFC 9002 §7): the channel asks
 * {@link #congestionWindow()} how many bytes may be in flight and reports what happens to its packets.
 * One class per algorithm ({@link NewReno}, {@link Cubic}); choose one with {@link CongestionControl}.
 *
 * <pre>
 *   channel                         controller
 *   send packet ----------------->  onPacketSent(bytes, now)
 *   ACK newly acknowledges it ---->  onPacketAcked(bytes, sentTime, appLimited, rtt, now)
 *   loss detector declares lost -->  (LossClassifier says congestion?) onCongestionEvent(newestLostSentTime, ...)
 *   persistent congestion -------->  onPersistentCongestion(now)
 *   bytes_in_flight + size <= congestionWindow() ?  send : wait
 * </pre>
 *
 * <p>The channel keeps {@code bytes_in_flight} itself; the controller only shapes the window. All times
 * are nanoseconds passed in; implementations read no clock, own no thread, and never throw on odd
 * input (non-positive byte counts are ignored). Not thread-safe: the channel's event loop owns it.
 */
public interface CongestionController {

    /** A packet of {@code bytes} that counts towards bytes in flight was sent at {@code nowNanos}. */
    void onPacketSent(int bytes, long nowNanos);

    /**
     * A packet of {@code bytes}, sent at {@code sentTimeNanos}, was acknowledged.
     *
     * @param appLimited the sender was not limited by the congestion window when the packet was sent
     *     (RFC 9002 §7.8): the window is not grown then
     * @param rtt the channel's estimator, already updated with this ACK's sample
     */
    void onPacketAcked(int bytes, long sentTimeNanos, boolean appLimited, RttEstimator rtt, long nowNanos);

    /**
     * Packets were declared lost and the loss is taken as a congestion signal. The window is reduced at
     * most once per recovery period: RFC 9002 §7.3.2, a loss of a packet sent before the current
     * recovery period started is ignored.
     *
     * @param largestLostSentTimeNanos the send time of the newest of the lost packets
     * @param lostBytes the bytes declared lost, for accounting
     */
    void onCongestionEvent(long largestLostSentTimeNanos, long lostBytes, RttEstimator rtt, long nowNanos);

    /** RFC 9002 §7.6.2: persistent congestion was established; collapse to the minimum window. */
    void onPersistentCongestion(long nowNanos);

    /** The path's maximum datagram size changed (PMTU discovery); windows are measured in it. */
    void onMaxDatagramSizeChanged(int maxDatagramSize);

    /** @return the congestion window in bytes */
    long congestionWindow();

    /** @return whether the controller is in slow start (window below the slow start threshold) */
    boolean inSlowStart();

    /** @return the algorithm's name: {@code "newreno"} or {@code "cubic"} */
    String name();
}
