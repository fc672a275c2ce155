package io.jsst.engine.host;

import io.jsst.engine.Eid;
import io.jsst.engine.crypto.EphemeralKeyPair;
import io.jsst.engine.wire.Initiate;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * An initiator's handshake in progress, before there is a channel: what it sent, when to send it
 * again, and when to give up.
 *
 * <pre>
 *   INITIATE --(COOKIE)--&gt; INITIATE+cookie --(RESPONSE verified)--&gt; channel
 *      ^ resent every interval, doubling up to 1 s, until the connect deadline
 *
 *   COOKIE names g^r (a hint) --&gt; INITIATE+cookie sent --&gt; timer due at once: Z = X25519(i, g^r)
 *                                  (while the responder computes its side) --&gt; RESPONSE with that g^r
 *                                  uses Z; any other g^r is computed then
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
    /** The responder's key the COOKIE named, and the secret agreed with it (null until computed). */
    private byte[] hintedKey;
    private byte[] hintedShared;
    /** When the agreement with {@link #hintedKey} is due; Long.MAX_VALUE when none is pending. */
    private long precomputeAtNanos = Long.MAX_VALUE;

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

    /**
     * Notes the responder's key named in a COOKIE ({@code null}: none), for an agreement computed at
     * the next timer, after the INITIATE that answers the COOKIE has gone out.
     */
    void expectResponderKey(byte[] keyHint, long nowNanos) {
        if (keyHint == null || Arrays.equals(keyHint, hintedKey)) {
            return;
        }
        hintedKey = keyHint;
        hintedShared = null;
        precomputeAtNanos = nowNanos;
    }

    /** When {@link #precomputeSharedSecret} has work; Long.MAX_VALUE when it has none. */
    long precomputeAtNanos() {
        return precomputeAtNanos;
    }

    /** Computes the agreement with the hinted responder key, if one is due. */
    void precomputeSharedSecret(long nowNanos) {
        if (nowNanos < precomputeAtNanos) {
            return;
        }
        precomputeAtNanos = Long.MAX_VALUE;
        try {
            hintedShared = ephemeral.sharedSecret(hintedKey);
        } catch (GeneralSecurityException e) {
            hintedShared = null; // a bad hint: the RESPONSE's key is checked when it comes
        }
    }

    /**
     * X25519(i, responderKey): the one computed ahead if the COOKIE named this key, else now.
     *
     * @throws GeneralSecurityException as {@link EphemeralKeyPair#sharedSecret}
     */
    byte[] sharedSecret(byte[] responderKey) throws GeneralSecurityException {
        if (hintedShared != null && Arrays.equals(responderKey, hintedKey)) {
            return hintedShared;
        }
        return ephemeral.sharedSecret(responderKey);
    }

    void backOff(long nowNanos) {
        retransmitIntervalNanos = Math.min(retransmitIntervalNanos * 2, MAX_RETRANSMIT_INTERVAL_NANOS);
        nextRetransmitNanos = nowNanos + retransmitIntervalNanos;
    }
}
