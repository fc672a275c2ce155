package io.jsst.engine.channel.path;

/**
 * RFC 9000 §8: until a peer's address is validated, an endpoint sends at most three times the
 * bytes it received from that address. Applies to a path the peer moved to (NAT rebinding) until
 * it answers a PATH_CHALLENGE; the handshake's cookie validates the first path.
 */
public final class AntiAmplificationLimit {
    /** RFC 9000 §8: "limit the amount of data it sends to three times the amount of data received". */
    public static final int FACTOR = 3;

    private boolean validated;
    private long received;
    private long sent;

    public AntiAmplificationLimit(boolean validated) {
        this.validated = validated;
    }

    public boolean isValidated() {
        return validated;
    }

    public void validate() {
        validated = true;
    }

    public void onReceived(int bytes) {
        received += bytes;
    }

    public void onSent(int bytes) {
        sent += bytes;
    }

    /** How many more bytes may be sent now (Integer.MAX_VALUE once validated). */
    public int allowance() {
        if (validated) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, FACTOR * received - sent));
    }
}
