package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.RunResult;

/**
 * The terminal comparison: one column per system variant, one row per metric of the {@link
 * MetricCatalogue} in its order, means over seeds. Rows that are zero for every variant are left
 * out, except the headline ones, so the table shows what differs.
 */
public final class ComparisonTable {
  private ComparisonTable() {}

  public static String render(ExperimentReport report) {
    Map<String, List<RunResult>> byLabel = report.byLabel();
    List<String> labels = new ArrayList<>(byLabel.keySet());
    List<String[]> rows = new ArrayList<>();
    rows.add(header(labels));
    MetricCatalogue catalogue = report.catalogue();
    for (ReportMetric m : catalogue.metrics()) {
      double[] means = new double[labels.size()];
      boolean any = false;
      boolean anyOk = false;
      for (int i = 0; i < labels.size(); i++) {
        means[i] = mean(byLabel.get(labels.get(i)), m);
        anyOk |= !Double.isNaN(means[i]);
        any |= !Double.isNaN(means[i]) && means[i] != 0;
      }
      if (!anyOk || (!any && !catalogue.alwaysShown(m.name()))) {
        continue;
      }
      String[] row = new String[labels.size() + 1];
      row[0] = m.name();
      for (int i = 0; i < labels.size(); i++) {
        row[i + 1] = m.unit().format(means[i], report.pageSize());
      }
      rows.add(row);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(report.experiment());
    if (!report.description().isBlank()) {
      sb.append(" — ").append(report.description().strip().replace('\n', ' '));
    }
    sb.append('\n').append(report.machineLine()).append('\n');
    if (!report.legend().isEmpty()) {
      sb.append(report.legend()).append('\n');
    }
    int seeds = byLabel.values().stream().mapToInt(List::size).max().orElse(0);
    if (seeds > 1) {
      sb.append("means over ").append(seeds).append(" seeds\n");
    }
    sb.append('\n').append(TextTable.render(rows));
    for (String label : labels) {
      for (RunResult r : byLabel.get(label)) {
        if (!r.ok()) {
          sb.append('\n')
              .append(label)
              .append(" (seed ")
              .append(r.seed())
              .append("): ")
              .append(r.error().startsWith(r.status().id()) ? "" : r.status().id() + ": ")
              .append(r.error());
        }
      }
    }
    if (sb.charAt(sb.length() - 1) != '\n') {
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String[] header(List<String> labels) {
    String[] h = new String[labels.size() + 1];
    h[0] = "";
    for (int i = 0; i < labels.size(); i++) {
      h[i + 1] = labels.get(i);
    }
    return h;
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
