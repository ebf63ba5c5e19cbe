package org.vmcompare.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * How one process ended up in one run, for the report's per-process table.
 *
 * @param metrics the model's per-process metrics at the end of the run, in the order the model
 *     declared them, each with a peak followed by {@code NAME.peak}; empty when the model declares
 *     none
 */
public record ProcessSummary(
    int pid,
    String name,
    String state,
    String endReason,
    long minorFaults,
    long majorFaults,
    Map<String, Long> metrics) {
  public ProcessSummary {
    Objects.requireNonNull(name, "name is null");
    metrics = metrics == null ? Map.of() : metrics;
  }

  /** A process with no model metrics. */
  public ProcessSummary(
      int pid, String name, String state, String endReason, long minorFaults, long majorFaults) {
    this(pid, name, state, endReason, minorFaults, majorFaults, Map.of());
  }
}
