package io.jsst.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

    @Test
    void nothingIsAReplayBeforeAnyPacket() {
        ReplayWindow window = new ReplayWindow(128);
        assertThat(window.largest()).isEqualTo(-1);
        assertThat(window.isReplay(0)).isFalse();
        assertThat(window.isReplay(1_000_000)).isFalse();
        assertThat(window.isReplay(-1)).isTrue();
    }

    @Test
    void aDuplicateIsAReplayButIsReplayRecordsNothing() {
        ReplayWindow window = new ReplayWindow(128);
        assertThat(window.isReplay(5)).isFalse();
        assertThat(window.isReplay(5)).isFalse();
        window.markReceived(5);
        assertThat(window.isReplay(5)).isTrue();
        assertThat(window.largest()).isEqualTo(5);
    }

    @Test
    void outOfOrderPacketsWithinTheWindowAreAcceptedOnce() {
        ReplayWindow window = new ReplayWindow(64);
        window.markReceived(100);
        for (long pn = 99; pn > 100 - 64; pn--) {
            assertThat(window.isReplay(pn)).as("pn %d", pn).isFalse();
            window.markReceived(pn);
            assertThat(window.isReplay(pn)).as("pn %d", pn).isTrue();
        }
        assertThat(window.largest()).isEqualTo(100);
    }

    @Test
    void packetsWidthOrMoreBelowTheLargestAreTooOld() {
        ReplayWindow window = new ReplayWindow(64);
        window.markReceived(100);
        assertThat(window.isReplay(37)).isFalse();
        assertThat(window.isReplay(36)).isTrue();
        assertThat(window.isReplay(0)).isTrue();
        window.markReceived(36);
        assertThat(window.largest()).isEqualTo(100);
        assertThat(window.isReplay(37)).isFalse();
    }

    @Test
    void aLargeJumpForgetsEverythingBelowTheNewWindow() {
        ReplayWindow window = new ReplayWindow(128);
        for (long pn = 0; pn < 128; pn++) {
            window.markReceived(pn);
        }
        window.markReceived(10_000);
        assertThat(window.largest()).isEqualTo(10_000);
        assertThat(window.isReplay(10_000)).isTrue();
        assertThat(window.isReplay(127)).isTrue();
        for (long pn = 10_000 - 127; pn < 10_000; pn++) {
            assertThat(window.isReplay(pn)).as("pn %d", pn).isFalse();
        }
    }

    @Test
    void aJumpSmallerThanTheWindowKeepsWhatIsStillInside() {
        ReplayWindow window = new ReplayWindow(128);
        window.markReceived(10);
        window.markReceived(12);
        window.markReceived(100);
        assertThat(window.isReplay(10)).isTrue();
        assertThat(window.isReplay(11)).isFalse();
        assertThat(window.isReplay(12)).isTrue();
        window.markReceived(137); // 10 falls out (137 - 128 = 9 is the newest too-old number)
        assertThat(window.isReplay(9)).isTrue();
        assertThat(window.isReplay(10)).isTrue();
        assertThat(window.isReplay(11)).isFalse();
        assertThat(window.isReplay(12)).isTrue();
        window.markReceived(139);
        assertThat(window.isReplay(11)).isTrue();
        // 138 mod 128 == 10: its bit was cleared by the slide, not left over from packet 10.
        assertThat(window.isReplay(138)).isFalse();
        assertThat(window.isReplay(140)).isFalse();
    }

    @Test
    void agreesWithAPlainSetUnderRandomTraffic() {
        ReplayWindow window = new ReplayWindow(256);
        BitSet seen = new BitSet();
        Random random = new Random(42);
        long largest = -1;
        for (int i = 0; i < 20_000; i++) {
            long pn = Math.max(0, largest + random.nextInt(400) - 300);
            boolean expected = seen.get((int) pn) || (largest >= 0 && largest - pn >= 256);
            assertThat(window.isReplay(pn)).as("step %d pn %d", i, pn).isEqualTo(expected);
            if (!expected) {
                window.markReceived(pn);
                seen.set((int) pn);
                largest = Math.max(largest, pn);
            }
        }
        assertThat(window.largest()).isEqualTo(largest);
    }

    @Test
    void aWindowThatSawFewPacketsKeepsASmallBitmap() {
        ReplayWindow window = new ReplayWindow(4096);
        for (long pn = 0; pn < 20; pn++) {
            window.markReceived(pn);
        }
        assertThat(window.capacity()).isEqualTo(ReplayWindow.INITIAL_BITS);
        window.markReceived(5000);
        assertThat(window.capacity()).isEqualTo(4096);
    }

    @Test
    void growingKeepsWhatTheSmallerBitmapKnew() {
        ReplayWindow window = new ReplayWindow(4096);
        window.markReceived(3);
        window.markReceived(100);
        window.markReceived(127);
        window.markReceived(1000); // grows from 128 to 1024 bits
        assertThat(window.capacity()).isEqualTo(1024);
        assertThat(window.isReplay(3)).isTrue();
        assertThat(window.isReplay(100)).isTrue();
        assertThat(window.isReplay(127)).isTrue();
        assertThat(window.isReplay(1000)).isTrue();
        assertThat(window.isReplay(4)).isFalse();
        assertThat(window.isReplay(128)).isFalse();
        assertThat(window.isReplay(999)).isFalse();
    }

    @Test
    void aGrowingWindowAgreesWithAPlainSetUnderRandomTraffic() {
        int width = 4096;
        ReplayWindow window = new ReplayWindow(width);
        BitSet seen = new BitSet();
        Random random = new Random(7);
        long largest = -1;
        for (int i = 0; i < 40_000; i++) {
            // Mostly in order, some reordering, now and then a jump.
            int step = random.nextInt(100) == 0 ? random.nextInt(3000) : random.nextInt(12) - 8;
            long pn = Math.max(0, largest + step);
            boolean expected = seen.get((int) pn) || (largest >= 0 && largest - pn >= width);
            assertThat(window.isReplay(pn)).as("step %d pn %d", i, pn).isEqualTo(expected);
            if (!expected) {
                window.markReceived(pn);
                seen.set((int) pn);
                largest = Math.max(largest, pn);
            }
        }
        assertThat(window.capacity()).isEqualTo(width);
    }

    @Test
    void hugePacketNumbersWork() {
        ReplayWindow window = new ReplayWindow(8192);
        long top = (1L << 62) - 1;
        window.markReceived(top - 5);
        window.markReceived(top);
        assertThat(window.isReplay(top)).isTrue();
        assertThat(window.isReplay(top - 5)).isTrue();
        assertThat(window.isReplay(top - 4)).isFalse();
        assertThat(window.isReplay(top - 8192)).isTrue();
    }

    @Test
    void widthMustBeAPositiveMultipleOf64() {
        assertThat(new ReplayWindow(8192).width()).isEqualTo(8192);
        assertThatThrownBy(() -> new ReplayWindow(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayWindow(100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplayWindow(-64)).isInstanceOf(IllegalArgumentException.class);
    }
}
