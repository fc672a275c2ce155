package io.jsst.association;

/**
 * The stream counts of an established association, from one side's point of view.
 *
 * <p>The rule, applied by both sides to both INITs, so they agree without another message: my
 * outbound count is the smaller of the outbound streams I asked for and the peer's maximum
 * inbound; my inbound count is the smaller of the peer's outbound and my maximum inbound. A zero
 * on one side takes the other side's value; zero on both gives {@value #SYSTEM_DEFAULT} (Linux
 * SCTP's default).
 *
 * @param outbound streams this side may send on: 0 to {@code outbound - 1}
 * @param inbound streams the peer may send on
 */
public record StreamCounts(int outbound, int inbound) {

    /** The count when neither side names one. */
    public static final int SYSTEM_DEFAULT = 10;

    /** The counts {@code mine} gets facing {@code peer}. */
    public static StreamCounts negotiate(StreamLimits mine, StreamLimits peer) {
        return new StreamCounts(resolve(mine.outbound(), peer.maxInbound()), resolve(peer.outbound(), mine.maxInbound()));
    }

    private static int resolve(int asked, int allowed) {
        if (asked == 0 && allowed == 0) {
            return SYSTEM_DEFAULT;
        }
        if (asked == 0) {
            return allowed;
        }
        if (allowed == 0) {
            return asked;
        }
        return Math.min(asked, allowed);
    }
}
