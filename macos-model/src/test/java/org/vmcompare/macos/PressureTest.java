package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The memory pressure level (SEMANTICS.md, macOS: "Memory pressure"; issue 10 items 8 and 9):
 * available non-compressed memory as a share of available memory, warn below 0.5, critical below
 * 0.343, back to normal above 0.6, out of critical above 0.4; sysctl values 1, 2, 4; each change in
 * the event log, the level a gauge of the time series and the view {@code memory_pressure}.
 */
final class PressureTest {
  @Test
  void compressorGrowsPastHalf_levelGoesToWarn_andBackToNormalWhenTheHeapIsFreed() {
    RunResult r = MacosRuns.scenario("pressure.yaml").get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(log(r))
        .containsSubsequence(
            "macos: memory pressure normal -> warn (50% of available memory uncompressed)",
            "macos: memory pressure warn -> normal (100% of available memory uncompressed)");
    assertThat(log(r)).noneMatch(l -> l.contains("critical"));
    assertThat(r.views().get("start").get("memory_pressure"))
        .isEqualTo(
            "The system has 8388608 (2048 pages with a page size of 4096).\n"
                + "System-wide memory free percentage: 100%\n"
                + "kern.memorystatus_vm_pressure_level: 1 (normal)\n");
    assertThat(r.views().get("written").get("memory_pressure"))
        .contains("System-wide memory free percentage: 42%\n")
        .contains("kern.memorystatus_vm_pressure_level: 2 (warn)\n");
    assertThat(r.views().get("freed").get("memory_pressure"))
        .contains("kern.memorystatus_vm_pressure_level: 1 (normal)\n");

    List<Long> series = r.timeSeries().get("macos.pressure");
    assertThat(series).contains(2L).doesNotContain(4L);
    assertThat(series.get(0)).isEqualTo(1L);
    assertThat(r.gauges()).anyMatch(g -> g.name().equals("macos.pressure"));
  }

  @Test
  void dataThatCompressesBadly_takesTheLevelToCritical_belowAThirdUncompressed() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: critical
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: hog
                    steps:
                      - allocate: {name: heap, size: 8704KiB}
                      - touch: {region: heap, writes: 1, compressibility: 0.25}
                      - snapshot: written
                """)
            .get(0);

    assertThat(log(r))
        .containsSubsequence(
            "macos: memory pressure normal -> warn (50% of available memory uncompressed)",
            "macos: memory pressure warn -> critical (34% of available memory uncompressed)",
            "macos: memory pressure critical -> normal (100% of available memory uncompressed)");
    assertThat(r.views().get("written").get("memory_pressure"))
        .contains("System-wide memory free percentage: 31%\n")
        .contains("kern.memorystatus_vm_pressure_level: 4 (critical)\n");
  }

  @Test
  void levels_haveHysteresis_warnHoldsUpTo60Percent_criticalHoldsUpTo40() {
    assertThat(Pressure.next(Pressure.NORMAL, 0.55)).isEqualTo(Pressure.NORMAL);
    assertThat(Pressure.next(Pressure.NORMAL, 0.49)).isEqualTo(Pressure.WARN);
    assertThat(Pressure.next(Pressure.NORMAL, 0.34)).isEqualTo(Pressure.CRITICAL);
    assertThat(Pressure.next(Pressure.WARN, 0.55)).isEqualTo(Pressure.WARN);
    assertThat(Pressure.next(Pressure.WARN, 0.61)).isEqualTo(Pressure.NORMAL);
    assertThat(Pressure.next(Pressure.CRITICAL, 0.39)).isEqualTo(Pressure.CRITICAL);
    assertThat(Pressure.next(Pressure.CRITICAL, 0.45)).isEqualTo(Pressure.WARN);
    assertThat(Pressure.next(Pressure.CRITICAL, 0.7)).isEqualTo(Pressure.NORMAL);
  }

  private static List<String> log(RunResult r) {
    return r.eventLog().stream().map(e -> e.text()).toList();
  }
}
