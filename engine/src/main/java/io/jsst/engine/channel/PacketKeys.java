package io.jsst.engine.channel;

import io.jsst.engine.crypto.CipherSuite;
import io.jsst.engine.crypto.PacketProtection;
import java.nio.ByteBuffer;

/**
 * The packet protection keys of one channel, with key update. Each direction has its own chain of
 * generations, {@code secret(n+1) = nextSecret(secret(n))}; the key phase bit in the header says
 * which of two adjacent generations sealed a packet.
 *
 * <pre>
 *  sender:   gen 0 ............ gen 1 (after keyUpdateInterval packets, once a gen-0 packet was acked)
 *  receiver: phase bit differs and pn is newer than the current generation's first packet
 *            -&gt; try generation n+1; if it opens, it becomes current and n stays as "previous"
 *            for late, reordered packets.
 * </pre>
 *
 * RFC 9001 §6.6: a key is retired well before its AEAD's confidentiality limit.
 *
 * <p>An idle channel lets go of its cipher objects ({@link #releaseCiphers}); the keys stay, and the
 * next seal or open makes the ciphers again.
 */
final class PacketKeys {
    private final CipherSuite suite;
    private final long updateInterval;

    private byte[] sendSecret;
    private PacketProtection send;
    private boolean sendPhase;
    private long sendPacketsInGeneration;
    private long sendGenerationFirstPn = 0;
    private boolean sendGenerationAcked;

    private byte[] receiveSecret;
    private PacketProtection receive;
    private PacketProtection receivePrevious;
    private PacketProtection receiveNext;
    private boolean receivePhase;
    private long receiveGenerationFirstPn = -1;

    private long keyUpdates;

    PacketKeys(CipherSuite suite, byte[] sendSecret, byte[] receiveSecret, long keyUpdateInterval) {
        this.suite = suite;
        this.updateInterval = Math.max(16, Math.min(keyUpdateInterval, suite.confidentialityLimit() / 2));
        this.sendSecret = sendSecret;
        this.send = suite.newProtection(sendSecret);
        this.receiveSecret = receiveSecret;
        this.receive = suite.newProtection(receiveSecret);
        this.sendGenerationAcked = true;
    }

    boolean sendPhase() {
        return sendPhase;
    }

    long keyUpdates() {
        return keyUpdates;
    }

    /** Seals a packet; starts a new send generation first if the current one is used up. */
    int seal(ByteBuffer buf, int start, int payloadOffset, int payloadLength, long packetNumber) {
        return send.seal(buf, start, payloadOffset, payloadLength, packetNumber);
    }

    /** Called before a packet number is chosen: rolls the send key if due. */
    void beforeSend(long packetNumber) {
        if (sendPacketsInGeneration >= updateInterval && sendGenerationAcked) {
            sendSecret = CipherSuite.nextSecret(sendSecret);
            send = suite.newProtection(sendSecret);
            sendPhase = !sendPhase;
            sendPacketsInGeneration = 0;
            sendGenerationFirstPn = packetNumber;
            sendGenerationAcked = false;
            keyUpdates++;
        }
        sendPacketsInGeneration++;
    }

    /** The peer acknowledged {@code packetNumber}: if it is of the current generation, the next update may start. */
    void onAcked(long packetNumber) {
        if (packetNumber >= sendGenerationFirstPn) {
            sendGenerationAcked = true;
        }
    }

    /** Opens a received packet; -1 if no generation authenticates it. */
    int open(ByteBuffer buf, int start, int payloadOffset, int length, long packetNumber, boolean phase) {
        if (phase == receivePhase) {
            return receive.open(buf, start, payloadOffset, length, packetNumber);
        }
        if (packetNumber < receiveGenerationFirstPn) {
            return receivePrevious == null ? -1
                    : receivePrevious.open(buf, start, payloadOffset, length, packetNumber);
        }
        if (receiveNext == null) {
            receiveNext = suite.newProtection(CipherSuite.nextSecret(receiveSecret));
        }
        int n = receiveNext.open(buf, start, payloadOffset, length, packetNumber);
        if (n >= 0) {
            receiveSecret = CipherSuite.nextSecret(receiveSecret);
            receivePrevious = receive;
            receive = receiveNext;
            receiveNext = null;
            receivePhase = phase;
            receiveGenerationFirstPn = packetNumber;
            keyUpdates++;
        }
        return n;
    }

    /**
     * Lets go of the cipher objects of every generation kept (about 1.3 KiB for a channel that has
     * sent and received; see {@link PacketProtection#releaseCiphers}). The next generation's
     * protection, if one was made ahead for a packet that did not open, is dropped too: it is derived
     * again from the secret when a packet of the other phase arrives.
     */
    void releaseCiphers() {
        send.releaseCiphers();
        receive.releaseCiphers();
        if (receivePrevious != null) {
            receivePrevious.releaseCiphers();
        }
        receiveNext = null;
    }

    /** Whether {@link #releaseCiphers} has anything to release. */
    boolean holdsCiphers() {
        return send.holdsCiphers() || receive.holdsCiphers()
                || (receivePrevious != null && receivePrevious.holdsCiphers()) || receiveNext != null;
    }
}
