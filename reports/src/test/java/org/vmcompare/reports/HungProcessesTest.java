package org.vmcompare.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.stats.SignificanceTest;

/**
 * A process a run left hung (macOS's "out of application memory" dialog, which nobody answers) is
 * shown below the terminal table, in the glance and in the process table, and is not a kill.
 */
final class HungProcessesTest {
  private static final String REASON =
      "hung: waiting for memory (\"out of application memory\" dialog); not enough came free"
          + " before the run ended";

  /** {@code r} with its one process ended hung, as the engine writes it. */
  private static RunResult hung(RunResult r) {
    ProcessSummary p = r.processes().get(0);
    ProcessSummary h =
        new ProcessSummary(
            101, "hog", "hung", REASON, p.minorFaults(), p.majorFaults(), p.metrics());
    return new RunResult(
        r.system(),
        r.label(),
        r.seed(),
        r.point(),
        r.status(),
        r.error(),
        r.simulatedNs(),
        r.counters(),
        List.of(h),
        r.simplifications(),
        r.views(),
        r.timeSeries(),
        r.eventLog(),
        r.processMetrics(),
        r.gauges());
  }

  @Test
  void table_listsTheHungProcessBelowIt_withItsReason() {
    String table =
        ComparisonTable.render(
            Runs.report(hung(Runs.run("macos", 42, 10, 0)), Runs.run("A", 1, 5, 0)));

    assertThat(table).endsWith("\nmacos (seed 42): hog[101] " + REASON + "\n");
    assertThat(table.lines().filter(l -> l.contains(" hung: "))).hasSize(1);
  }

  @Test
  void table_processHungAlikeInEverySeed_getsOneLine() {
    String table =
        ComparisonTable.render(
            Runs.report(hung(Runs.run("macos", 1, 10, 0)), hung(Runs.run("macos", 2, 12, 0))));

    assertThat(table).endsWith("\nmacos, all 2 runs: hog[101] " + REASON + "\n");
  }

  @Test
  void table_withoutHungProcesses_saysNothingOfThem() {
    assertThat(ComparisonTable.render(Runs.report(Runs.run("A", 1, 5, 0)))).doesNotContain("hung");
  }

  @Test
  void report_saysAtAGlanceThatTheProcessWasStillHung_andShowsItsStateAndReason() {
    Map<String, String> files =
        ReportFiles.of(
            Runs.report(hung(Runs.run("macos", 42, 10, 0)), Runs.run("A", 1, 5, 0)),
            SignificanceTest.WELCH);

    String md = files.get("report.md");
    assertThat(md)
        .contains(
            "macos: 1 process was still hung when the run ended (waiting for what nothing could"
                + " bring any more; see the process table).")
        .doesNotContain("the OS killed");
    assertThat(md.lines().filter(l -> l.startsWith("| hog ")))
        .singleElement()
        .asString()
        .contains("| hung |")
        .contains(REASON);
    assertThat(files.get("results.json")).contains("\"state\" : \"hung\"");
  }
}
