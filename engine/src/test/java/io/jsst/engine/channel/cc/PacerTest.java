package io.jsst.engine.channel.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long MS = 1_000_000L;
    private static final int MDS = 1200;
    private static final long CWND = 125_000;
    private static final long SRTT = 10 * MS;

    @Test
    void rateIsFiveQuartersOfTheWindowPerRttAndTwiceItInSlowStart() {
        assertThat(Pacer.rateBytesPerSecond(CWND, SRTT, false)).isCloseTo(15_625_000.0, within(1e-3));
        assertThat(Pacer.rateBytesPerSecond(CWND, SRTT, true)).isCloseTo(25_000_000.0, within(1e-3));
        assertThat(Pacer.rateBytesPerSecond(CWND, 0, false)).isZero();
    }

    @Test
    void burstCoversTwoMillisecondsAtTheRateButAtLeastTenDatagrams() {
        Pacer pacer = new Pacer(MDS);
        // 15.625 MB/s * 2 ms = 31250 bytes
        assertThat(pacer.burstBytes(CWND, SRTT, false)).isEqualTo(31_250);
        // 12000 bytes per 100 ms is 150 kB/s: 2 ms holds 300 bytes, so 10 datagrams
        assertThat(pacer.burstBytes(12_000, 100 * MS, false)).isEqualTo(12_000);
        pacer.onMaxDatagramSizeChanged(1400);
        assertThat(pacer.burstBytes(12_000, 100 * MS, false)).isEqualTo(14_000);
    }

    @Test
    void aFullBucketLetsTheBurstGoAtOnceThenWaitsForTokens() {
        Pacer pacer = new Pacer(MDS);
        long now = 5 * MS;
        int sent = 0;
        while (sent < 100 && pacer.nextSendTimeNanos(MDS, CWND, SRTT, false, now) == now) {
            pacer.onPacketSent(MDS, CWND, SRTT, false, now);
            sent++;
        }
        assertThat(sent).isEqualTo(26); // 31250 / 1200
        // 50 bytes left; 1150 more at 0.015625 bytes/ns = 73600 ns
        long next = pacer.nextSendTimeNanos(MDS, CWND, SRTT, false, now);
        assertThat(next).isEqualTo(now + 73_600);
    }

    @Test
    void tokensRefillWithElapsedTime() {
        Pacer pacer = new Pacer(MDS);
        long now = 0;
        for (int i = 0; i < 26; i++) {
            pacer.onPacketSent(MDS, CWND, SRTT, false, now);
        }
        long next = pacer.nextSendTimeNanos(MDS, CWND, SRTT, false, now);
        assertThat(next).isGreaterThan(now);
        assertThat(pacer.nextSendTimeNanos(MDS, CWND, SRTT, false, next)).isEqualTo(next);
        assertThat(pacer.nextSendTimeNanos(MDS, CWND, SRTT, false, next - 1)).isEqualTo(next);
    }

    @Test
    void sustainedSendingRunsAtThePacingRate() {
        Pacer pacer = new Pacer(MDS);
        long now = 0;
        for (int i = 0; i < 10_000; i++) {
            now = pacer.nextSendTimeNanos(MDS, CWND, SRTT, false, now);
            pacer.onPacketSent(MDS, CWND, SRTT, false, now);
        }
        // The first burst is free; the rest goes at 15.625 bytes/us.
        double expected = (10_000.0 * MDS - 31_250) / 0.015625;
        assertThat((double) now).isCloseTo(expected, within(expected * 0.001));
    }

    @Test
    void idleTimeRefillsTheBucketOnlyUpToTheBurst() {
        Pacer pacer = new Pacer(MDS);
        for (int i = 0; i < 26; i++) {
            pacer.onPacketSent(MDS, CWND, SRTT, false, 0);
        }
        long now = 10_000 * MS;
        int sent = 0;
        while (sent < 100 && pacer.nextSendTimeNanos(MDS, CWND, SRTT, false, now) == now) {
            pacer.onPacketSent(MDS, CWND, SRTT, false, now);
            sent++;
        }
        assertThat(sent).isEqualTo(26);
    }

    @Test
    void returnedTimeIsNeverBeforeNowEvenWhenTimeGoesBackwards() {
        Pacer pacer = new Pacer(MDS);
        long now = 100 * MS;
        for (int i = 0; i < 40; i++) {
            pacer.onPacketSent(MDS, CWND, SRTT, false, now);
        }
        long earlier = now - 50 * MS;
        assertThat(pacer.nextSendTimeNanos(MDS, CWND, SRTT, false, earlier)).isGreaterThan(earlier);
        pacer.onPacketSent(MDS, CWND, SRTT, false, earlier);
        long t = pacer.nextSendTimeNanos(MDS, CWND, SRTT, false, now);
        assertThat(t).isGreaterThanOrEqualTo(now);
        // Negative clock values (System.nanoTime may be negative) work too.
        Pacer negative = new Pacer(MDS);
        long n = -5_000 * MS;
        for (int i = 0; i < 30; i++) {
            n = negative.nextSendTimeNanos(MDS, CWND, SRTT, false, n);
            negative.onPacketSent(MDS, CWND, SRTT, false, n);
        }
        assertThat(n).isGreaterThan(-5_000 * MS).isLessThan(0);
    }

    @Test
    void withoutAnRttOrWindowThereIsNoPacing() {
        Pacer pacer = new Pacer(MDS);
        for (int i = 0; i < 100; i++) {
            pacer.onPacketSent(MDS, CWND, 0, false, 7);
            assertThat(pacer.nextSendTimeNanos(MDS, CWND, 0, false, 7)).isEqualTo(7);
            assertThat(pacer.nextSendTimeNanos(MDS, 0, SRTT, false, 7)).isEqualTo(7);
        }
    }

    @Test
    void slowStartPacesFaster() {
        Pacer ca = new Pacer(MDS);
        Pacer ss = new Pacer(MDS);
        long tCa = 0;
        long tSs = 0;
        for (int i = 0; i < 1000; i++) {
            tCa = ca.nextSendTimeNanos(MDS, CWND, SRTT, false, tCa);
            ca.onPacketSent(MDS, CWND, SRTT, false, tCa);
            tSs = ss.nextSendTimeNanos(MDS, CWND, SRTT, true, tSs);
            ss.onPacketSent(MDS, CWND, SRTT, true, tSs);
        }
        assertThat((double) tSs / tCa).isCloseTo(1.25 / 2.0, within(0.02));
    }
}
