package org.vmcompare.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.metrics.Unit;

final class ReportsTest {
  private static RunResult run(String label, long seed, long minor, long major, RunStatus status) {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("references", 100L);
    counters.put("faults.minor", minor);
    counters.put("faults.major", major);
    counters.put("evictions", 0L);
    counters.put("swap.out", 0L);
    return new RunResult(
        "textbook",
        label,
        seed,
        Map.of(),
        status,
        status == RunStatus.OK ? "" : "it broke",
        1_500_000,
        counters,
        List.of(new ProcessSummary(100, "p", "exited", "exit", minor, major)),
        List.of("simple"),
        Map.of(),
        Map.of(),
        List.of(),
        List.of(),
        List.of());
  }

  private static ExperimentReport report(RunResult... results) {
    return new ExperimentReport(
        "exp", "about, \"quoted\"", "machine: test", 4096, List.of(results));
  }

  @Test
  void table_meansOverSeeds_perLabelColumn() {
    String table =
        ComparisonTable.render(
            report(
                run("A", 1, 10, 0, RunStatus.OK),
                run("A", 2, 20, 1, RunStatus.OK),
                run("B, C", 1, 5, 5, RunStatus.OK)));

    assertThat(table).contains("means over 2 seeds");
    String faults = table.lines().filter(l -> l.startsWith("faults ")).findFirst().orElseThrow();
    assertThat(faults.trim().split("\\s+")).containsExactly("faults", "15.5", "10");
    assertThat(table).doesNotContain("swap.out").contains("evictions").contains("1.50 ms");
  }

  @Test
  void table_failedRun_isShownWithItsMessage() {
    String table =
        ComparisonTable.render(
            report(run("A", 1, 1, 0, RunStatus.OK), run("B", 1, 0, 0, RunStatus.ERROR)));

    assertThat(table).contains("B (seed 1): error: it broke");
    String faults = table.lines().filter(l -> l.startsWith("faults ")).findFirst().orElseThrow();
    assertThat(faults.trim().split("\\s+")).containsExactly("faults", "1", "-");
  }

  @Test
  void json_hasSchemaAndRunsInOrder() {
    String json =
        ResultsJson.render(
            report(run("A", 1, 1, 0, RunStatus.OK), run("B", 1, 2, 0, RunStatus.OK)));

    assertThat(json).startsWith("{\n  \"schema\" : \"vmcompare.results/2\"");
    assertThat(json.indexOf("\"label\" : \"A\"")).isLessThan(json.indexOf("\"label\" : \"B\""));
    assertThat(json).contains("\"description\" : \"about, \\\"quoted\\\"\"");
  }

  @Test
  void json_carriesTheEventLogAndTheModelsMetrics_withTheirUnits() {
    MetricSpec rss = MetricSpec.withPeak("rss", Unit.PAGES, "resident pages");
    MetricSpec free = MetricSpec.of("free", Unit.PAGES, "free frames");
    RunResult r =
        new RunResult(
            "textbook",
            "A",
            1,
            Map.of(),
            RunStatus.OK,
            "",
            10,
            Map.of(),
            List.of(
                new ProcessSummary(
                    100, "p", "killed", "OOM", 1, 0, Map.of("rss", 3L, "rss.peak", 3L))),
            List.of(),
            Map.of(),
            Map.of(),
            List.of(new LogEntry(1_234_567, "Out of memory: Killed process 100 (p)")),
            List.of(rss),
            List.of(free));

    String json = ResultsJson.render(report(r));

    assertThat(json)
        .contains(
            "\"eventLog\" : [ {\n      \"timeNs\" : 1234567,\n"
                + "      \"text\" : \"Out of memory: Killed process 100 (p)\"\n    } ]")
        .contains("\"name\" : \"rss\",\n      \"unit\" : \"pages\"")
        .contains("\"name\" : \"free\",\n      \"unit\" : \"pages\"")
        .contains("\"rss.peak\" : 3");
  }

  @Test
  void logLines_formatTheSameInEveryLocale() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertThat(new LogEntry(12_345_678, "x").format()).isEqualTo("     12,345,678 ns  x");
      Locale.setDefault(new Locale("fr", "FR"));
      assertThat(new LogEntry(12_345_678, "x").format()).isEqualTo("     12,345,678 ns  x");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void durations_pickAReadableUnit() {
    assertThat(Durations.format(812)).isEqualTo("812 ns");
    assertThat(Durations.format(14_200)).isEqualTo("14.2 µs");
    assertThat(Durations.format(3_070_000)).isEqualTo("3.07 ms");
    assertThat(Durations.format(1_250_000_000)).isEqualTo("1.250 s");
  }
}
