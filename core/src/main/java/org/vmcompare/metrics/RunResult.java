package org.vmcompare.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one run (one system variant × seed × sweep point) produced. Maps keep insertion order
 * (display order), never hash order, so the JSON is byte-identical for the same seed.
 *
 * @param status how the run ended; when not {@link RunStatus#OK}, {@code error} says why
 * @param simulatedNs simulated time at the end of the run
 * @param counters every counter in display order
 * @param simplifications where the model simplifies the real OS (shown in reports)
 * @param views native views captured at snapshots: snapshot → view name → text
 * @param timeSeries sampled columns (timeNs first) when the experiment sets sampling; else empty
 * @param eventLog the kernel log: what the model and the engine reported, with simulated times
 * @param processMetrics the per-process metrics the model declares, in display order (their values
 *     are in each process's {@link ProcessSummary#metrics})
 * @param gauges the model's gauges, in display order (their samples are columns of the time series)
 */
public record RunResult(
    String system,
    String label,
    long seed,
    Map<String, String> point,
    RunStatus status,
    String error,
    long simulatedNs,
    Map<String, Long> counters,
    List<ProcessSummary> processes,
    List<String> simplifications,
    Map<String, Map<String, String>> views,
    Map<String, List<Long>> timeSeries,
    List<LogEntry> eventLog,
    List<MetricSpec> processMetrics,
    List<MetricSpec> gauges) {

  public RunResult {
    Objects.requireNonNull(system, "system is null");
    Objects.requireNonNull(label, "label is null");
    Objects.requireNonNull(status, "status is null");
    error = error == null ? "" : error;
    eventLog = eventLog == null ? List.of() : List.copyOf(eventLog);
    processMetrics = processMetrics == null ? List.of() : List.copyOf(processMetrics);
    gauges = gauges == null ? List.of() : List.copyOf(gauges);
  }

  public boolean ok() {
    return status == RunStatus.OK;
  }

  public long counter(String name) {
    Long v = counters.get(name);
    return v == null ? 0 : v;
  }
}
