package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.metrics.RunResult;

/**
 * Everything an experiment produced, in the order the runs were planned. Renderers read only this,
 * so every output of one experiment shows the same numbers.
 *
 * @param machine one-line description of the simulated machine, for headers
 * @param pageSize the machine's page size in bytes, so pages can be shown in MiB
 */
public record ExperimentReport(
    String experiment, String description, String machine, long pageSize, List<RunResult> results) {
  public ExperimentReport {
    Objects.requireNonNull(experiment, "experiment is null");
    description = description == null ? "" : description;
    Objects.requireNonNull(machine, "machine is null");
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
    }
    results = List.copyOf(results);
  }

  /** The catalogue of every metric these runs can show. */
  public MetricCatalogue catalogue() {
    return MetricCatalogue.of(results);
  }

  /** Results grouped by column: variant label plus sweep point, in first-seen order. */
  public Map<String, List<RunResult>> byLabel() {
    Map<String, List<RunResult>> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      out.computeIfAbsent(column(r), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /** A run's column title: its label, with the sweep point's values when there is one. */
  public static String column(RunResult r) {
    if (r.point().isEmpty()) {
      return r.label();
    }
    StringBuilder sb = new StringBuilder(r.label());
    r.point().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }

  /** Every counter name any run reported, in first-seen (display) order. */
  public List<String> counterNames() {
    LinkedHashMap<String, Boolean> names = new LinkedHashMap<>();
    for (RunResult r : results) {
      for (String k : r.counters().keySet()) {
        names.put(k, Boolean.TRUE);
      }
    }
    return new ArrayList<>(names.keySet());
  }
}
