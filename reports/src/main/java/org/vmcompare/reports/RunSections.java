package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.doc.Block;

/**
 * The per-system part of a report, for each system's first finished seed: its processes with the
 * metrics its model keeps per process, its kernel log, its native views; then every run that did
 * not finish, with why.
 */
final class RunSections {
  /** Kernel log lines shown per system; the rest are in results.json. */
  static final int LOG_LINES = 40;

  private RunSections() {}

  static List<Block> blocks(ExperimentReport report) {
    Map<String, RunResult> firsts = ReportDocument.firstRuns(report);
    List<Block> b = new ArrayList<>();
    b.add(new Block.Heading(2, "Processes", "processes"));
    List<ProcessMetric> metrics = report.catalogue().processMetrics();
    firsts.forEach(
        (column, r) -> {
          b.add(
              new Block.Heading(
                  3, column + " (seed " + r.seed() + ")", "processes-" + ViewFiles.safe(column)));
          b.add(processTable(report, r, metrics));
        });
    b.add(new Block.Heading(2, "Kernel log", "log"));
    firsts.forEach(
        (column, r) -> {
          List<LogEntry> log = r.eventLog();
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < Math.min(LOG_LINES, log.size()); i++) {
            sb.append(log.get(i).format()).append('\n');
          }
          if (log.size() > LOG_LINES) {
            sb.append("… ").append(log.size() - LOG_LINES).append(" more lines in results.json\n");
          }
          String summary =
              column
                  + " (seed "
                  + r.seed()
                  + "): "
                  + log.size()
                  + " line"
                  + (log.size() == 1 ? "" : "s");
          b.add(
              new Block.Folded(
                  summary, log.isEmpty() ? List.of() : List.of(new Block.Code(sb.toString()))));
        });
    if (firsts.values().stream().anyMatch(r -> !r.views().isEmpty())) {
      b.add(new Block.Heading(2, "Native views", "views"));
      b.add(
          new Block.Para(
              "What each OS's own tools would show at each `snapshot` step; every view is also a file under `views/`."));
      firsts.forEach(
          (column, r) ->
              r.views()
                  .forEach(
                      (snapshot, views) ->
                          views.forEach(
                              (view, text) ->
                                  b.add(
                                      new Block.Folded(
                                          column
                                              + " — snapshot `"
                                              + snapshot
                                              + "` — `"
                                              + view
                                              + "`",
                                          List.of(
                                              new Block.Para(
                                                  "`"
                                                      + ViewFiles.path(
                                                          report, column, r, snapshot, view)
                                                      + "`"),
                                              new Block.Code(text)))))));
    }
    List<String> failed = new ArrayList<>();
    report
        .byLabel()
        .forEach(
            (column, runs) -> {
              for (RunResult r : runs) {
                if (!r.ok()) {
                  failed.add(
                      "**"
                          + column
                          + "** (seed "
                          + r.seed()
                          + "): "
                          + r.status().id()
                          + ": "
                          + r.error());
                }
              }
            });
    if (!failed.isEmpty()) {
      b.add(new Block.Heading(2, "Runs that did not finish", "failed"));
      b.add(
          new Block.Para(
              "Their values are left out of every mean, test and chart, never counted as zero."));
      b.add(new Block.Bullets(failed));
    }
    return b;
  }

  private static Block processTable(
      ExperimentReport report, RunResult r, List<ProcessMetric> metrics) {
    List<String> header = new ArrayList<>(List.of("process", "pid", "state", "ended by"));
    for (ProcessMetric m : metrics) {
      header.add(m.name());
    }
    List<List<String>> rows = new ArrayList<>();
    for (ProcessSummary p : r.processes()) {
      List<String> row =
          new ArrayList<>(List.of(p.name(), Integer.toString(p.pid()), p.state(), p.endReason()));
      for (ProcessMetric m : metrics) {
        row.add(m.unit().format(m.of(p), report.pageSize()));
      }
      rows.add(row);
    }
    return new Block.Table(header, rows);
  }
}
