package io.jsst.engine.channel;

import java.util.EnumMap;
import java.util.Map;

/** Counts dropped datagrams by {@link DropReason}; the single place a drop is recorded. */
public final class DropCounters {
    private static final DropReason[] REASONS = DropReason.values();

    /** Null until the first drop: most channels never drop anything, and each has counters. */
    private long[] counts;

    public void discard(DropReason reason) {
        if (counts == null) {
            counts = new long[REASONS.length];
        }
        counts[reason.ordinal()]++;
    }

    public long count(DropReason reason) {
        return counts == null ? 0 : counts[reason.ordinal()];
    }

    public long total() {
        if (counts == null) {
            return 0;
        }
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Adds these counts into {@code into}. */
    public void addTo(Map<DropReason, Long> into) {
        if (counts == null) {
            return;
        }
        for (DropReason r : REASONS) {
            if (counts[r.ordinal()] > 0) {
                into.merge(r, counts[r.ordinal()], Long::sum);
            }
        }
    }

    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        addTo(m);
        return m;
    }
}
