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
  void out_holdsEveryFile_andOneFilePerView() {
    assertThat(files.keySet())
        .startsWith("results.json", "results.csv", "report.md", "report.html")
        .contains(
            "views/FIFO-seed1/end/proc/100/maps.txt", "views/LRU-seed3/end/proc/100/maps.txt");
    assertThat(files.get("views/FIFO-seed1/end/proc/100/maps.txt")).startsWith("00400000-");
  }

  @Test
  void markdown_saysWhoFaultedMore_withIntervalsAndATest() {
    String md = files.get("report.md");

    assertThat(md).contains("Fewest faults: **LRU** (64). Most: **FIFO** (113, 75% more).");
    assertThat(md).contains("| faults | 113 ± 38.1 | 64.5 ± 19.1 | lower |");
    assertThat(md).contains("Welch's t-test");
    assertThat(md).contains("**LRU** (seed 3): error: it broke");
    assertThat(md).contains("| app | 100 | exited | exit | 100 | 10 | 0.25 MiB | 0.31 MiB |");
    assertThat(md).contains("app exited");
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
