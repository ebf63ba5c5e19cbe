package org.vmcompare.reports;

import java.util.Objects;
import org.vmcompare.metrics.ProcessSummary;

/**
 * A column of the per-process tables: the faults every process has, then what the model declares
 * per process (rss, pss, uss, swap, a working set, a footprint), each with its peak when kept.
 */
public record ProcessMetric(String name, DisplayUnit unit, Better better, String description) {
  public ProcessMetric {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(unit, "unit is null");
    Objects.requireNonNull(better, "better is null");
    Objects.requireNonNull(description, "description is null");
  }

  /** The process's value, or NaN when the process does not carry this metric. */
  public double of(ProcessSummary p) {
    return switch (name) {
      case "faults.minor" -> p.minorFaults();
      case "faults.major" -> p.majorFaults();
      default -> {
        Long v = p.metrics().get(name);
        yield v == null ? Double.NaN : v;
      }
    };
  }
}
