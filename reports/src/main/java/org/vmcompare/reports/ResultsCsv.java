package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;

/**
 * results.csv, tidy: one row per run × metric × process, ready for pandas or R ({@code
 * pd.read_csv}, then group by). Run-level metrics have empty process columns. A run that did not
 * finish has empty value cells, never zeros, so a mean over the file is not dragged down by it. RFC
 * 4180 quoting.
 */
public final class ResultsCsv {
  private ResultsCsv() {}

  public static String render(ExperimentReport report) {
    // The data file keeps every metric, whatever the reader chose to see in the report.
    MetricCatalogue catalogue = MetricCatalogue.of(report.results());
    List<String> keys = new ArrayList<>(report.sweepValues().keySet());
    StringBuilder sb = new StringBuilder("experiment,label,system,seed");
    for (String k : keys) {
      sb.append(',').append(quote(k));
    }
    sb.append(",status,process,pid,metric,unit,value\n");
    for (RunResult r : report.results()) {
      StringBuilder lead = new StringBuilder();
      lead.append(quote(report.experiment())).append(',').append(quote(r.label())).append(',');
      lead.append(quote(r.system())).append(',').append(r.seed());
      for (String k : keys) {
        lead.append(',').append(quote(r.point().getOrDefault(k, "")));
      }
      lead.append(',').append(r.status().id());
      for (ReportMetric m : catalogue.metrics()) {
        row(sb, lead, "", "", m.name(), m.unit(), m.of(r));
      }
      for (ProcessSummary p : r.processes()) {
        for (ProcessMetric m : catalogue.processMetrics()) {
          double v = r.ok() ? m.of(p) : Double.NaN;
          row(sb, lead, p.name(), Integer.toString(p.pid()), m.name(), m.unit(), v);
        }
      }
    }
    return sb.toString();
  }

  private static void row(
      StringBuilder sb,
      CharSequence lead,
      String process,
      String pid,
      String metric,
      DisplayUnit unit,
      double v) {
    sb.append(lead).append(',').append(quote(process)).append(',').append(pid).append(',');
    sb.append(quote(metric)).append(',').append(unit.id()).append(',');
    if (!Double.isNaN(v)) {
      sb.append(
          v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
    }
    sb.append('\n');
  }

  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
