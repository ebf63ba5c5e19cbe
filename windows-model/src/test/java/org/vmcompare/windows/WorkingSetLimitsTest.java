package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * Hard working-set limits and the foreground process (SEMANTICS.md, Windows and its WRK numbers;
 * issue 9 items 1 and 2), read from VMMap's Total WS at each snapshot.
 */
final class WorkingSetLimitsTest {
  private static String totalWs(RunResult r, String snapshot, int pid) {
    String vmmap = r.views().get(snapshot).get("vmmap/" + pid);
    String total = vmmap.lines().filter(l -> l.startsWith("Total")).findFirst().orElseThrow();
    return total.trim().split(" {2,}")[4]; // Size, Committed, Private, then Total WS
  }

  @Test
  void hardMaximum_replacesEvenWhenPlentiful_hardMinimum_survivesADesperateTrim() {
    List<RunResult> rs = WindowsRuns.scenario("hard-limits.yaml");
    RunResult plentiful = rs.get(0);
    RunResult tight = rs.get(1);

    // 64 MiB: the soft limit would let the editor grow to 512 pages (working-set-limits.yaml)
    assertThat(totalWs(plentiful, "editor-done", 100)).isEqualTo("256 K");
    assertThat(plentiful.counter("windows.ws.replaced")).isEqualTo(512 - 64);
    assertThat(plentiful.counter("faults.major")).isZero();
    // 16 MiB: the hog's faults wait below 28 available while the runs trim the others, never
    // below a minimum; but with the hog's hard 3,060-page minimum there is no room for both the
    // others' minimums: once waiting cannot bring 28 pages, the hog's faults find no page and
    // trim the editor below its soft 16-page minimum, to 2 pages; the indexer keeps its hard 512
    assertThat(tight.counter("windows.faults.waits")).isPositive();
    assertThat(totalWs(tight, "hog-done", 100)).isEqualTo("8 K");
    assertThat(totalWs(tight, "hog-done", 101)).isEqualTo("2,048 K");
  }

  @Test
  void hardMinimum_holdingTheOnlyTrimmablePages_endsTheRunAsWindowsStops() {
    LoadedExperiment exp =
        new ExperimentLoader(OsRegistry.load())
            .load(Path.of("src/test/resources/hard-minimum-no-pages.yaml"));

    RunResult r =
        ExperimentRunner.runOne(exp, ExperimentRunner.plan(exp, exp.experiment().seeds()).get(0));

    assertThat(r.status()).isEqualTo(RunStatus.UNSUPPORTED);
    assertThat(r.error())
        .contains("writer[100]")
        .contains(
            "faulted with no page available: hard working-set minimums (hardWorkingSetMin) hold writer[100] 50 pages")
        .contains("NO_PAGES_AVAILABLE")
        .doesNotContain("commit limit");
  }

  @Test
  void foregroundProcess_isTrimmedAfterTheBackgroundOne() {
    List<RunResult> rs = WindowsRuns.scenario("foreground.yaml");
    RunResult editorInBackground = rs.get(0);
    RunResult editorInForeground = rs.get(1);

    // equal processes, equal claims: 20 aging runs of 128 entries each (shift 3), and the claim
    // grows by 30 a run once the estimate's samples find pages aged twice (from 9 s): 360 each at
    // 20 s. The first pass trims every working set by its whole share while available is short of
    // the goal, and the pages it trims are dirty, so they reach Available only once written: in
    // the background both give up half their claim, 180 pages
    assertThat(editorInBackground.counter("windows.ws.trimmed")).isEqualTo(360);
    assertThat(totalWs(editorInBackground, "after-hog", 100)).isEqualTo("3,376 K");
    assertThat(totalWs(editorInBackground, "after-hog", 101)).isEqualTo("3,376 K");
    // in the foreground the editor is trimmed last and by an eighth of its claim, 45 pages
    assertThat(totalWs(editorInForeground, "after-hog", 100)).isEqualTo("3,916 K");
    assertThat(totalWs(editorInForeground, "after-hog", 101)).isEqualTo("3,376 K");
    assertThat(editorInForeground.counter("windows.ws.trimmed")).isEqualTo(180 + 45);
  }
}
