package io.jsst.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The heap's live objects by class, as {@code jcmd PID GC.class_histogram} prints them (it runs a
 * full collection first), taken in this JVM through the {@code DiagnosticCommand} MBean; and the
 * difference of two such snapshots, to say which classes a step's objects are.
 */
final class ClassHistogram {

    /** Instances and bytes of one class. */
    record Entry(String className, long instances, long bytes) {
    }

    private final Map<String, Entry> byClass;

    private ClassHistogram(Map<String, Entry> byClass) {
        this.byClass = byClass;
    }

    /**
     * Takes a histogram of the live heap (a full GC).
     *
     * @throws IllegalStateException if this JVM has no diagnostic command MBean (not HotSpot)
     */
    static ClassHistogram take() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("no class histogram in this JVM: " + e, e);
        }
        Map<String, Entry> byClass = new HashMap<>();
        for (String line : text.split("\n")) {
            // "   1:         12345        678901  java.lang.String (java.base@17)"
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":")) {
                continue;
            }
            try {
                byClass.put(f[3], new Entry(f[3], Long.parseLong(f[1]), Long.parseLong(f[2])));
            } catch (NumberFormatException e) {
                // a header or the total line
            }
        }
        return new ClassHistogram(byClass);
    }

    /** The classes that grew from {@code before} to this one, most bytes first, at most {@code limit}. */
    List<Entry> growthSince(ClassHistogram before, int limit) {
        List<Entry> grown = new ArrayList<>();
        for (Entry e : byClass.values()) {
            Entry b = before.byClass.get(e.className());
            long instances = e.instances() - (b == null ? 0 : b.instances());
            long bytes = e.bytes() - (b == null ? 0 : b.bytes());
            if (bytes > 0) {
                grown.add(new Entry(e.className(), instances, bytes));
            }
        }
        grown.sort(Comparator.comparingLong(Entry::bytes).reversed());
        return grown.subList(0, Math.min(limit, grown.size()));
    }

    /**
     * The growth since {@code before} as a markdown table per {@code per} units (e.g. per
     * association): class, instances and bytes each.
     */
    String growthTable(ClassHistogram before, int limit, int per) {
        StringBuilder out = new StringBuilder("| class | instances each | bytes each |\n| --- | ---: | ---: |\n");
        long total = 0;
        for (Entry e : growthSince(before, Integer.MAX_VALUE)) {
            total += e.bytes();
        }
        for (Entry e : growthSince(before, limit)) {
            out.append(String.format(Locale.ROOT, "| %s | %.2f | %,.0f |%n", e.className(),
                    e.instances() / (double) per, e.bytes() / (double) per));
        }
        out.append(String.format(Locale.ROOT, "| all classes that grew | | %,.0f |%n", total / (double) per));
        return out.toString();
    }
}
