package io.jsst.engine.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.channel.Channel;
import io.jsst.engine.channel.ChannelConfig;
import io.jsst.engine.channel.CloseReason;
import io.jsst.engine.channel.DropReason;
import io.jsst.engine.crypto.CipherSuite;
import io.jsst.engine.crypto.HostIdentity;
import io.jsst.engine.stream.StreamState;
import io.jsst.engine.wire.HandshakePacket;
import io.jsst.engine.wire.Initiate;
import io.jsst.engine.wire.StreamOpen;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The handshake between two engines wired by hand: what each side computes ahead and reuses. */
class HostEngineHandshakeTest {

    private static final long T0 = 7_000_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final class Listener implements HostListener {
        final List<Channel> connected = new ArrayList<>();
        final List<Exception> failed = new ArrayList<>();

        @Override public void connected(ConnectAttempt attempt, Channel channel) {
            connected.add(channel);
        }

        @Override public void connectFailed(ConnectAttempt attempt, Exception cause) {
            failed.add(cause);
        }

        @Override public void accepted(Channel channel) {
        }

        @Override public void streamOpened(Channel channel, StreamState stream, StreamOpen open) {
        }

        @Override public void streamReplied(Channel channel, StreamState stream) {
        }

        @Override public void closed(Channel channel, CloseReason reason) {
        }
    }

    private final HostIdentity responderIdentity = HostIdentity.generate(RANDOM);
    private final HostEngine responder =
            new HostEngine(responderIdentity, ChannelConfig.defaults(), RANDOM, new Listener());
    private final InetSocketAddress responderAddress = new InetSocketAddress("127.0.0.1", 4000);

