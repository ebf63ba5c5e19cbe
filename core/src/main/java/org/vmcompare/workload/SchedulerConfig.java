package org.vmcompare.workload;

/**
 * {@code scheduler}: how processes share the one simulated CPU: round-robin, each running for
 * {@code quantum} references before the next runnable process gets the CPU.
 */
public record SchedulerConfig(Long quantum) {
  public static final long DEFAULT_QUANTUM = 1000;

  public SchedulerConfig {
    quantum = quantum == null ? DEFAULT_QUANTUM : quantum;
    if (quantum <= 0) {
      throw new IllegalArgumentException("quantum: must be positive, got " + quantum);
    }
  }

  public SchedulerConfig() {
    this(null);
  }
}
