package org.vmcompare.reports;

import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.vmcompare.metrics.RunResult;

/**
 * One row a report can show: its name in results, a title for people, its unit, which way is
 * better, and how to read its value from a run. Declared once in {@link MetricCatalogue}, so the
 * table, the Markdown, the HTML, the CSV and the statistics agree on names and order.
 *
 * @param value reads the metric from a run; {@link Double#NaN} when the run does not have it
 */
public record ReportMetric(
    String name,
    String title,
    DisplayUnit unit,
    Better better,
    String description,
    ToDoubleFunction<RunResult> value) {
  public ReportMetric {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(title, "title is null");
    Objects.requireNonNull(unit, "unit is null");
    Objects.requireNonNull(better, "better is null");
    Objects.requireNonNull(description, "description is null");
    Objects.requireNonNull(value, "value is null");
  }

  /** A counter of the run, by its results name. */
  static ReportMetric counter(String name, String title, Better better, String description) {
    return new ReportMetric(
        name, title, DisplayUnit.COUNT, better, description, r -> counterValue(r, name));
  }

  /**
   * A counter's value. The engine writes {@code ops.*} counters only once they happen, so a run
   * that has counters but not this one counted none; a run without any counters has no value.
   */
  static double counterValue(RunResult r, String name) {
    Long v = r.counters().get(name);
    if (v != null) {
      return v;
    }
    return r.counters().isEmpty() ? Double.NaN : 0;
  }

  /** The value in a finished run, else NaN: a run that stopped early has no comparable value. */
  public double of(RunResult r) {
    return r.ok() ? value.applyAsDouble(r) : Double.NaN;
  }
}
