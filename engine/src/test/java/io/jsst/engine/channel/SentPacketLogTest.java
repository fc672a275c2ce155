package io.jsst.engine.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentPacketLogTest {

    @Test
    void releasingSpareAfterABusySpellKeepsTheUnresolvedPacketsInOrder() {
        SentPacketLog log = new SentPacketLog();
        for (long pn = 0; pn < 500; pn++) {
            log.add(pn).size = (int) pn;
        }
        for (long pn = 0; pn < 490; pn++) {
            log.get(pn).acked = true;
        }
        log.trim();
        assertThat(log.hasSpare()).isTrue();

        log.releaseSpare();

        assertThat(log.hasSpare()).isFalse();
        assertThat(log.firstPacketNumber()).isEqualTo(490);
        for (long pn = 490; pn < 500; pn++) {
            assertThat(log.get(pn).size).isEqualTo((int) pn);
        }
        assertThat(log.get(489)).isNull();
        for (long pn = 500; pn < 600; pn++) {
            SentPacket p = log.add(pn);
            assertThat(p.streamFrames).isZero();
            p.size = (int) pn;
        }
        for (long pn = 490; pn < 600; pn++) {
            assertThat(log.get(pn).size).isEqualTo((int) pn);
        }
        assertThat(log.endPacketNumber()).isEqualTo(600);
    }

    @Test
    void aReusedRecordStartsClearedWhateverItCarriedBefore() {
        SentPacketLog log = new SentPacketLog();
        SentPacket first = log.add(0);
        for (int i = 0; i < 9; i++) {
            first.addStream(i, 100L * i, 10, i == 8, i == 0);
        }
        first.addReply(3);
        first.addReset(4);
        first.addMaxStreamData(5);
        first.acked = true;
        log.trim();

        SentPacket second = log.add(1);

        assertThat(second.streamFrames).isZero();
        assertThat(second.replyFrames).isZero();
        assertThat(second.resetFrames).isZero();
        assertThat(second.maxStreamDataFrames).isZero();
        assertThat(second.acked).isFalse();
        second.addStream(7, 0, 1, false, false);
        assertThat(second.streamIds[0]).isEqualTo(7);
    }

    @Test
    void anEmptyLogAfterARelease() {
        SentPacketLog log = new SentPacketLog();
        log.add(0).acked = true;
        log.trim();
        assertThat(log.isEmpty()).isTrue();
        assertThat(log.hasSpare()).isTrue(); // the pooled record
        log.releaseSpare();
        assertThat(log.hasSpare()).isFalse();
        assertThat(log.add(1).packetNumber).isEqualTo(1);
    }
}
