package io.jsst.engine.channel.cc;

import java.util.Locale;

/**
 * The congestion control algorithms a channel can use, by name, e.g. from a configuration. Each constant
 * creates a fresh {@link CongestionController} per channel.
 */
public enum CongestionControl {
    /** RFC 9002 §7, NewReno. */
    NEWRENO("newreno") {
        @Override
        public CongestionController create(int maxDatagramSize) {
            return new NewReno(maxDatagramSize);
        }
    },
    /** RFC 9438, CUBIC, with HyStart++ (RFC 9406) in slow start. */
    CUBIC("cubic") {
        @Override
        public CongestionController create(int maxDatagramSize) {
            return new Cubic(maxDatagramSize);
        }
    };

    private final String algorithmName;

    CongestionControl(String algorithmName) {
        this.algorithmName = algorithmName;
    }

    /** @return a new controller for one channel whose datagrams are at most {@code maxDatagramSize} bytes */
    public abstract CongestionController create(int maxDatagramSize);

    /** @return the lower-case name, as returned by {@link CongestionController#name()} */
    public String algorithmName() {
        return algorithmName;
    }

    /**
     * Parses an algorithm name, ignoring case and surrounding blanks ({@code "cubic"}, {@code "NewReno"}).
     *
     * @throws IllegalArgumentException if the name is null or names no algorithm
     */
    public static CongestionControl parse(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (CongestionControl cc : values()) {
                if (cc.algorithmName.equals(n)) {
                    return cc;
                }
            }
        }
        throw new IllegalArgumentException("unknown congestion control: " + name + " (expected newreno or cubic)");
    }
}
