package io.jsst.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HandshakePacketTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] fill(int n, int from) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static Initiate initiate(byte[] cookie) {
        return new Initiate(HandshakePacket.VERSION_1, 0x0102030405060708L, new int[] {1, 2}, fill(32, 0x10),
                fill(32, 0x40), cookie);
    }

    private static Response response() {
        return new Response(HandshakePacket.VERSION_1, 0x0102030405060708L, 0x1112131415161718L, 2,
                fill(32, 0x20), fill(32, 0x50), fill(32, 0x70), fill(64, 0x90));
    }

    private static byte[] encode(HandshakePacket p) {
        ByteBuffer b = ByteBuffer.allocate(2048);
        p.encode(b);
        b.flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Each packet, and how many leading bytes carry its content (past them only padding may follow). */
    static Stream<Arguments> packets() {
        return Stream.of(
                Arguments.of("INITIATE without cookie", initiate(new byte[0]), 6 + 8 + 1 + 2 + 32 + 32 + 1),
                Arguments.of("INITIATE with cookie", initiate(fill(24, 0xA0)), 6 + 8 + 1 + 2 + 32 + 32 + 1 + 24),
                Arguments.of("COOKIE", new CookieChallenge(HandshakePacket.VERSION_1, 0x0102030405060708L,
                        fill(24, 0xA0)), 6 + 8 + 1 + 24),
                Arguments.of("COOKIE with key hint", new CookieChallenge(HandshakePacket.VERSION_1,
                        0x0102030405060708L, fill(24, 0xA0), fill(32, 0x50)), 6 + 8 + 1 + 24),
                Arguments.of("RESPONSE", response(), Response.LENGTH),
                Arguments.of("VERSION_NEGOTIATION", new VersionNegotiation(HandshakePacket.VERSION_1,
                        0x0102030405060708L, new int[] {1, 7, 200}), 6 + 8 + 1 + 3),
                Arguments.of("REACHABILITY_PROBE", new ReachabilityProbe(), 6));
    }

    @ParameterizedTest(name = "{0} round-trips")
    @MethodSource("packets")
    void eachHandshakePacketRoundTrips(String name, HandshakePacket packet, int contentLength) {
        byte[] bytes = encode(packet);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertThat(HandshakePacket.isHandshake(in)).isTrue();
        assertThat(HandshakePacket.versionOf(in)).isEqualTo(1);
        HandshakePacket decoded = HandshakePacket.decode(in);
        assertThat(decoded).isEqualTo(packet);
        assertThat(decoded.version()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} cut short returns null, never throws")
    @MethodSource("packets")
    void eachHandshakePacketTruncatedBeforeItsContentEndsDecodesAsNull(String name, HandshakePacket packet,
                                                                        int contentLength) {
        byte[] bytes = encode(packet);
        for (int cut = 0; cut < contentLength; cut++) {
            ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(bytes, cut));
            HandshakePacket[] decoded = new HandshakePacket[1];
            assertThatCode(() -> decoded[0] = HandshakePacket.decode(in)).as("cut at %d", cut)
                    .doesNotThrowAnyException();
            assertThat(decoded[0]).as("cut at %d of %d", cut, contentLength).isNull();
        }
    }

    @Test
    void everyPacketStartsWithZeroThenSstThenVersionThenType() {
        assertThat(HEX.formatHex(encode(initiate(new byte[0])), 0, 6)).isEqualTo("005353540101");
        assertThat(HEX.formatHex(encode(new CookieChallenge(1, 1, new byte[] {1})), 0, 6)).isEqualTo("005353540102");
        assertThat(HEX.formatHex(encode(response()), 0, 6)).isEqualTo("005353540103");
        assertThat(HEX.formatHex(encode(new VersionNegotiation(1, 1, new int[] {1})), 0, 6))
                .isEqualTo("005353540104");
        assertThat(HEX.formatHex(encode(new ReachabilityProbe()))).isEqualTo("005353540105");
    }

    @Test
    void initiateIsPaddedWithZerosTo1200BytesWithOrWithoutCookie() {
        byte[] without = encode(initiate(new byte[0]));
        byte[] with = encode(initiate(fill(24, 0xA0)));
        assertThat(without).hasSize(Initiate.PADDED_LENGTH).hasSize(1200);
        assertThat(with).hasSize(1200);
        for (int i = 6 + 8 + 1 + 2 + 32 + 32 + 1; i < 1200; i++) {
            assertThat(without[i]).as("byte %d", i).isZero();
        }
        for (int i = 6 + 8 + 1 + 2 + 32 + 32 + 1 + 24; i < 1200; i++) {
            assertThat(with[i]).as("byte %d", i).isZero();
        }
    }

    @Test
    void initiateFieldsSitAtTheDocumentedOffsets() {
        byte[] b = encode(initiate(fill(24, 0xA0)));
        assertThat(HEX.formatHex(b, 6, 14)).isEqualTo("0102030405060708"); // initiator channel id
        assertThat(b[14]).isEqualTo((byte) 2);                              // suite count
        assertThat(HEX.formatHex(b, 15, 17)).isEqualTo("0102");             // suites
        assertThat(Arrays.copyOfRange(b, 17, 49)).isEqualTo(fill(32, 0x10)); // N_i
        assertThat(Arrays.copyOfRange(b, 49, 81)).isEqualTo(fill(32, 0x40)); // g^i
        assertThat(b[81]).isEqualTo((byte) 24);                             // cookie length
        assertThat(Arrays.copyOfRange(b, 82, 106)).isEqualTo(fill(24, 0xA0));
    }

    @Test
    void responseIsExactly183BytesWithFieldsAtTheDocumentedOffsets() {
        byte[] b = encode(response());
        assertThat(Response.LENGTH).isEqualTo(183);
        assertThat(b).hasSize(183);
        assertThat(HEX.formatHex(b, 6, 14)).isEqualTo("0102030405060708");
        assertThat(HEX.formatHex(b, 14, 22)).isEqualTo("1112131415161718");
        assertThat(b[22]).isEqualTo((byte) 2);
        assertThat(Arrays.copyOfRange(b, 23, 55)).isEqualTo(fill(32, 0x20));
        assertThat(Arrays.copyOfRange(b, 55, 87)).isEqualTo(fill(32, 0x50));
        assertThat(Arrays.copyOfRange(b, 87, 119)).isEqualTo(fill(32, 0x70));
        assertThat(Arrays.copyOfRange(b, 119, 183)).isEqualTo(fill(64, 0x90));
    }

    @Test
    void cookieMaterialCoversChannelIdSuitesNonceAndEphemeralKey() {
        Initiate i = initiate(new byte[0]);
        byte[] m = i.cookieMaterial();
        assertThat(m).hasSize(8 + 1 + 2 + 32 + 32);
        assertThat(HEX.formatHex(m, 0, 11)).isEqualTo("0102030405060708" + "02" + "0102");
        assertThat(Arrays.copyOfRange(m, 11, 43)).isEqualTo(fill(32, 0x10));
        assertThat(Arrays.copyOfRange(m, 43, 75)).isEqualTo(fill(32, 0x40));
    }

    @Test
    void aCookieKeyHintFollowsTheCookie() {
        byte[] b = encode(new CookieChallenge(1, 0x0102030405060708L, fill(24, 0xA0), fill(32, 0x50)));
        assertThat(b).hasSize(71);
        assertThat(b[14]).isEqualTo((byte) 24);
        assertThat(Arrays.copyOfRange(b, 15, 39)).isEqualTo(fill(24, 0xA0));
        assertThat(Arrays.copyOfRange(b, 39, 71)).isEqualTo(fill(32, 0x50));
    }

    @Test
    void aCookieCutInsideItsKeyHintDecodesWithoutAHint() {
        byte[] b = encode(new CookieChallenge(1, 7, fill(24, 0xA0), fill(32, 0x50)));
        for (int cut = 39; cut < 71; cut++) {
            HandshakePacket p = HandshakePacket.decode(ByteBuffer.wrap(Arrays.copyOf(b, cut)));
            assertThat(p).as("cut at %d", cut).isEqualTo(new CookieChallenge(1, 7, fill(24, 0xA0)));
            assertThat(((CookieChallenge) p).keyHint()).isNull();
        }
    }

    @Test
    void aCookieKeyHintOfAnyLengthButThirtyTwoIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CookieChallenge(1, 7, fill(24, 0), fill(31, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cookieMaterialDoesNotDependOnTheCookie() {
        assertThat(initiate(new byte[0]).cookieMaterial()).isEqualTo(initiate(fill(24, 0xA0)).cookieMaterial());
    }

    @Test
    void wrongMagicIsNotAHandshakePacket() {
        byte[] b = encode(initiate(new byte[0]));
        for (int i = 0; i < 4; i++) {
            byte[] bad = b.clone();
            bad[i] ^= 0x20;
            ByteBuffer in = ByteBuffer.wrap(bad);
            assertThat(HandshakePacket.isHandshake(in)).as("byte %d", i).isFalse();
            assertThat(HandshakePacket.decode(in)).as("byte %d", i).isNull();
        }
    }

    @Test
    void otherVersionsAreRecognisedAsHandshakeButNotDecoded() {
        byte[] b = encode(initiate(new byte[0]));
        for (int v : new int[] {0, 2, 255}) {
            b[4] = (byte) v;
            ByteBuffer in = ByteBuffer.wrap(b);
            assertThat(HandshakePacket.isHandshake(in)).isTrue();
            assertThat(HandshakePacket.versionOf(in)).isEqualTo(v);
            assertThat(HandshakePacket.decode(in)).isNull();
        }
    }

    @Test
    void unknownPacketTypesDecodeAsNull() {
        for (int type : new int[] {0, 6, 0x7f, 0xff}) {
            byte[] b = encode(initiate(new byte[0]));
            b[5] = (byte) type;
            assertThat(HandshakePacket.decode(ByteBuffer.wrap(b))).as("type %d", type).isNull();
        }
    }

    @Test
    void decodeRespectsTheBuffersPositionAndLimit() {
        byte[] packet = encode(response());
        ByteBuffer b = ByteBuffer.allocate(packet.length + 20);
        b.position(10);
        b.put(packet);
        b.position(10).limit(10 + packet.length);
        assertThat(HandshakePacket.isHandshake(b)).isTrue();
        assertThat(HandshakePacket.decode(b)).isEqualTo(response());
    }

    @Test
    void initiateWithNoSuitesOrTooManySuitesOrAnOversizedCookieIsRejected() {
        byte[] b = encode(initiate(new byte[0]));
        byte[] noSuites = b.clone();
        noSuites[14] = 0;
        assertThat(HandshakePacket.decode(ByteBuffer.wrap(noSuites))).isNull();
        byte[] manySuites = b.clone();
        manySuites[14] = 17;
        assertThat(HandshakePacket.decode(ByteBuffer.wrap(manySuites))).isNull();
        byte[] bigCookie = b.clone();
        bigCookie[81] = 65;
        assertThat(HandshakePacket.decode(ByteBuffer.wrap(bigCookie))).isNull();
    }

    @Test
    void cookieChallengeWithAnEmptyCookieIsRejected() {
        byte[] b = encode(new CookieChallenge(1, 5, new byte[] {9}));
        b[14] = 0;
        assertThat(HandshakePacket.decode(ByteBuffer.wrap(b))).isNull();
    }

    @Test
    void aCookieLongerThanAnInitiateCanEchoIsRejected() {
        // INITIATE carries at most 64 cookie bytes; a longer COOKIE could never be answered.
        assertThat(HandshakePacket.decode(ByteBuffer.wrap(encode(new CookieChallenge(1, 5, fill(64, 1))))))
                .isNotNull();
        assertThat(HandshakePacket.decode(ByteBuffer.wrap(encode(new CookieChallenge(1, 5, fill(65, 1))))))
                .isNull();
    }

    @Test
    void versionNegotiationWithNoVersionsIsRejected() {
        byte[] b = encode(new VersionNegotiation(1, 5, new int[] {2}));
        b[14] = 0;
        assertThat(HandshakePacket.decode(ByteBuffer.wrap(b))).isNull();
    }

    @Test
    void aProtectedPacketIsNotAHandshakePacket() {
        ByteBuffer b = ByteBuffer.allocate(40);
        PacketHeader.write(b, false, 0x0053535401010000L, 1);
        b.flip();
        assertThat(HandshakePacket.isHandshake(b)).isFalse();
    }
}
