package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.stats.Comparison;
import org.vmcompare.reports.stats.SignificanceTest;
import org.vmcompare.reports.stats.Summary;

/**
 * The statistics a report prints, computed once: for each metric worth showing, the summary over
 * seeds of each column, and the comparison of each column with the first one.
 */
final class Summaries {
  /** One metric's row: a summary per column, in column order. */
  record Row(ReportMetric metric, List<Summary> cells) {}

  private Summaries() {}

  /** The rows of the catalogue with a value somewhere, non-zero somewhere or headline. */
  static List<Row> rows(ExperimentReport report) {
    Map<String, List<RunResult>> byLabel = report.byLabel();
    List<Row> out = new ArrayList<>();
    MetricCatalogue catalogue = report.catalogue();
    for (ReportMetric m : catalogue.metrics()) {
      List<Summary> cells = new ArrayList<>();
      boolean any = false;
      boolean nonZero = false;
      for (List<RunResult> runs : byLabel.values()) {
        Summary s = Summary.of(values(runs, m));
        cells.add(s);
        any |= s.n() > 0;
        nonZero |= s.n() > 0 && (s.max() != 0 || s.min() != 0);
      }
      if (any && (nonZero || catalogue.alwaysShown(m.name()))) {
        out.add(new Row(m, cells));
      }
    }
    return out;
  }

  /** The metric's value in each run, NaN for runs that did not finish. */
  static double[] values(List<RunResult> runs, ReportMetric m) {
    double[] v = new double[runs.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = m.of(runs.get(i));
    }
    return v;
  }

  /** A table cell: the mean, with "± half-width" when there is an interval. */
  static String cell(Summary s, DisplayUnit unit, long pageSize) {
    if (s.n() == 0) {
      return "-";
    }
    String mean = unit.format(s.mean(), pageSize);
    if (!s.hasInterval() || s.halfWidth() == 0) {
      return mean;
    }
    return mean + " ± " + unit.format(s.halfWidth(), pageSize);
  }

  /** The spread cell: "sd 12.3, 100–130". */
  static String spread(Summary s, DisplayUnit unit, long pageSize) {
    if (s.n() < 2) {
      return s.n() == 1 ? "one seed" : "-";
    }
    return "sd "
        + unit.format(s.sd(), pageSize)
        + ", "
        + unit.format(s.min(), pageSize)
        + "–"
        + unit.format(s.max(), pageSize);
  }

  /** The largest number of runs in one column: how many seeds the report is over. */
  static int seeds(ExperimentReport report) {
    return report.byLabel().values().stream().mapToInt(List::size).max().orElse(0);
  }

  /**
   * Each column after the first compared with the first, for one metric, as short table cells:
   * "15.9% fewer (p < 0.001)", "no significant difference (p = 0.41)", "12% more (one seed)".
   */
  static List<String> verdicts(ExperimentReport report, ReportMetric m, SignificanceTest test) {
    List<List<RunResult>> runs = new ArrayList<>(report.byLabel().values());
    List<String> out = new ArrayList<>();
    double[] base = values(runs.get(0), m);
    for (int i = 1; i < runs.size(); i++) {
      Comparison c = Comparison.of(test, base, values(runs.get(i), m));
      if (c.a().n() == 0 || c.b().n() == 0) {
        out.add("no finished run");
      } else if (!c.tested()) {
        out.add(difference(c, m, report.pageSize()) + (seeds(report) > 1 ? " (untested)" : ""));
      } else if (!c.significant()) {
        out.add("no significant difference (" + c.pValue() + ")");
      } else {
        out.add("**" + difference(c, m, report.pageSize()) + "** (" + c.pValue() + ")");
      }
    }
    return out;
  }

  /** "15.9% fewer", "2.5 MiB higher", "the same". */
  private static String difference(Comparison c, ReportMetric m, long pageSize) {
    if (c.difference() == 0) {
      return "the same";
    }
    boolean count = m.unit() == DisplayUnit.COUNT;
    String how = c.difference() > 0 ? (count ? "more" : "higher") : (count ? "fewer" : "lower");
    double rel = c.relative();
    String amount =
        Double.isNaN(rel)
            ? m.unit().format(Math.abs(c.difference()), pageSize)
            : String.format(Locale.ROOT, "%.1f%%", Math.abs(rel));
    return amount + " " + how;
  }
}
