package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReportCommandTest {
  @TempDir Path dir;

  private Path runBelady(String folder, String... extra) {
    Path out = dir.resolve(folder);
    String[] args = new String[4 + extra.length];
    args[0] = "run";
    args[1] = "../configs/examples/belady.yaml";
    args[2] = "--out";
    args[3] = out.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    RunCommandTest.Result r = RunCommandTest.run(args);
    assertThat(r.exit()).as(r.err()).isZero();
    return out;
  }

  @Test
  void report_rerendersTheSameFiles_withoutRunning() throws Exception {
    Path first = runBelady("first");
    Path again = dir.resolve("again");

    RunCommandTest.Result r =
        RunCommandTest.run(
            "report", first.resolve("results.json").toString(), "--out", again.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("FIFO 3 frames");
    for (String f : new String[] {"report.md", "report.html", "results.json", "results.csv"}) {
      assertThat(Files.readString(again.resolve(f)))
          .as(f)
          .isEqualTo(Files.readString(first.resolve(f)));
    }
  }

  @Test
  void report_twoFiles_putsTheirSystemsSideBySide_namedByFolder() {
    Path before = runBelady("before");
    Path after = runBelady("after", "--systems", "FIFO 4 frames");

    RunCommandTest.Result r =
        RunCommandTest.run(
            "report",
            before.resolve("results.json").toString(),
            after.resolve("results.json").toString(),
            "--out",
            dir.resolve("compare").toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("before vs after")
        .contains("before: FIFO 3 frames", "after: FIFO 4 frames");
    assertThat(dir.resolve("compare/report.html")).isNotEmptyFile();
  }

  @Test
  void report_missingOrForeignFile_isOneLineAndExitCode2() throws Exception {
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"schema\": \"something/9\"}");

    RunCommandTest.Result missing =
        RunCommandTest.run("report", dir.resolve("none.json").toString());
    RunCommandTest.Result foreign = RunCommandTest.run("report", other.toString());

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("none.json: no such file");
    assertThat(foreign.exit()).isEqualTo(2);
    assertThat(foreign.err()).contains("schema 'something/9' is not one this version reads");
  }

  @Test
  void metrics_chooseTheRowsInOrder_andAnUnknownOneListsTheKnown() {
    Path first = runBelady("first");
    String json = first.resolve("results.json").toString();

    RunCommandTest.Result chosen =
        RunCommandTest.run("report", json, "--metrics", "tlb.misses,faults");
    RunCommandTest.Result typo = RunCommandTest.run("report", json, "--metrics", "faults.minr");

    assertThat(chosen.exit()).as(chosen.err()).isZero();
    assertThat(chosen.out().lines().map(l -> l.split("  ")[0]))
        .as("rows titled, in the order asked")
        .containsSubsequence("page walks", "faults")
        .doesNotContain("references", "minor (soft) faults", "evictions");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err())
        .contains("--metrics", "unknown metric 'faults.minr'", "did you mean 'faults.minor'")
        .contains("known metrics: references, faults,");
  }

  @Test
  void run_misspeltSharedMetric_failsBeforeRunning() {
    RunCommandTest.Result r =
        RunCommandTest.run("run", "../configs/examples/belady.yaml", "--metrics", "evictons");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("did you mean 'evictions'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownTest_isRefusedWithTheChoices() {
    RunCommandTest.Result r = RunCommandTest.run("report", "x.json", "--test", "chi2");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("use welch or mann-whitney");
  }

  @Test
  void help_listsEveryMetricsNameBesideTheTitleTheTableShows() {
    RunCommandTest.Result run = RunCommandTest.run("run", "--help");
    RunCommandTest.Result report = RunCommandTest.run("report", "--help");

    assertThat(run.out())
        .contains("Metrics (--metrics NAME, as the table titles them):")
        .containsPattern("\\n  faults\\.minor +minor \\(soft\\) faults\\R")
        .containsPattern("\\n  tlb\\.misses +page walks\\R");
    assertThat(report.out()).containsPattern("\\n  swap\\.in +swap / pagefile reads\\R");
  }
}
