package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.doc.Block;

/**
 * The per-system part of a report: its processes (across seeds, see {@link ProcessTables}), then
 * every seed's kernel log and native views, each folded under a line that names the system and the
 * seed; then every run that did not finish, with why.
 */
final class RunSections {
  /** Kernel log lines shown per run; the rest are in results.json. */
  static final int LOG_LINES = 40;

  private RunSections() {}

  static List<Block> blocks(ExperimentReport report) {
    Map<String, List<RunResult>> byLabel = report.byLabel();
    List<Block> b = new ArrayList<>();
    b.add(new Block.Heading(2, "Processes", "processes"));
    if (Summaries.seeds(report) > 1) {
      b.add(
          new Block.Para(
              "Each system's processes as they ended: the mean over the seeds ± the 95% confidence"
                  + " interval (a process is matched across seeds by name and pid), then every"
                  + " seed's own values."));
    }
    byLabel.forEach((column, runs) -> b.addAll(ProcessTables.of(report, column, runs)));
    b.add(new Block.Heading(2, "Kernel log", "log"));
    b.add(
        new Block.Para(
            "What the model and the engine logged, with simulated times, for every seed (the first "
                + LOG_LINES
                + " lines of each; results.json has them all)."));
    byLabel.forEach(
        (column, runs) -> {
          for (RunResult r : runs) {
            b.add(log(column, r));
          }
        });
    if (report.results().stream().anyMatch(r -> !r.views().isEmpty())) {
      b.add(new Block.Heading(2, "Native views", "views"));
      b.add(
          new Block.Para(
              "What each OS's own tools would show at each `snapshot` step, for every seed; every"
                  + " view is also a file under `views/`."));
      byLabel.forEach(
          (column, runs) -> {
            if (runs.stream().anyMatch(r -> !r.views().isEmpty())) {
              b.add(new Block.Heading(3, column, "views-" + ViewFiles.safe(column)));
              for (RunResult r : runs) {
                views(b, report, column, r);
              }
            }
          });
    }
    List<String> failed = new ArrayList<>();
    byLabel.forEach(
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

  private static Block log(String column, RunResult r) {
    List<LogEntry> log = r.eventLog();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(LOG_LINES, log.size()); i++) {
      sb.append(log.get(i).format()).append('\n');
    }
    if (log.size() > LOG_LINES) {
      sb.append("… ").append(log.size() - LOG_LINES).append(" more lines in results.json\n");
    }
    String summary =
        column + ", seed " + r.seed() + ": " + log.size() + " line" + (log.size() == 1 ? "" : "s");
    return new Block.Folded(
        summary, log.isEmpty() ? List.of() : List.of(new Block.Code(sb.toString())));
  }

  private static void views(List<Block> b, ExperimentReport report, String column, RunResult r) {
    r.views()
        .forEach(
            (snapshot, views) ->
                views.forEach(
                    (view, text) ->
                        b.add(
                            new Block.Folded(
                                column
                                    + ", seed "
                                    + r.seed()
                                    + " — snapshot `"
                                    + snapshot
                                    + "` — `"
                                    + view
                                    + "`",
                                List.of(
                                    new Block.Para(
                                        "`"
                                            + ViewFiles.path(report, column, r, snapshot, view)
                                            + "`"),
                                    new Block.Code(text))))));
  }
}
