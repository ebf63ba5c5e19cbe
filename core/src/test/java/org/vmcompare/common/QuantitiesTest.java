package org.vmcompare.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class QuantitiesTest {
  @Test
  void bytes_binaryUnits_andPlainBytes() {
    assertThat(Quantities.parseBytes("4KiB")).isEqualTo(4096);
    assertThat(Quantities.parseBytes("16 MiB")).isEqualTo(16L << 20);
    assertThat(Quantities.parseBytes("2GB")).isEqualTo(2L << 30);
    assertThat(Quantities.parseBytes("512")).isEqualTo(512);
  }

  @Test
  void counts_decimalSuffixes() {
    assertThat(Quantities.parseCount("10k")).isEqualTo(10_000);
    assertThat(Quantities.parseCount("5M")).isEqualTo(5_000_000);
    assertThat(Quantities.parseCount("1_000")).isEqualTo(1000);
  }

  @Test
  void badInput_namesTheValue() {
    assertThatThrownBy(() -> Quantities.parseBytes("lots")).hasMessageContaining("'lots'");
    assertThatThrownBy(() -> Quantities.parseBytes("4XB")).hasMessageContaining("unknown unit");
    assertThatThrownBy(() -> Quantities.parseCount("99999999999G"))
        .hasMessageContaining("too large");
  }

  @Test
  void formatBytes_largestExactUnit() {
    assertThat(Quantities.formatBytes(4096)).isEqualTo("4KiB");
    assertThat(Quantities.formatBytes(3L << 30)).isEqualTo("3GiB");
    assertThat(Quantities.formatBytes(1000)).isEqualTo("1000B");
  }

  @Test
  void suggest_closeNamesOnly() {
    assertThat(Suggest.closest("linx", List.of("linux", "macos"))).isEqualTo("linux");
    assertThat(Suggest.closest("freebsd", List.of("linux", "macos"))).isNull();
  }

  @Test
  void inputError_formatsWhatIsKnown() {
    assertThat(new InputError("f.yaml", 3, 5, "machine.ram", "too big").getMessage())
        .isEqualTo("f.yaml:3:5: machine.ram: too big");
    assertThat(InputError.of("--seeds", "must be positive").getMessage())
        .isEqualTo("--seeds: must be positive");
  }
}
