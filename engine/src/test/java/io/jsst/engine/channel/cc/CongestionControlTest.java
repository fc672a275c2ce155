package io.jsst.engine.channel.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CongestionControlTest {

    @Test
    void namesParseIgnoringCaseAndCreateTheMatchingController() {
        assertThat(CongestionControl.parse("newreno")).isEqualTo(CongestionControl.NEWRENO);
        assertThat(CongestionControl.parse(" CUBIC ")).isEqualTo(CongestionControl.CUBIC);
        assertThat(CongestionControl.NEWRENO.create(1200)).isInstanceOf(NewReno.class);
        assertThat(CongestionControl.CUBIC.create(1200)).isInstanceOf(Cubic.class);
        for (CongestionControl cc : CongestionControl.values()) {
            assertThat(cc.create(1200).name()).isEqualTo(cc.algorithmName());
            assertThat(CongestionControl.parse(cc.algorithmName())).isEqualTo(cc);
        }
    }

    @Test
    void unknownNameIsRejected() {
        assertThatThrownBy(() -> CongestionControl.parse("bbr")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CongestionControl.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
