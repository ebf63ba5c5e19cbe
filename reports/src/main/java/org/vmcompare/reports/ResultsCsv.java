package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.metrics.RunResult;

/**
 * results.csv: one row per run (variant × seed), one column per counter, for spreadsheets and
 * pandas. RFC 4180 quoting.
 */
public final class ResultsCsv {
  private ResultsCsv() {}

  public static String render(ExperimentReport report) {
    List<String> counters = report.counterNames();
    StringBuilder sb = new StringBuilder();
    List<String> keys = new ArrayList<>();
    for (RunResult r : report.results()) {
      for (String k : r.point().keySet()) {
        if (!keys.contains(k)) {
          keys.add(k);
        }
      }
    }
    sb.append("label,system,seed");
    for (String k : keys) {
      sb.append(',').append(quote(k));
    }
    sb.append(",status,simulated_ns");
    for (String c : counters) {
      sb.append(',').append(quote(c));
    }
    sb.append('\n');
    for (RunResult r : report.results()) {
      sb.append(quote(r.label()))
          .append(',')
          .append(quote(r.system()))
          .append(',')
          .append(r.seed());
      for (String k : keys) {
        sb.append(',').append(quote(r.point().getOrDefault(k, "")));
      }
      sb.append(',').append(quote(r.status().id())).append(',').append(r.simulatedNs());
      for (String c : counters) {
        sb.append(',');
        Long v = r.counters().get(c);
        if (v != null) {
          sb.append(v);
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
