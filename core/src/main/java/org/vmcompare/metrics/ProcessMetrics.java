package org.vmcompare.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values of one process's model-declared metrics ({@link MetricSpec}), with their peaks, in the
 * order the model declared them. A model updates them where the quantity changes (a fault adds a
 * page to RSS, a trim removes one); the engine copies them into the results when the run ends.
 *
 * <p>Lookups are by the model's own {@link MetricSpec} constant, compared by identity over a
 * handful of entries: cheap on a fault path, no map, no boxing.
 */
public final class ProcessMetrics {
  private final MetricSpec[] specs;
  private final long[] values;
  private final long[] peaks;

  public ProcessMetrics(List<MetricSpec> specs) {
    this.specs = Objects.requireNonNull(specs, "specs is null").toArray(new MetricSpec[0]);
    this.values = new long[this.specs.length];
    this.peaks = new long[this.specs.length];
  }

  /** The metrics declared, in display order. */
  public List<MetricSpec> specs() {
    return List.of(specs);
  }

  public void set(MetricSpec spec, long value) {
    int i = indexOf(spec);
    values[i] = value;
    if (value > peaks[i]) {
      peaks[i] = value;
    }
  }

  public void add(MetricSpec spec, long delta) {
    int i = indexOf(spec);
    values[i] += delta;
    if (values[i] > peaks[i]) {
      peaks[i] = values[i];
    }
  }

  public long get(MetricSpec spec) {
    return values[indexOf(spec)];
  }

  /** The highest value the metric has had (0 before any). */
  public long peak(MetricSpec spec) {
    return peaks[indexOf(spec)];
  }

  /** Every value in display order, each metric with a peak followed by {@code NAME.peak}. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < specs.length; i++) {
      out.put(specs[i].name(), values[i]);
      if (specs[i].peak()) {
        out.put(specs[i].name() + ".peak", peaks[i]);
      }
    }
    return out;
  }

  private int indexOf(MetricSpec spec) {
    for (int i = 0; i < specs.length; i++) {
      if (specs[i] == spec) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "metric '" + spec.name() + "' was not declared by this run's model (processMetrics())");
  }
}
