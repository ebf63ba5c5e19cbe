package org.vmcompare.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class OptionSpecTest {
  private static final OptionSpec ADJ =
      OptionSpec.integer("oomScoreAdj", 0, -1000, 1000, "oom_score_adj");

  private static final OptionSpec BAND =
      OptionSpec.integer("jetsamBand", 100, 0, 210, "jetsam band")
          .withNames(Map.of("foreground", 100L, "idle", 0L, "critical", 190L));

  private static final OptionSpec SIZE = OptionSpec.size("workingSetMin", "50pages", "minimum");

  @Test
  void integer_inRange_isItsValue_andOutOfRange_namesKeyValueAndRange() {
    assertThat(ADJ.integerValue("-1000")).isEqualTo(-1000);
    assertThat(ADJ.integerValue(" 1_000 ")).isEqualTo(1000);

    assertThatThrownBy(() -> ADJ.check("5000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("oomScoreAdj: 5000 is out of range -1000..1000");
    assertThatThrownBy(() -> ADJ.check("lots"))
        .hasMessage("oomScoreAdj: 'lots' is not a whole number in -1000..1000");
  }

  @Test
  void namedInteger_acceptsNamesIgnoringCase_andSuggestsTheClosestName() {
    assertThat(BAND.integerValue("foreground")).isEqualTo(100);
    assertThat(BAND.integerValue("IDLE")).isZero();
    assertThat(BAND.integerValue("75")).isEqualTo(75);

    assertThatThrownBy(() -> BAND.check("forground"))
        .hasMessageStartingWith("jetsamBand: 'forground' is neither a whole number in 0..210")
        .hasMessageContaining("(did you mean 'foreground'?)")
        .hasMessageEndingWith("names: idle (0), foreground (100), critical (190)");
  }

  @Test
  void names_areListedByValue_whateverTheMapsOrder() {
    assertThat(BAND.names().keySet()).containsExactly("idle", "foreground", "critical");
    assertThat(BAND.describeValues())
        .isEqualTo("0..210 or idle (0), foreground (100), critical (190)");
  }

  @Test
  void size_takesPagesOrBytesWithAUnit_andRefusesABareNumberOrANegativeOne() {
    assertThat(SIZE.bytesValue("50pages", 4096)).isEqualTo(50 * 4096);
    assertThat(SIZE.bytesValue("200KiB", 4096)).isEqualTo(200 * 1024);
    assertThat(SIZE.bytesValue("0", 4096)).isZero();

    assertThatThrownBy(() -> SIZE.check("100"))
        .hasMessage("workingSetMin: '100' has no unit; write 100KiB or 100pages");
    assertThatThrownBy(() -> SIZE.check("-4KiB")).hasMessage("workingSetMin: '-4KiB' is negative");
    assertThatThrownBy(() -> SIZE.check("4XiB")).hasMessageStartingWith("workingSetMin: '4XiB'");
  }

  @Test
  void declaration_withADefaultItsOwnRangeRefuses_fails() {
    assertThatThrownBy(() -> OptionSpec.integer("nice", 20, -20, 19, "nice"))
        .hasMessage("nice: 20 is out of range -20..19");
    assertThatThrownBy(() -> OptionSpec.size("ws", "50", "ws"))
        .hasMessageStartingWith("ws: '50' has no unit");
    assertThatThrownBy(() -> ADJ.withNames(Map.of("never", -2000L)))
        .hasMessage("oomScoreAdj: name 'never' = -2000 is outside -1000..1000");
    assertThatThrownBy(() -> SIZE.withNames(Map.of("small", 1L)))
        .hasMessage("workingSetMin: only a whole number can have names");
  }

  @Test
  void existingFactories_keepTheirMeaning() {
    OptionSpec text = OptionSpec.of("frames", "0", "frames in the pool");
    OptionSpec choice = OptionSpec.oneOf("policy", "LRU", List.of("FIFO", "LRU"), "policy");

    text.check("anything");
    assertThat(text.kind()).isEqualTo(OptionSpec.Kind.TEXT);
    assertThat(text.describeValues()).isEmpty();
    assertThat(choice.allowed()).containsExactly("FIFO", "LRU");
    assertThat(choice.describeValues()).isEqualTo("one of FIFO, LRU");
    assertThatThrownBy(() -> choice.check("MRU"))
        .hasMessage("policy: 'MRU' is not one of FIFO, LRU");
  }
}
