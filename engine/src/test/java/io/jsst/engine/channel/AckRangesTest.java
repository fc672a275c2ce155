package io.jsst.engine.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AckRangesTest {

    private static List<String> ranges(AckRanges r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.rangeCount(); i++) {
            out.add(r.rangeStart(i) + ".." + r.rangeEnd(i));
        }
        return out;
    }

    @Test
    void releasingSpareCapacityAfterManyGapsKeepsEveryRangeAndAddingStillWorks() {
        AckRanges r = new AckRanges(1024);
        for (long pn = 0; pn < 200; pn += 2) {
            r.add(pn);
        }
        for (long pn = 0; pn < 190; pn += 2) {
            r.add(pn + 1); // closes all gaps below 191
        }
        List<String> before = ranges(r);
        assertThat(r.rangeCount()).isEqualTo(5);
        assertThat(r.hasSpare()).isTrue();

        r.releaseSpare();

        assertThat(r.hasSpare()).isFalse();
        assertThat(ranges(r)).isEqualTo(before);
        r.add(300);
        r.add(197);
        assertThat(ranges(r)).containsExactly("300..300", "196..198", "194..194", "192..192", "0..190");
    }

    @Test
    void emptySetHasNoLargestAndNoRanges() {
        AckRanges r = new AckRanges(8);
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.largest()).isEqualTo(-1);
        assertThat(r.rangeCount()).isZero();
        assertThat(r.contains(0)).isFalse();
    }

    @Test
    void inOrderPacketsFormOneRange() {
        AckRanges r = new AckRanges(8);
        for (long pn = 0; pn < 10; pn++) {
            assertThat(r.add(pn)).isTrue();
        }
        assertThat(ranges(r)).containsExactly("0..9");
        assertThat(r.largest()).isEqualTo(9);
        assertThat(r.isEmpty()).isFalse();
    }

    @Test
    void gapsMakeSeparateRangesListedInDescendingOrder() {
        AckRanges r = new AckRanges(8);
        for (long pn : new long[] {0, 1, 2, 3, 6, 7, 8, 10, 11}) {
            r.add(pn);
        }
        assertThat(ranges(r)).containsExactly("10..11", "6..8", "0..3");
        assertThat(r.largest()).isEqualTo(11);
        assertThat(r.contains(5)).isFalse();
        assertThat(r.contains(7)).isTrue();
        assertThat(r.contains(12)).isFalse();
    }

    @Test
    void fillingAGapMergesAdjacentRanges() {
        AckRanges r = new AckRanges(8);
        r.add(1);
        r.add(3);
        r.add(5);
        assertThat(r.rangeCount()).isEqualTo(3);
        r.add(4);
        assertThat(ranges(r)).containsExactly("3..5", "1..1");
        r.add(2);
        assertThat(ranges(r)).containsExactly("1..5");
        r.add(0);
        assertThat(ranges(r)).containsExactly("0..5");
    }

    @Test
    void outOfOrderPacketExtendsTheRangeBelowOrAbove() {
        AckRanges r = new AckRanges(8);
        r.add(10);
        r.add(20);
        r.add(9);
        r.add(21);
        r.add(19);
        r.add(11);
        assertThat(ranges(r)).containsExactly("19..21", "9..11");
        r.add(15);
        assertThat(ranges(r)).containsExactly("19..21", "15..15", "9..11");
    }

    @Test
    void duplicateIsReportedAndChangesNothing() {
        AckRanges r = new AckRanges(8);
        r.add(5);
        r.add(6);
        r.add(9);
        assertThat(r.add(5)).isFalse();
        assertThat(r.add(6)).isFalse();
        assertThat(r.add(9)).isFalse();
        assertThat(ranges(r)).containsExactly("9..9", "5..6");
    }

    @Test
    void exceedingMaxRangesDropsTheLowestRange() {
        AckRanges r = new AckRanges(3);
        for (long pn = 0; pn < 10; pn += 2) {
            r.add(pn);
        }
        assertThat(ranges(r)).containsExactly("8..8", "6..6", "4..4");
        assertThat(r.contains(0)).isFalse();
        // A packet below every kept range is new but not kept while the set is full.
        assertThat(r.add(1)).isTrue();
        assertThat(ranges(r)).containsExactly("8..8", "6..6", "4..4");
        // Merging frees a slot.
        r.add(5);
        r.add(1);
        assertThat(ranges(r)).containsExactly("8..8", "4..6", "1..1");
    }

    @Test
    void removeBelowForgetsOlderPacketsAndTrimsTheStraddlingRange() {
        AckRanges r = new AckRanges(8);
        for (long pn : new long[] {0, 1, 2, 5, 6, 7, 8, 12}) {
            r.add(pn);
        }
        r.removeBelow(6);
        assertThat(ranges(r)).containsExactly("12..12", "6..8");
        assertThat(r.contains(5)).isFalse();
        r.removeBelow(6);
        assertThat(ranges(r)).containsExactly("12..12", "6..8");
        r.removeBelow(100);
        assertThat(r.isEmpty()).isTrue();
        assertThat(r.largest()).isEqualTo(-1);
        r.add(200);
        assertThat(ranges(r)).containsExactly("200..200");
    }

    @Test
    void removeBelowAtARangeBoundaryKeepsTheRangeWhole() {
        AckRanges r = new AckRanges(8);
        for (long pn : new long[] {3, 4, 8, 9}) {
            r.add(pn);
        }
        r.removeBelow(8);
        assertThat(ranges(r)).containsExactly("8..9");
        r.removeBelow(5);
        assertThat(ranges(r)).containsExactly("8..9");
    }

    @Test
    void negativePacketNumbersAreIgnored() {
        AckRanges r = new AckRanges(4);
        assertThat(r.add(-1)).isFalse();
        assertThat(r.isEmpty()).isTrue();
    }

    @Test
    void rangeIndexOutsideTheSetThrows() {
        AckRanges r = new AckRanges(4);
        r.add(1);
        assertThatThrownBy(() -> r.rangeStart(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> r.rangeEnd(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void randomArrivalsMatchASortedSetModel() {
        Random random = new Random(42);
        AckRanges r = new AckRanges(1000);
        TreeSet<Long> model = new TreeSet<>();
        for (int i = 0; i < 5000; i++) {
            long pn = random.nextInt(3000);
            assertThat(r.add(pn)).isEqualTo(model.add(pn));
        }
        for (long pn = 0; pn < 3000; pn++) {
            assertThat(r.contains(pn)).isEqualTo(model.contains(pn));
        }
        // Ranges are disjoint, non-adjacent, descending, and cover exactly the model.
        long covered = 0;
        for (int i = 0; i < r.rangeCount(); i++) {
            assertThat(r.rangeStart(i)).isLessThanOrEqualTo(r.rangeEnd(i));
            if (i > 0) {
                assertThat(r.rangeEnd(i)).isLessThan(r.rangeStart(i - 1) - 1);
            }
            covered += r.rangeEnd(i) - r.rangeStart(i) + 1;
        }
        assertThat(covered).isEqualTo(model.size());
        assertThat(r.largest()).isEqualTo(model.last());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // a guard against quadratic work, not a speed target
    void aMillionInOrderAddsMakeOneRange() {
        AckRanges r = new AckRanges(32);
        for (long pn = 0; pn < 1_000_000; pn++) {
            assertThat(r.add(pn)).isTrue();
        }
        assertThat(ranges(r)).containsExactly("0..999999");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS) // a guard against quadratic work, not a speed target
    void aMillionAddsWithAGapEveryTenthPacketStayWithinMaxRanges() {
        AckRanges r = new AckRanges(64);
        for (long pn = 0; pn < 1_000_000; pn++) {
            if (pn % 10 != 5) {
                r.add(pn);
            }
        }
        assertThat(r.rangeCount()).isEqualTo(64);
        assertThat(r.largest()).isEqualTo(999_999);
        assertThat(r.rangeStart(0)).isEqualTo(999_996);
    }
}
