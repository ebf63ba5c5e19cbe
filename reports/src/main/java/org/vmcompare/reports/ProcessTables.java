package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.doc.Block;
import org.vmcompare.reports.stats.Summary;

/**
 * The per-process tables of one system. With one finished seed, that seed's processes as they
 * ended. With several, one row per process (the same name and pid in every seed) with each metric's
 * mean ± its 95% confidence interval, like the summary, and how the process ended in how many
 * seeds; then every seed's own values in a folded table. Only the columns the system's model
 * declares are shown, so a textbook system has no empty rss column next to Linux's.
 */
final class ProcessTables {
  private ProcessTables() {}

  /** The blocks for one column of the report. */
  static List<Block> of(ExperimentReport report, String column, List<RunResult> runs) {
    List<RunResult> done = runs.stream().filter(RunResult::ok).toList();
    List<RunResult> shown = done.isEmpty() ? runs.subList(0, 1) : done;
    List<ProcessMetric> metrics = columns(report.catalogue().processMetrics(), shown);
    List<Block> b = new ArrayList<>();
    if (shown.stream().allMatch(r -> r.processes().isEmpty())) {
      b.add(new Block.Heading(3, column, id(column)));
      b.add(
          new Block.Para(
              done.isEmpty()
                  ? "No run finished, so no process is shown; see \"Runs that did not finish\"."
                  : "No process ran."));
      return b;
    }
    if (shown.size() == 1) {
      RunResult r = shown.get(0);
      String how = r.ok() ? "" : ", which did not finish";
      b.add(new Block.Heading(3, column + " (seed " + r.seed() + how + ")", id(column)));
      b.add(perSeed(report, shown, metrics, false));
      return b;
    }
    b.add(new Block.Heading(3, column + " (" + shown.size() + " seeds)", id(column)));
    b.add(acrossSeeds(report, shown, metrics));
    b.add(new Block.Folded(column + ": each seed", List.of(perSeed(report, shown, metrics, true))));
    return b;
  }

  private static String id(String column) {
    return "processes-" + ViewFiles.safe(column);
  }

  /** The faults, then the model's metrics that at least one process of these runs has. */
  private static List<ProcessMetric> columns(List<ProcessMetric> all, List<RunResult> runs) {
    List<ProcessMetric> out = new ArrayList<>();
    for (ProcessMetric m : all) {
      boolean any =
          runs.stream().flatMap(r -> r.processes().stream()).anyMatch(p -> !Double.isNaN(m.of(p)));
      if (any) {
        out.add(m);
      }
    }
    return out;
  }

  private static Block acrossSeeds(
      ExperimentReport report, List<RunResult> runs, List<ProcessMetric> metrics) {
    Map<String, List<ProcessSummary>> byProcess = new LinkedHashMap<>();
    for (RunResult r : runs) {
      for (ProcessSummary p : r.processes()) {
        byProcess.computeIfAbsent(p.name() + "\u0000" + p.pid(), k -> new ArrayList<>()).add(p);
      }
    }
    List<String> header = new ArrayList<>(List.of("process", "ended by", "pid", "seeds"));
    metrics.forEach(m -> header.add(title(m)));
    List<List<String>> rows = new ArrayList<>();
    for (List<ProcessSummary> ps : byProcess.values()) {
      ProcessSummary first = ps.get(0);
      List<String> row =
          new ArrayList<>(
              List.of(
                  first.name(),
                  endings(ps),
                  Integer.toString(first.pid()),
                  ps.size() + " of " + runs.size()));
      for (ProcessMetric m : metrics) {
        double[] v = ps.stream().mapToDouble(m::of).toArray();
        row.add(Summaries.cell(Summary.of(v), m.unit(), report.pageSize()));
      }
      rows.add(row);
    }
    return new Block.Table(header, rows, 2);
  }

  /** "exit", or "exit ×2, OOM ×1" when the seeds disagree. */
  private static String endings(List<ProcessSummary> ps) {
    Map<String, Integer> count = new LinkedHashMap<>();
    ps.forEach(p -> count.merge(ending(p), 1, Integer::sum));
    if (count.size() == 1) {
      return count.keySet().iterator().next();
    }
    List<String> out = new ArrayList<>();
    count.forEach((k, n) -> out.add(k + " ×" + n));
    return String.join(", ", out);
  }

  private static String ending(ProcessSummary p) {
    return p.endReason().isBlank() ? p.state() : p.endReason();
  }

  private static Block perSeed(
      ExperimentReport report, List<RunResult> runs, List<ProcessMetric> metrics, boolean seeds) {
    List<String> header = new ArrayList<>();
    if (seeds) {
      header.add("seed");
    }
    header.addAll(List.of("process", "state", "ended by", "pid"));
    metrics.forEach(m -> header.add(title(m)));
    List<List<String>> rows = new ArrayList<>();
    for (RunResult r : runs) {
      for (ProcessSummary p : r.processes()) {
        List<String> row = new ArrayList<>();
        if (seeds) {
          row.add(Long.toString(r.seed()));
        }
        row.addAll(List.of(p.name(), p.state(), p.endReason(), Integer.toString(p.pid())));
        for (ProcessMetric m : metrics) {
          row.add(m.unit().format(m.of(p), report.pageSize()));
        }
        rows.add(row);
      }
    }
    return new Block.Table(header, rows, header.size() - metrics.size() - 1);
  }

  /** A column title: "minor faults", "rss", "peak rss". */
  static String title(ProcessMetric m) {
    return switch (m.name()) {
      case "faults.minor" -> "minor faults";
      case "faults.major" -> "major faults";
      default ->
          m.name().endsWith(".peak")
              ? "peak " + m.name().substring(0, m.name().length() - ".peak".length())
              : m.name();
    };
  }
}
