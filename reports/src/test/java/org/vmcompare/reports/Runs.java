package org.vmcompare.reports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.metrics.Unit;

/** Real run results for report tests, built the way the engine builds them. */
final class Runs {
  static final MetricSpec RSS = MetricSpec.withPeak("rss", Unit.PAGES, "resident set size");
  static final MetricSpec FREE = MetricSpec.of("free", Unit.PAGES, "free frames");

  private Runs() {}

  /** A finished run with these fault counts, a time series of 3 samples and one process. */
  static RunResult run(String label, long seed, long minor, long major) {
    return run(label, seed, minor, major, RunStatus.OK, Map.of());
  }

  static RunResult run(
      String label,
      long seed,
      long minor,
      long major,
      RunStatus status,
      Map<String, String> point) {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("references", 100L);
    counters.put("faults.minor", minor);
    counters.put("faults.major", major);
    counters.put("zero.fills", minor / 2);
    counters.put("evictions", 0L);
    counters.put("swap.out", 0L);
    counters.put("tlb.hits", 90L);
    counters.put("tlb.misses", 10L);
    counters.put("textbook.scans", 7L);
    Map<String, List<Long>> series = new LinkedHashMap<>();
    series.put("timeNs", List.of(0L, 500_000L, 1_000_000L));
    series.put("memory.used.pages", List.of(0L, 256L + seed, 128L));
    series.put("memory.free.pages", List.of(1024L, 768L - seed, 896L));
    series.put("faults.minor", List.of(0L, minor / 2, minor));
    series.put("faults.major", List.of(0L, 0L, major));
    series.put("free", List.of(1024L, 700L, 900L));
    return new RunResult(
        "textbook",
        label,
        seed,
        point,
        status,
        status == RunStatus.OK ? "" : "it broke",
        1_500_000,
        counters,
        List.of(
            new ProcessSummary(
                100, "app", "exited", "exit", minor, major, Map.of("rss", 64L, "rss.peak", 80L))),
        List.of("simple"),
        Map.of("end", Map.of("proc/100/maps", "00400000-00401000 r-xp  seed " + seed + "\n")),
        series,
        List.of(new LogEntry(1_000_000, "app exited in seed " + seed)),
        List.of(RSS),
        List.of(FREE));
  }

  static ExperimentReport report(RunResult... results) {
    return new ExperimentReport(
        "exp", "about, \"quoted\"", "machine: test", 4096, List.of(results));
  }
}
