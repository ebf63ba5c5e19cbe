package org.vmcompare.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.reports.doc.Block;
import org.vmcompare.reports.doc.Markdown;

final class ProcessTablesTest {
  /** The run with these processes instead of its own. */
  private static RunResult with(RunResult r, ProcessSummary... processes) {
    return new RunResult(
        r.system(),
        r.label(),
        r.seed(),
        r.point(),
        r.status(),
        r.error(),
        r.simulatedNs(),
        r.counters(),
        List.of(processes),
        r.simplifications(),
        r.views(),
        r.timeSeries(),
        r.eventLog(),
        r.processMetrics(),
        r.gauges());
  }

  private static ProcessSummary app(String state, String end, long minor) {
    return new ProcessSummary(100, "app", state, end, minor, 0, Map.of("rss", 64L));
  }

  @Test
  void acrossSeeds_saysHowEachProcessEndedInHowManySeeds() {
    List<RunResult> runs =
        List.of(
            with(Runs.run("A", 1, 10, 0), app("exited", "exit", 10)),
            with(
                Runs.run("A", 2, 12, 0),
                app("killed", "OOM", 12),
                new ProcessSummary(101, "child", "exited", "exit", 3, 0)),
            with(Runs.run("A", 3, 14, 0), app("exited", "exit", 14)));
    ExperimentReport report = Runs.report(runs.toArray(RunResult[]::new));

    String md = Markdown.render(ProcessTables.of(report, "A", runs));

    assertThat(md)
        .contains("### A (3 seeds)")
        .contains("| app | exit ×2, OOM ×1 | 100 | 3 of 3 | 12 ± 5.0 | 0 | 0.25 MiB |")
        .contains("| child | exit | 101 | 1 of 3 | 3 | 0 | - |")
        .contains("| 2 | app | killed | OOM | 100 | 12 | 0 | 0.25 MiB |");
  }

  @Test
  void oneSeed_isThatSeedsTable_withoutColumnsItsModelDoesNotKeep() {
    RunResult r =
        with(Runs.run("A", 7, 10, 0), new ProcessSummary(100, "p", "exited", "exit", 4, 1));

    List<Block> blocks = ProcessTables.of(Runs.report(r), "A", List.of(r));

    assertThat(Markdown.render(blocks))
        .contains("### A (seed 7)")
        .contains("| process | state | ended by | pid | minor faults | major faults |\n")
        .contains("| p | exited | exit | 100 | 4 | 1 |");
  }

  @Test
  void aSystemThatNeverRan_saysSo_insteadOfAnEmptyTable() {
    RunResult r = with(Runs.run("A", 1, 0, 0, RunStatus.SKIPPED, Map.of()));

    String md = Markdown.render(ProcessTables.of(Runs.report(r), "A", List.of(r)));

    assertThat(md)
        .isEqualTo(
            "### A\n\nNo run finished, so no process is shown; see \"Runs that did not finish\".\n");
  }
}
