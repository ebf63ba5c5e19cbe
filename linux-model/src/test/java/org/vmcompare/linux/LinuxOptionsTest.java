package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmcompare.common.InputError;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.workload.ExperimentLoader;

/** Every knob of SEMANTICS.md's Linux section is an option with the kernel's default and range. */
final class LinuxOptionsTest {
  @Test
  void defaults_areTheKernels() {
    LinuxOptions o = LinuxOptions.defaults();

    assertThat(o.swappiness()).isEqualTo(60);
    assertThat(o.overcommitMemory()).isZero();
    assertThat(o.overcommitRatio()).isEqualTo(50);
    assertThat(o.overcommitHeuristic()).isEqualTo(LinuxOptions.Heuristic.MODERN);
    assertThat(o.anonStartsActive()).isFalse();
    assertThat(o.watermarkScaleFactor()).isEqualTo(10);
    assertThat(o.thp()).isEqualTo(LinuxOptions.Thp.MADVISE);
    assertThat(o.faultAroundPages(4096, 512)).isEqualTo(16);
    assertThat(o.readAheadPages(4096)).isEqualTo(32);
    assertThat(o.madvFreeWithoutSwap()).isEqualTo(LinuxOptions.MadvFree.LAZY);
    assertThat(o.thpCowCopy()).as("5.8+").isEqualTo(LinuxOptions.ThpCow.BASE);
    assertThat(new LinuxModuleProvider().options())
        .extracting(OptionSpec::key)
        .containsExactly(
            "swappiness",
            "overcommitMemory",
            "overcommitRatio",
            "overcommitHeuristic",
            "anonStartsActive",
            "watermarkScaleFactor",
            "thp",
            "faultAroundBytes",
            "readAheadKb",
            "madvFreeWithoutSwap",
            "thpCowCopy");
  }

  @Test
  void overcommitMemory_takesTheKernelsNumbersOrNames() {
    SystemOptions o =
        SystemOptions.of("linux", LinuxOptions.SPECS, Map.of("overcommitMemory", "never"));

    assertThat(LinuxOptions.from(o).overcommitMemory()).isEqualTo(2);
  }

  @Test
  void faultAround_roundsDownToAPowerOfTwo_andOnePageMeansNone() {
    LinuxOptions o = options("faultAroundBytes", "40KiB");
    LinuxOptions none = options("faultAroundBytes", "0");

    assertThat(o.faultAroundPages(4096, 512)).isEqualTo(8);
    assertThat(none.faultAroundPages(4096, 512)).isEqualTo(1);
    assertThat(options("faultAroundBytes", "600pages").faultAroundPages(4096, 4096)).isEqualTo(512);
    assertThatThrownBy(() -> options("faultAroundBytes", "600pages").faultAroundPages(4096, 512))
        .hasMessageStartingWith("faultAroundBytes: 600pages is more than one page table maps");
  }

  private static LinuxOptions options(String key, String value) {
    return LinuxOptions.from(SystemOptions.of("linux", LinuxOptions.SPECS, Map.of(key, value)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "overcommitRatio: 150 | systems[0].options.overcommitRatio: 150 is out of range 0..100",
        "overcommitRatio: -1 | systems[0].options.overcommitRatio: -1 is out of range 0..100",
        "swappiness: 201 | systems[0].options.swappiness: 201 is out of range 0..200",
        "overcommitMemory: 3 | systems[0].options.overcommitMemory: 3 is out of range 0..2",
        "thp: sometimes | systems[0].options.thp: 'sometimes' is not a valid thp for linux",
        "watermarkScaleFactor: 0 | systems[0].options.watermarkScaleFactor: 0 is out of range",
        "faultAroundBytes: 64MiB | systems[0].options.faultAroundBytes: 64MiB is more than",
        "swapiness: 10 | systems[0].options.swapiness: unknown option 'swapiness' for linux"
            + " (did you mean 'swappiness'?)",
      })
  void badOption_failsAtLoad_namingTheKey(String option, String message) {
    String yaml =
        """
        name: bad
        systems:
          - {os: linux, options: {%s}}
        processes:
          - name: app
            steps: [exit]
        """
            .formatted(option);

    assertThatThrownBy(() -> new ExperimentLoader(OsRegistry.load()).load("t.yaml", null, yaml))
        .isInstanceOf(InputError.class)
        .hasMessageContaining(message);
  }
}
