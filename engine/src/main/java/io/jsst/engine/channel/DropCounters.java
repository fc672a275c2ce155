package io.jsst.engine.channel;

import java.util.EnumMap;
import java.util.Map;

/** Counts dropped datagrams by {@link DropReason}; the single place a drop is recorded. */
public final class DropCounters {
    private final long[] counts = new long[DropReason.values().length];

    public void discard(DropReason reason) {
        counts[reason.ordinal()]++;
    }

    public long count(DropReason reason) {
        return counts[reason.ordinal()];
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Adds these counts into {@code into}. */
    public void addTo(Map<DropReason, Long> into) {
        for (DropReason r : DropReason.values()) {
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
