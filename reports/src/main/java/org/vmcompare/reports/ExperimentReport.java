package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vmcompare.metrics.RunResult;

/**
 * Everything an experiment produced, in the order the runs were planned. Renderers read only this,
 * so every output of one experiment shows the same numbers.
 *
 * @param machine one-line description of the simulated machine, for headers
 * @param pageSize the machine's page size in bytes, so pages can be shown in MiB
 * @param metrics the metrics the reader chose to see, in order ({@code --metrics}); empty for all
 */
public record ExperimentReport(
    String experiment,
    String description,
    String machine,
    long pageSize,
    List<RunResult> results,
    List<String> metrics) {
  public ExperimentReport {
    Objects.requireNonNull(experiment, "experiment is null");
    description = description == null ? "" : description;
    Objects.requireNonNull(machine, "machine is null");
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
    }
    results = List.copyOf(results);
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
    MetricCatalogue.of(results).select(metrics); // an unknown name fails here, listing the known
  }

  /** A report of every metric. */
  public ExperimentReport(
      String experiment,
      String description,
      String machine,
      long pageSize,
      List<RunResult> results) {
    this(experiment, description, machine, pageSize, results, List.of());
  }

  /** The same runs, showing only these metrics. */
  public ExperimentReport withMetrics(List<String> chosen) {
    return new ExperimentReport(experiment, description, machine, pageSize, results, chosen);
  }

  /** The catalogue of the metrics these runs can show, or of those the reader chose. */
  public MetricCatalogue catalogue() {
    return MetricCatalogue.of(results).select(metrics);
  }

  /** Results grouped by column: variant label plus swept values, in first-seen order. */
  public Map<String, List<RunResult>> byLabel() {
    List<String> keys = sweepKeys();
    Map<String, List<RunResult>> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      out.computeIfAbsent(column(r, keys), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /**
   * A run's column title: its label, then the values of the swept keys separated by "/" ("LRU
   * 8MiB/500"); {@link #legend()} says which key each value belongs to.
   */
  public static String column(RunResult r, List<String> sweepKeys) {
    if (sweepKeys.isEmpty()) {
      return r.label();
    }
    List<String> values = new ArrayList<>();
    for (String k : sweepKeys) {
      values.add(r.point().getOrDefault(k, "-"));
    }
    return r.label() + " " + String.join("/", values);
  }

  /**
   * The sweep keys whose values differ between runs, in first-seen order; empty without a sweep.
   */
  public List<String> sweepKeys() {
    Map<String, Set<String>> values = sweepValues();
    List<String> out = new ArrayList<>();
    values.forEach(
        (k, v) -> {
          if (v.size() > 1) {
            out.add(k);
          }
        });
    return out;
  }

  /** Every sweep key with its values in first-seen order. */
  public Map<String, Set<String>> sweepValues() {
    Map<String, Set<String>> values = new LinkedHashMap<>();
    for (RunResult r : results) {
      r.point().forEach((k, v) -> values.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v));
    }
    return values;
  }

  /**
   * The legend of the column titles ("columns: LABEL machine.ram/systems[0].options.frames"), or
   * "".
   */
  public String legend() {
    List<String> keys = sweepKeys();
    return keys.isEmpty() ? "" : "columns: LABEL " + String.join("/", keys);
  }

  /**
   * The machine line for headers. With a sweep it says which keys vary, and leaves out the RAM of
   * the first point when the RAM is one of them, instead of presenting it as everyone's.
   */
  public String machineLine() {
    List<String> keys = sweepKeys();
    if (keys.isEmpty()) {
      return machine;
    }
    String m =
        keys.contains("machine.ram")
            ? machine.replaceFirst("^machine: \\S+ RAM, ", "machine: ")
            : machine;
    Map<String, Set<String>> values = sweepValues();
    List<String> parts = new ArrayList<>();
    for (String k : keys) {
      parts.add(k + " = " + String.join(", ", values.get(k)));
    }
    return m + "\nswept: " + String.join("; ", parts);
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
