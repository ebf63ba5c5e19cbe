package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vmcompare.metrics.RunResult;

/**
 * The terminal comparison: one column per system variant, one row per metric, means over seeds.
 * Rows that are zero for every variant are left out, except the headline ones, so the table shows
 * what differs.
 */
public final class ComparisonTable {
  /** Headline rows, always shown, in this order; then every other non-zero counter. */
  private static final List<String> HEADLINE =
      List.of("references", "faults", "faults.minor", "faults.major", "evictions");

  private ComparisonTable() {}

  public static String render(ExperimentReport report) {
    Map<String, List<RunResult>> byLabel = report.byLabel();
    List<String> labels = new ArrayList<>(byLabel.keySet());
    List<String[]> rows = new ArrayList<>();
    rows.add(header(labels));
    List<String> metrics = new ArrayList<>(HEADLINE);
    for (String c : report.counterNames()) {
      if (!metrics.contains(c)) {
        metrics.add(c);
      }
    }
    for (String m : metrics) {
      double[] means = new double[labels.size()];
      boolean any = false;
      boolean anyOk = false;
      for (int i = 0; i < labels.size(); i++) {
        Double v = mean(byLabel.get(labels.get(i)), m);
        means[i] = v == null ? Double.NaN : v;
        anyOk |= v != null;
        any |= v != null && v != 0;
      }
      if (!anyOk || (!any && !HEADLINE.contains(m))) {
        continue;
      }
      String[] row = new String[labels.size() + 1];
      row[0] = m;
      for (int i = 0; i < labels.size(); i++) {
        row[i + 1] = Double.isNaN(means[i]) ? "-" : format(means[i]);
      }
      rows.add(row);
    }
    String[] time = new String[labels.size() + 1];
    time[0] = "simulated time";
    for (int i = 0; i < labels.size(); i++) {
      List<RunResult> rs = byLabel.get(labels.get(i));
      double sum = 0;
      int n = 0;
      for (RunResult r : rs) {
        if (r.ok()) {
          sum += r.simulatedNs();
          n++;
        }
      }
      time[i + 1] = n == 0 ? "-" : Durations.format(sum / n);
    }
    rows.add(time);
    StringBuilder sb = new StringBuilder();
    sb.append(report.experiment());
    if (!report.description().isBlank()) {
      sb.append(" — ").append(report.description().strip().replace('\n', ' '));
    }
    sb.append('\n').append(report.machine()).append('\n');
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

  /** Mean of a metric over the successful runs, or null when none succeeded. */
  static Double mean(List<RunResult> runs, String metric) {
    double sum = 0;
    int n = 0;
    for (RunResult r : runs) {
      if (!r.ok()) {
        continue;
      }
      sum +=
          metric.equals("faults")
              ? r.counter("faults.minor") + r.counter("faults.major")
              : r.counter(metric);
      n++;
    }
    return n == 0 ? null : sum / n;
  }

  static String format(double v) {
    if (v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return String.format(Locale.ROOT, "%,.1f", v);
  }
}
