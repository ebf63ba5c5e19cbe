package org.vmcompare.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ProcessOptionsTest {
  private static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.integer("jetsamBand", 100, 0, 210, "band")
              .withNames(Map.of("idle", 0L, "foreground", 100L)),
          OptionSpec.size("workingSetMin", "50pages", "minimum"));

  @Test
  void of_fillsInDefaults_andTellsGivenFromDefaulted() {
    ProcessOptions o = ProcessOptions.of("macos", SPECS, Map.of("jetsamBand", "idle"), 16384);

    assertThat(o.system()).isEqualTo("macos");
    assertThat(o.integer("jetsamBand")).isZero();
    assertThat(o.string("jetsamBand")).isEqualTo("idle");
    assertThat(o.isGiven("jetsamBand")).isTrue();
    assertThat(o.isGiven("workingSetMin")).isFalse();
    assertThat(o.bytes("workingSetMin")).isEqualTo(50 * 16384);
    assertThat(o.asMap())
        .containsExactly(Map.entry("jetsamBand", "idle"), Map.entry("workingSetMin", "50pages"));
  }

  @Test
  void pages_roundsBytesUp() {
    ProcessOptions o = ProcessOptions.of("windows", SPECS, Map.of("workingSetMin", "5000B"), 4096);

    assertThat(o.pages("workingSetMin")).isEqualTo(2);
  }

  @Test
  void of_unknownKeyOrBadValue_failsNamingTheKey() {
    assertThatThrownBy(() -> ProcessOptions.of("macos", SPECS, Map.of("jetsamBnd", "1"), 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown per-process option 'jetsamBnd' for macos (did you mean 'jetsamBand'?);"
                + " known: jetsamBand, workingSetMin");
    assertThatThrownBy(() -> ProcessOptions.of("macos", SPECS, Map.of("jetsamBand", "300"), 4096))
        .hasMessage("jetsamBand: 300 is out of range 0..210");
  }

  @Test
  void getter_forAKeyTheSystemDoesNotDeclare_fails() {
    ProcessOptions none = ProcessOptions.of("textbook", List.of(), Map.of(), 4096);

    assertThat(none.asMap()).isEmpty();
    assertThatThrownBy(() -> none.integer("nice"))
        .hasMessage("textbook has no per-process option 'nice'");
  }

  @Test
  void equalValues_areEqualOptions() {
    assertThat(ProcessOptions.of("macos", SPECS, Map.of("jetsamBand", "idle"), 4096))
        .isEqualTo(ProcessOptions.of("macos", SPECS, Map.of("jetsamBand", "idle"), 4096))
        .isNotEqualTo(ProcessOptions.of("macos", SPECS, Map.of(), 4096));
  }
}
