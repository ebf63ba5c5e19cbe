package org.vmcompare.metrics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A metric a model declares once, in display order: what it is called in results, its unit, one
 * line saying what it means, and whether results also carry its peak. Models declare per-process
 * metrics (RSS, PSS, working set, commit charge, footprint) and gauges (free memory, list sizes,
 * pressure level) this way, so reports can show them side by side without knowing the OS.
 *
 * @param name lower-case, dotted: {@code rss}, {@code linux.lru.inactive.anon}
 * @param peak whether the highest value the metric reached is kept too (as {@code NAME.peak})
 */
public record MetricSpec(String name, Unit unit, String description, boolean peak) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");

  public MetricSpec {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(unit, "unit is null");
    Objects.requireNonNull(description, "description is null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "metric name '" + name + "' must be lower case and dotted, like 'rss' or 'linux.free'");
    }
    if (name.endsWith(".peak")) {
      throw new IllegalArgumentException(
          "metric name '" + name + "' must not end in .peak: ask for the peak with peak=true");
    }
  }

  /** A metric without a peak. */
  public static MetricSpec of(String name, Unit unit, String description) {
    return new MetricSpec(name, unit, description, false);
  }

  /** A metric whose peak is kept too. */
  public static MetricSpec withPeak(String name, Unit unit, String description) {
    return new MetricSpec(name, unit, description, true);
  }
}
