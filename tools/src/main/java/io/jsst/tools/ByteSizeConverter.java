package io.jsst.tools;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a byte count such as {@code 65536}, {@code 64k}, {@code 64m} or {@code 1g} (binary units:
 * k = KiB, m = MiB, g = GiB).
 */
public final class ByteSizeConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    /** @throws TypeConversionException if {@code value} is not a positive byte count */
    public static long parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.endsWith("ib")) {
            v = v.substring(0, v.length() - 2);
        } else if (v.endsWith("b")) {
            v = v.substring(0, v.length() - 1);
        }
        long unit = 1;
        if (!v.isEmpty()) {
            switch (v.charAt(v.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
        }
        if (unit != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Math.multiplyExact(Long.parseLong(v), unit);
            if (n <= 0) {
                throw new TypeConversionException("byte count must be positive: " + value);
            }
            return n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("not a byte count: '" + value + "' (e.g. 65536, 64k, 64m, 1g)");
        }
    }
}
