package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.RunResult;

/**
 * The terminal comparison: one column per system variant, one row per metric of the {@link
 * MetricCatalogue} in its order, titled as in report.md ("minor (soft) faults"), means over seeds.
 * Rows that are zero for every variant are left out, except the headline ones, so the table shows
 * what differs. The names {@code --metrics} takes are in {@code run --help} and docs/reports.md.
 *
 * <p>A sweep gets one table per system variant, its columns titled by the swept values alone
 * ("8MiB/500", the legend line says which keys they are), split into several tables when they would
 * be wider than {@link #WIDTH} characters; a variant none of whose runs finished gets no table,
 * only its reason below. Processes a run left hung are listed below too ({@link HungProcesses}).
 */
public final class ComparisonTable {
  /** The widest a sweep's table gets before its columns continue in a second table. */
  static final int WIDTH = 100;

  private ComparisonTable() {}

  public static String render(ExperimentReport report) {
    Map<String, List<RunResult>> byLabel = report.byLabel();
    StringBuilder sb = new StringBuilder();
    sb.append(report.experiment());
    if (!report.description().isBlank()) {
      sb.append(" — ").append(report.description().strip().replace('\n', ' '));
    }
    sb.append('\n').append(report.machineLine()).append('\n');
    List<String> keys = report.sweepKeys();
    if (!keys.isEmpty()) {
      sb.append("columns: ")
          .append(String.join("/", keys))
          .append(" (one table per system)")
          .append('\n');
    }
    int seeds = byLabel.values().stream().mapToInt(List::size).max().orElse(0);
    if (seeds > 1) {
      sb.append("means over ").append(seeds).append(" seeds\n");
    }
    if (keys.isEmpty()) {
      Map<String, String> titles = new LinkedHashMap<>();
      byLabel.keySet().forEach(c -> titles.put(c, c));
      sb.append('\n').append(TextTable.render(rows(report, "", titles)));
    } else {
      for (Map.Entry<String, Map<String, String>> e : sweepColumns(report).entrySet()) {
        for (Map<String, String> part : split(report, e.getKey(), e.getValue())) {
          sb.append('\n').append(TextTable.render(rows(report, e.getKey(), part)));
        }
      }
    }
    sb.append(Failures.lines(report));
    sb.append(HungProcesses.lines(report));
    if (sb.charAt(sb.length() - 1) != '\n') {
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Per label, its columns with at least one finished run, titled by their swept values. */
  private static Map<String, Map<String, String>> sweepColumns(ExperimentReport report) {
    List<String> keys = report.sweepKeys();
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    report
        .byLabel()
        .forEach(
            (column, runs) -> {
              if (runs.stream().anyMatch(RunResult::ok)) {
                RunResult r = runs.get(0);
                String values = ExperimentReport.column(r, keys).substring(r.label().length() + 1);
                out.computeIfAbsent(r.label(), k -> new LinkedHashMap<>()).put(column, values);
              }
            });
    return out;
  }

  /** The columns in groups that each fit in {@link #WIDTH} characters, at least one per group. */
  private static List<Map<String, String>> split(
      ExperimentReport report, String label, Map<String, String> titles) {
    List<String[]> rows = rows(report, label, titles);
    int first = 0;
    for (String[] row : rows) {
      first = Math.max(first, row[0].length());
    }
    List<Map<String, String>> out = new ArrayList<>();
    Map<String, String> part = new LinkedHashMap<>();
    int width = first;
    int i = 1;
    for (Map.Entry<String, String> e : titles.entrySet()) {
      int w = 0;
      for (String[] row : rows) {
        w = Math.max(w, row[i].length());
      }
      if (!part.isEmpty() && width + 2 + w > WIDTH) {
        out.add(part);
        part = new LinkedHashMap<>();
        width = first;
      }
      part.put(e.getKey(), e.getValue());
      width += 2 + w;
      i++;
    }
    out.add(part);
    return out;
  }

  /** The header and one row per shown metric, for these columns (key → title). */
  private static List<String[]> rows(
      ExperimentReport report, String corner, Map<String, String> titles) {
    Map<String, List<RunResult>> byLabel = report.byLabel();
    List<String> columns = new ArrayList<>(titles.keySet());
    List<String[]> rows = new ArrayList<>();
    String[] h = new String[columns.size() + 1];
    h[0] = corner;
    for (int i = 0; i < columns.size(); i++) {
      h[i + 1] = titles.get(columns.get(i));
    }
    rows.add(h);
    MetricCatalogue catalogue = report.catalogue();
    for (ReportMetric m : catalogue.metrics()) {
      double[] means = new double[columns.size()];
      boolean any = false;
      boolean anyOk = false;
      for (int i = 0; i < columns.size(); i++) {
        means[i] = mean(byLabel.get(columns.get(i)), m);
        anyOk |= !Double.isNaN(means[i]);
        any |= !Double.isNaN(means[i]) && means[i] != 0;
      }
      if (!anyOk || (!any && !catalogue.alwaysShown(m.name()))) {
        continue;
      }
      String[] row = new String[columns.size() + 1];
      row[0] = m.title();
      for (int i = 0; i < columns.size(); i++) {
        row[i + 1] = m.unit().format(means[i], report.pageSize());
      }
      rows.add(row);
    }
    return rows;
  }

  /** Mean of a metric over the finished runs, or NaN when none finished. */
  static double mean(List<RunResult> runs, ReportMetric metric) {
    double sum = 0;
    int n = 0;
    for (RunResult r : runs) {
      double v = metric.of(r);
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
