package io.jsst.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkProfileTest {

    @Test
    void perfectHasNoStagesAndTheLargestMtu() {
        assertThat(LinkProfile.PERFECT.newStages()).isEmpty();
        assertThat(LinkProfile.PERFECT.mtu()).isEqualTo(65_535);
        assertThat(LinkProfile.PERFECT.delay()).isZero();
    }

    @Test
    void stagesFollowThePipelineOrder() {
        LinkProfile p = LinkProfile.builder()
                .reorder(0.1, Duration.ofMillis(1)).jitter(Duration.ofMillis(1)).delay(Duration.ofMillis(1))
                .duplicate(0.1).corrupt(0.1).burstLoss(0.1, 0.1, 0.5).loss(0.1).bandwidth(1_000_000, 10_000)
                .build();

        assertThat(p.newStages()).extracting(s -> s.getClass().getSimpleName()).containsExactly(
                "MtuLimit", "Bottleneck", "RandomLoss", "BurstLoss", "Corruption", "Duplication", "Delay", "Reorder");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        LinkProfile wan = LinkProfile.lossyWan(40, 0.01);

        assertThat(wan.toBuilder().build().toString()).isEqualTo(wan.toString());
        assertThat(wan.delay()).isEqualTo(Duration.ofMillis(40));
        assertThat(wan.jitter()).isEqualTo(Duration.ofMillis(4));
        assertThat(wan.loss()).isEqualTo(0.01);
        assertThat(wan.bitsPerSecond()).isEqualTo(100_000_000L);
    }

    @Test
    void lanIsFastAndNear() {
        assertThat(LinkProfile.lan().delay()).isEqualTo(Duration.ofNanos(100_000));
        assertThat(LinkProfile.lan().bitsPerSecond()).isEqualTo(1_000_000_000L);
        assertThat(LinkProfile.lan().mtu()).isEqualTo(1500);
    }

    @Test
    void invalidValuesAreRejected() {
        assertThatThrownBy(() -> LinkProfile.builder().loss(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkProfile.builder().loss(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkProfile.builder().delay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkProfile.builder().mtu(28)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkProfile.builder().bandwidth(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
