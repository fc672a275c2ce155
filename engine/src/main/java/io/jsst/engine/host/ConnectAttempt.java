package io.jsst.engine.host;

import io.jsst.engine.Eid;
import io.jsst.engine.crypto.EphemeralKeyPair;
import io.jsst.engine.wire.Initiate;
import java.net.InetSocketAddress;

/**
 * An initiator's handshake in progress, before there is a channel: what it sent, when to send it
 * again, and when to give up.
 *
 * <pre>
 *   INITIATE --(COOKIE)--&gt; INITIATE+cookie --(RESPONSE verified)--&gt; channel
 *      ^ resent every interval, doubling up to 1 s, until the connect deadline
 * </pre>
 */
public final class ConnectAttempt {
    /** The longest wait between two INITIATE retransmissions. */
    static final long MAX_RETRANSMIT_INTERVAL_NANOS = 1_000_000_000L;

    final InetSocketAddress peer;
    final Eid expectedEid;
    final long channelId;
    final EphemeralKeyPair ephemeral;
    Initiate initiate;
    final long deadlineNanos;
    long retransmitIntervalNanos;
    long nextRetransmitNanos;
    boolean done;
    /** The local socket the handshake goes out from, on a host with several; null otherwise. */
    InetSocketAddress local;
    private Object attachment;

    ConnectAttempt(InetSocketAddress peer, Eid expectedEid, long channelId, EphemeralKeyPair ephemeral,
                   Initiate initiate, long deadlineNanos, long firstIntervalNanos, long nowNanos) {
        this.peer = peer;
        this.expectedEid = expectedEid;
        this.channelId = channelId;
        this.ephemeral = ephemeral;
        this.initiate = initiate;
        this.deadlineNanos = deadlineNanos;
        this.retransmitIntervalNanos = firstIntervalNanos;
        this.nextRetransmitNanos = nowNanos + firstIntervalNanos;
    }

    public InetSocketAddress peer() {
        return peer;
    }

    /** The EID the initiator insists on, or null. */
    public Eid expectedEid() {
        return expectedEid;
    }

    public boolean isDone() {
        return done;
    }

    /** An object the host's owner attaches (its pending future). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    void backOff(long nowNanos) {
        retransmitIntervalNanos = Math.min(retransmitIntervalNanos * 2, MAX_RETRANSMIT_INTERVAL_NANOS);
        nextRetransmitNanos = nowNanos + retransmitIntervalNanos;
    }
}
