package org.vmcompare.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.reports.stats.SignificanceTest;

final class ReportFilesTest {
  private final ExperimentReport report =
      Runs.report(
          Runs.run("FIFO", 1, 100, 10),
          Runs.run("FIFO", 2, 104, 12),
          Runs.run("LRU", 1, 60, 3),
          Runs.run("LRU", 2, 62, 4),
          Runs.run("LRU", 3, 0, 0, RunStatus.ERROR, Map.of()));

  private final Map<String, String> files = ReportFiles.of(report, SignificanceTest.WELCH);

  @Test
  void out_holdsEveryFile_andOneFilePerViewOfEverySeed() {
    assertThat(files.keySet())
        .startsWith("results.json", "results.csv", "report.md", "report.html")
        .contains(
            "views/FIFO/seed-1/end/proc/100/maps.txt", "views/LRU/seed-3/end/proc/100/maps.txt");
    assertThat(files.keySet().stream().filter(f -> f.startsWith("views/"))).hasSize(5);
    assertThat(files.get("views/FIFO/seed-1/end/proc/100/maps.txt")).endsWith("seed 1\n");
    assertThat(files.get("views/FIFO/seed-2/end/proc/100/maps.txt")).endsWith("seed 2\n");
  }

  @Test
  void views_withOneSeed_haveNoSeedFolder_andAlikeNamesDoNotShareAFolder() {
    Map<String, String> one =
        ViewFiles.of(Runs.report(Runs.run("a/b", 7, 1, 0), Runs.run("a b", 7, 2, 0)));

    assertThat(one.keySet())
        .containsExactly("views/a_b/end/proc/100/maps.txt", "views/a_b-2/end/proc/100/maps.txt");
  }

  @Test
  void markdown_processes_areMeansOverSeeds_withEverySeedBelow() {
    String md = files.get("report.md");

    assertThat(md)
        .contains("### FIFO (2 seeds)")
        .contains(
            "| process | ended by | pid | seeds | minor faults | major faults | rss | peak rss |")
        .contains("| app | exit | 100 | 2 of 2 | 102 ± 25.4 | 11 ± 12.7 | 0.25 MiB | 0.31 MiB |")
        .contains("| 2 | app | exited | exit | 100 | 104 | 12 | 0.25 MiB | 0.31 MiB |");
  }

  @Test
  void markdown_logsAndViews_ofEverySeed() {
    String md = files.get("report.md");

    assertThat(md)
        .contains("**FIFO, seed 1: 1 line**", "**FIFO, seed 2: 1 line**", "**LRU, seed 3: 1 line**")
        .contains("app exited in seed 2")
        .contains("`views/LRU/seed-2/end/proc/100/maps.txt`")
        .contains("00400000-00401000 r-xp  seed 2");
  }

  @Test
  void markdown_saysWhoFaultedMore_withIntervalsAndATest() {
    String md = files.get("report.md");

    assertThat(md).contains("Fewest faults: **LRU** (64). Most: **FIFO** (113, 75% more).");
    assertThat(md).contains("| faults | 113 ± 38.1 | 64.5 ± 19.1 | lower |");
    assertThat(md).contains("Welch's t-test");
    assertThat(md).contains("**LRU** (seed 3): error: it broke");
  }

  @Test
  void html_isSelfContained_withInlineCharts() {
    String html = files.get("report.html");

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg id='faults-by-kind'");
    assertThat(html).contains("<svg id='resident'", "<svg id='free'", "<svg id='gauge-free'");
    assertThat(html).doesNotContain("<script", "<link", "src=", "@import", "url(http");
  }

  @Test
  void json_readsBack_intoTheSameReport() {
    ExperimentReport back = ResultsReader.read(files.get("results.json"));

    assertThat(back.pageSize()).isEqualTo(4096);
    assertThat(back.results()).isEqualTo(report.results());
    assertThat(ResultsJson.render(back)).isEqualTo(files.get("results.json"));
  }
}