    private static byte[] poll(HostEngine engine, long nowNanos) {
        ByteBuffer out = ByteBuffer.allocate(70_000);
        if (engine.pollTransmit(out, nowNanos) == null) {
            return null;
        }
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    private static void deliver(byte[] datagram, HostEngine to, InetSocketAddress from, long nowNanos) {
        to.handleDatagram(ByteBuffer.wrap(datagram), from, nowNanos);
    }

    /** What one handshake put on the wire: the first INITIATE, the COOKIE and the RESPONSE. */
    private record Flight(byte[] initiate, byte[] cookie, byte[] response, Listener initiator) {
    }

    /** Runs a handshake to the responder from a new initiator at {@code port}; {@code tamper} may change the COOKIE. */
    private Flight handshake(int port, long nowNanos, java.util.function.UnaryOperator<byte[]> tamper) {
        Listener listener = new Listener();
        HostEngine initiator = new HostEngine(HostIdentity.generate(RANDOM), ChannelConfig.defaults(), RANDOM, listener);
        return handshake(initiator, listener, port, nowNanos, tamper);
    }

    private Flight handshake(HostEngine initiator, Listener listener, int port, long nowNanos,
                             java.util.function.UnaryOperator<byte[]> tamper) {
        InetSocketAddress initiatorAddress = new InetSocketAddress("127.0.0.1", port);
        initiator.connect(responderAddress, responderIdentity.eid(), 5_000_000_000L, nowNanos);
        byte[] initiate = poll(initiator, nowNanos);
        deliver(initiate, responder, initiatorAddress, nowNanos);
        byte[] cookie = poll(responder, nowNanos);
        deliver(tamper.apply(cookie.clone()), initiator, responderAddress, nowNanos);
        deliver(poll(initiator, nowNanos), responder, initiatorAddress, nowNanos);
        if (initiator.nextTimeoutNanos() <= nowNanos) {
            initiator.handleTimeout(nowNanos);
        }
        byte[] response = poll(responder, nowNanos);
        deliver(response, initiator, responderAddress, nowNanos);
        return new Flight(initiate, cookie, response, listener);
    }

    private static byte[] keyHint(byte[] cookie) {
        return Arrays.copyOfRange(cookie, 39, 71);
    }

    private static byte[] responseKey(byte[] response) {
        return Arrays.copyOfRange(response, 55, 87);
    }

    @Test
    void anInitiateWithASmallOrderKeyGetsACookieButNeitherAResponseNorState() {
        InetSocketAddress from = new InetSocketAddress("127.0.0.1", 5020);
        byte[] smallOrder = new byte[32]; // u = 0
        byte[] nonce = new byte[HandshakePacket.NONCE_LENGTH];
        int[] suites = {CipherSuite.AES_128_GCM.wireCode()};
        deliver(encode(new Initiate(HandshakePacket.VERSION_1, 77, suites,
                nonce, smallOrder, new byte[0])), responder, from, T0);
        byte[] cookie = poll(responder, T0);
        assertThat(cookie).isNotNull();
        byte[] cookieBytes = Arrays.copyOfRange(cookie, 15, 15 + (cookie[14] & 0xFF));

        deliver(encode(new Initiate(HandshakePacket.VERSION_1, 77, suites,
                nonce, smallOrder, cookieBytes)), responder, from, T0);

        assertThat(poll(responder, T0)).as("no RESPONSE").isNull();
        assertThat(responder.responderStateCount()).isZero();
        assertThat(responder.drops().count(DropReason.HANDSHAKE_INVALID)).isEqualTo(1);
    }

    private static byte[] encode(Initiate initiate) {
        ByteBuffer out = ByteBuffer.allocate(Initiate.PADDED_LENGTH);
        initiate.encode(out);
        return out.array();
    }

    @Test
    void theResponderNamesItsEphemeralKeyInTheCookieAndUsesItInTheResponse() {
        Flight f = handshake(5000, T0, c -> c);
        assertThat(f.cookie()).hasSize(71);
        assertThat(keyHint(f.cookie())).isEqualTo(responseKey(f.response()));
        assertThat(f.initiator().connected).hasSize(1);
    }

    @Test
    void theResponderSendsItsResponseBeforeItMakesTheChannelAndMakesItAtATimerDueAtOnce() {
        Flight f = handshake(5010, T0, c -> c);
        assertThat(f.response()).isNotNull();
        assertThat(responder.channels()).isEmpty();
        assertThat(responder.responderStateCount()).isEqualTo(1);
        assertThat(responder.nextTimeoutNanos()).isLessThanOrEqualTo(T0);

        responder.handleTimeout(T0);

        assertThat(responder.channels()).hasSize(1);
        assertThat(responder.channels().get(0).state()).isEqualTo(io.jsst.engine.channel.ChannelState.AWAITING_IDENTITY);
    }

    @Test
    void theInitiatorsIdentityArrivingBeforeThatTimerMakesTheChannelAndEstablishesIt() {
        Listener listener = new Listener();
        HostEngine initiator = new HostEngine(HostIdentity.generate(RANDOM), ChannelConfig.defaults(), RANDOM, listener);
        InetSocketAddress initiatorAddress = new InetSocketAddress("127.0.0.1", 5011);
        handshake(initiator, listener, 5011, T0, c -> c);
        assertThat(listener.connected).hasSize(1);
        byte[] identity = poll(initiator, T0);
        assertThat(identity).isNotNull();

        deliver(identity, responder, initiatorAddress, T0);

        assertThat(responder.channels()).hasSize(1);
        assertThat(responder.channels().get(0).state()).isEqualTo(io.jsst.engine.channel.ChannelState.ESTABLISHED);
        assertThat(responder.channels().get(0).peerEid()).isEqualTo(initiator.eid());
    }

    @Test
    void handshakesWithinOnePeriodShareTheResponderKeyButNotTheirTrafficKeys() {
        Flight a = handshake(5001, T0, c -> c);
        Flight b = handshake(5002, T0 + 1_000_000L, c -> c);
        assertThat(responseKey(a.response())).isEqualTo(responseKey(b.response()));
        assertThat(a.initiator().connected).hasSize(1);
        assertThat(b.initiator().connected).hasSize(1);
        // Fresh nonces, channel ids and initiator keys: the transcripts, and so the keys, differ.
        assertThat(Arrays.copyOfRange(a.response(), 23, 55)).isNotEqualTo(Arrays.copyOfRange(b.response(), 23, 55));
    }

    @Test
    void aNewPeriodBringsANewResponderKey() {
        Flight a = handshake(5003, T0, c -> c);
        Flight b = handshake(5004, T0 + io.jsst.engine.crypto.ResponderEphemeralKey.MAX_REUSE_NANOS, c -> c);
        assertThat(responseKey(a.response())).isNotEqualTo(responseKey(b.response()));
    }

    @Test
    void aCookieWhoseKeyHintIsWrongStillLeadsToAWorkingChannel() {
        Flight f = handshake(5005, T0, c -> {
            c[50] ^= 0x5a; // inside the hint
            return c;
        });
        assertThat(keyHint(f.cookie())).isEqualTo(responseKey(f.response()));
        assertThat(f.initiator().failed).isEmpty();
        assertThat(f.initiator().connected).hasSize(1);
    }

    @Test
    void aCookieWithoutAKeyHintStillLeadsToAWorkingChannel() {
        Flight f = handshake(5006, T0, c -> Arrays.copyOf(c, 39));
        assertThat(f.initiator().failed).isEmpty();
        assertThat(f.initiator().connected).hasSize(1);
    }

    @Test
    void aHostThatConnectedMakesItsNextConnectsKeyAtATimerAndNeverUsesAKeyTwice() {
        Listener listener = new Listener();
        HostEngine initiator = new HostEngine(HostIdentity.generate(RANDOM), ChannelConfig.defaults(), RANDOM, listener);
        Flight first = handshake(initiator, listener, 5008, T0, c -> c);
        assertThat(listener.connected).hasSize(1);
        assertThat(initiator.nextTimeoutNanos()).as("the next key is due once connected").isLessThanOrEqualTo(T0);
        initiator.handleTimeout(T0);
        assertThat(initiator.nextTimeoutNanos()).as("made once").isGreaterThan(T0);
        Flight second = handshake(initiator, listener, 5008, T0 + 1_000L, c -> c);
        assertThat(listener.connected).hasSize(2);
        assertThat(Arrays.copyOfRange(second.initiate(), 49, 81)).as("g^i")
                .isNotEqualTo(Arrays.copyOfRange(first.initiate(), 49, 81));
    }

    @Test
    void theInitiatorComputesItsAgreementAtItsNextTimerOnceTheCookieNamedAKey() {
        HostEngine initiator = new HostEngine(HostIdentity.generate(RANDOM), ChannelConfig.defaults(), RANDOM,
                new Listener());
        InetSocketAddress initiatorAddress = new InetSocketAddress("127.0.0.1", 5007);
        initiator.connect(responderAddress, null, 5_000_000_000L, T0);
        deliver(poll(initiator, T0), responder, initiatorAddress, T0);
        assertThat(initiator.nextTimeoutNanos()).as("nothing to compute before the COOKIE").isGreaterThan(T0);
        deliver(poll(responder, T0), initiator, responderAddress, T0);
        assertThat(poll(initiator, T0)).as("the second INITIATE goes out first").isNotNull();
        assertThat(initiator.nextTimeoutNanos()).as("then the agreement is due").isLessThanOrEqualTo(T0);
        initiator.handleTimeout(T0);
        assertThat(initiator.nextTimeoutNanos()).isGreaterThan(T0);
    }
}
