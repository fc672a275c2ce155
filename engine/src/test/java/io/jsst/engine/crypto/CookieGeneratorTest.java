package io.jsst.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CookieGeneratorTest {

    private static final long SECOND = 1_000_000_000L;
    private static final byte[] MATERIAL = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final InetSocketAddress PEER = address(new byte[] {10, 0, 0, 1}, 4433);

    private static InetSocketAddress address(byte[] ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static CookieGenerator generator() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(1234);
            return new CookieGenerator(random);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFreshCookieVerifies() {
        CookieGenerator cookies = generator();
        byte[] cookie = cookies.issue(MATERIAL, PEER, 5 * SECOND);
        assertThat(cookie).hasSize(CookieGenerator.COOKIE_LENGTH);
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 5 * SECOND)).isTrue();
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 20 * SECOND)).isTrue();
    }

    @Test
    void aCookieFromAnotherAddressOrPortFails() {
        CookieGenerator cookies = generator();
        byte[] cookie = cookies.issue(MATERIAL, PEER, 0);
        assertThat(cookies.verify(cookie, MATERIAL, address(new byte[] {10, 0, 0, 2}, 4433), SECOND)).isFalse();
        assertThat(cookies.verify(cookie, MATERIAL, address(new byte[] {10, 0, 0, 1}, 4434), SECOND)).isFalse();
        InetSocketAddress v6 = address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1}, 4433);
        byte[] v6Cookie = cookies.issue(MATERIAL, v6, 0);
        assertThat(cookies.verify(v6Cookie, MATERIAL, v6, SECOND)).isTrue();
    }

    @Test
    void aCookieForOtherHandshakeMaterialFails() {
        CookieGenerator cookies = generator();
        byte[] cookie = cookies.issue(MATERIAL, PEER, 0);
        assertThat(cookies.verify(cookie, new byte[] {1, 2, 3, 4, 5, 6, 7, 9}, PEER, SECOND)).isFalse();
        assertThat(cookies.verify(cookie, new byte[] {1, 2, 3, 4, 5, 6, 7}, PEER, SECOND)).isFalse();
        assertThat(cookies.verify(cookie, new byte[0], PEER, SECOND)).isFalse();
    }

    @Test
    void aCookieHasExpiredAfter61Seconds() {
        CookieGenerator cookies = generator();
        byte[] cookie = cookies.issue(MATERIAL, PEER, 0);
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 61 * SECOND)).isFalse();
    }

    @Test
    void aCookieSurvivesOneRotationButNotTwo() {
        CookieGenerator cookies = generator();
        byte[] cookie = cookies.issue(MATERIAL, PEER, 29 * SECOND);
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 31 * SECOND)).isTrue();
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 59 * SECOND)).isTrue();
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 60 * SECOND)).isFalse();
    }

    @Test
    void issuingInTheNewEpochDoesNotInvalidateCookiesOfThePreviousOne() {
        CookieGenerator cookies = generator();
        byte[] early = cookies.issue(MATERIAL, PEER, 10 * SECOND);
        byte[] late = cookies.issue(MATERIAL, PEER, 40 * SECOND);
        assertThat(cookies.verify(early, MATERIAL, PEER, 45 * SECOND)).isTrue();
        assertThat(cookies.verify(late, MATERIAL, PEER, 45 * SECOND)).isTrue();
    }

    @Test
    void worksWithNegativeNanoTimeClocks() {
        CookieGenerator cookies = generator();
        long start = -9_000_000_000_000_000_000L + 123;
        byte[] cookie = cookies.issue(MATERIAL, PEER, start);
        assertThat(cookies.verify(cookie, MATERIAL, PEER, start + 15 * SECOND)).isTrue();
        byte[] nearZero = cookies.issue(MATERIAL, PEER, -SECOND / 2);
        assertThat(cookies.verify(nearZero, MATERIAL, PEER, SECOND / 2)).isTrue();
        assertThat(cookies.verify(nearZero, MATERIAL, PEER, 61 * SECOND)).isFalse();
    }

    @Test
    void cookiesFromTheFutureFail() {
        CookieGenerator cookies = generator();
        byte[] cookie = cookies.issue(MATERIAL, PEER, 10 * SECOND);
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 9 * SECOND)).isTrue();
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 8 * SECOND)).isFalse();
    }

    @Test
    void flippingAnyBitOfACookieMakesItInvalid() {
        CookieGenerator cookies = generator();
        byte[] cookie = cookies.issue(MATERIAL, PEER, 100 * SECOND);
        for (int i = 0; i < cookie.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] forged = cookie.clone();
                forged[i] ^= (byte) (1 << bit);
                assertThat(cookies.verify(forged, MATERIAL, PEER, 101 * SECOND)).as("byte %d bit %d", i, bit).isFalse();
            }
        }
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 101 * SECOND)).isTrue();
    }

    @Test
    void anotherGeneratorsCookiesAndMalformedInputFailWithoutThrowing() {
        CookieGenerator cookies = generator();
        CookieGenerator other = new CookieGenerator(new SecureRandom());
        byte[] cookie = other.issue(MATERIAL, PEER, 0);
        assertThat(cookies.verify(cookie, MATERIAL, PEER, 0)).isFalse();
        byte[] forgedTime = new byte[CookieGenerator.COOKIE_LENGTH]; // claims second 0, MAC all zero
        assertThat(cookies.verify(forgedTime, MATERIAL, PEER, 0)).isFalse();
        assertThat(cookies.verify(new byte[23], MATERIAL, PEER, 0)).isFalse();
        assertThat(cookies.verify(new byte[25], MATERIAL, PEER, 0)).isFalse();
        assertThat(cookies.verify(null, MATERIAL, PEER, 0)).isFalse();
        assertThat(cookies.verify(cookie, null, PEER, 0)).isFalse();
        assertThat(cookies.verify(cookie, MATERIAL, null, 0)).isFalse();
        byte[] extremeTime = cookie.clone();
        extremeTime[0] = (byte) 0x80; // Long.MIN_VALUE-ish seconds
        assertThat(cookies.verify(extremeTime, MATERIAL, PEER, Long.MAX_VALUE)).isFalse();
        assertThat(cookies.verify(extremeTime, MATERIAL, PEER, Long.MIN_VALUE)).isFalse();
    }

    @Test
    void unresolvedAddressesAreBoundByName() {
        CookieGenerator cookies = generator();
        InetSocketAddress host = InetSocketAddress.createUnresolved("peer.example", 4433);
        byte[] cookie = cookies.issue(MATERIAL, host, 0);
        assertThat(cookies.verify(cookie, MATERIAL, host, 0)).isTrue();
        assertThat(cookies.verify(cookie, MATERIAL, InetSocketAddress.createUnresolved("other.example", 4433), 0))
                .isFalse();
    }
}
