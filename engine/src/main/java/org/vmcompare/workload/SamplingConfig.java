package org.vmcompare.workload;

/**
 * {@code sampling}: how often the run records its time series (memory in use, faults, swap traffic,
 * and each model's gauges). Without it no time series is kept.
 */
public record SamplingConfig(SimDuration interval) {
  public SamplingConfig {
    if (interval == null) {
      throw new IllegalArgumentException("interval: is required, e.g. 10ms");
    }
    if (interval.nanos() <= 0) {
      throw new IllegalArgumentException("interval: must be longer than 0ns");
    }
  }
}
