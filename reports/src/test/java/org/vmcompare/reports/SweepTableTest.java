package org.vmcompare.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;

final class SweepTableTest {
  private static Map<String, String> point(String ram, String frames) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("machine.ram", ram);
    p.put("systems[0].options.frames", frames);
    p.put("scheduler.quantum", "1000");
    return p;
  }

  private static RunResult run(String ram, String frames, long faults) {
    return Runs.run("LRU", 1, faults, 0, RunStatus.OK, point(ram, frames));
  }

  private final ExperimentReport report =
      new ExperimentReport(
          "sweep",
          "",
          "machine: 8MiB RAM, 4KiB pages (x86-64), swap 32MiB",
          4096,
          List.of(run("8MiB", "500", 10), run("8MiB", "1000", 8), run("16MiB", "500", 6)));

  @Test
  void sweep_columnsAreTheSweptValues_withALegend() {
    String table = ComparisonTable.render(report);

    assertThat(table.lines().filter(l -> l.startsWith("LRU ")).toList())
        .singleElement()
        .satisfies(
            h ->
                assertThat(h.split("\\s+"))
                    .containsExactly("LRU", "8MiB/500", "8MiB/1000", "16MiB/500"));
    assertThat(table)
        .contains("columns: machine.ram/systems[0].options.frames (one table per system)");
    assertThat(table).doesNotContain("quantum");
  }

  @Test
  void sweep_givesEachSystemItsTable_splitWhenWide_andOneLineForASystemSkippedEverywhere() {
    List<RunResult> runs = new ArrayList<>();
    for (int frames = 100; frames <= 1500; frames += 100) {
      runs.add(run("8MiB", Integer.toString(frames), 1_000_000L + frames));
      runs.add(
          Runs.run(
              "other", 1, 0, 0, RunStatus.UNSUPPORTED, point("8MiB", Integer.toString(frames))));
    }
    String table =
        ComparisonTable.render(new ExperimentReport("sweep", "", "machine: m", 4096, runs));

    List<String> headers = table.lines().filter(l -> l.startsWith("LRU ")).toList();
    assertThat(headers).hasSizeGreaterThan(1);
    assertThat(table.lines().filter(l -> !l.startsWith("swept:") && !l.startsWith("other")))
        .allMatch(l -> l.length() <= ComparisonTable.WIDTH);
    assertThat(headers.get(0).split("\\s+")).startsWith("LRU", "100", "200");
    assertThat(headers.get(headers.size() - 1)).endsWith(" 1500");
    assertThat(table)
        .doesNotContain("other ")
        .contains("\nother, all 15 runs: unsupported: it broke\n");
  }

  @Test
  void sweep_machineLineSaysWhichKeysVary_notTheFirstPointsRam() {
    String table = ComparisonTable.render(report);

    assertThat(table)
        .contains("machine: 4KiB pages (x86-64), swap 32MiB\n")
        .contains("swept: machine.ram = 8MiB, 16MiB; systems[0].options.frames = 500, 1000")
        .doesNotContain("8MiB RAM");
  }
}
