package io.jsst.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizeConverterTest {

    @Test
    void plainNumbersAreBytes() {
        assertThat(ByteSizeConverter.parse("65536")).isEqualTo(65536);
    }

    @Test
    void suffixesAreBinaryUnits() {
        assertThat(ByteSizeConverter.parse("64k")).isEqualTo(64L << 10);
        assertThat(ByteSizeConverter.parse("64M")).isEqualTo(64L << 20);
        assertThat(ByteSizeConverter.parse("1g")).isEqualTo(1L << 30);
        assertThat(ByteSizeConverter.parse("2GiB")).isEqualTo(2L << 30);
    }

    @Test
    void zeroNegativeAndGarbageAreRejected() {
        assertThatThrownBy(() -> ByteSizeConverter.parse("0")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> ByteSizeConverter.parse("-5m")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> ByteSizeConverter.parse("lots")).isInstanceOf(TypeConversionException.class);
    }
}
