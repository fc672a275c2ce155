package io.jsst.sctp.impl;

import io.jsst.sctp.SctpSocketOption;
import io.jsst.sctp.SctpStandardSocketOptions;

/**
 * The class of the options in {@link SctpStandardSocketOptions}: a name and a value type. Its string form is
 * its name.
 *
 * @param <T> the type of the option's value
 */
public final class SctpStandardSocketOption<T> implements SctpSocketOption<T> {
    private final String name;
    private final Class<T> type;

    /**
     * Creates an option. Only {@link SctpStandardSocketOptions} creates options; each exists once.
     *
     * @param name the option's name
     * @param type the class of the option's value
     */
    public SctpStandardSocketOption(String name, Class<T> type) {
        this.name = name;
        this.type = type;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return name;
    }
}
