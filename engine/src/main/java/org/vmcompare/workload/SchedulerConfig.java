package org.vmcompare.workload;

import org.vmcompare.common.Quantities;

/**
 * {@code scheduler}: how processes share the one simulated CPU: round-robin, each running for a
 * quantum before the next runnable process gets the CPU. The quantum is a number of references
 * ({@code 1000}, {@code 10k}) or a simulated duration ({@code 100us}, {@code 1ms}).
 */
public record SchedulerConfig(String quantum) {
  public static final long DEFAULT_QUANTUM = 1000;

  public SchedulerConfig {
    quantum = quantum == null ? Long.toString(DEFAULT_QUANTUM) : quantum.trim();
    if (isTime(quantum)) {
      long ns;
      try {
        ns = SimDuration.parse(quantum).nanos();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("quantum: " + e.getMessage(), e);
      }
      if (ns <= 0) {
        throw new IllegalArgumentException("quantum: must be longer than 0ns, got " + quantum);
      }
    } else {
      long refs;
      try {
        refs = Quantities.parseCount(quantum);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "quantum: '"
                + quantum
                + "' is neither a reference count (1000, 10k) nor a duration"
                + " (100us, 1ms)",
            e);
      }
      if (refs <= 0) {
        throw new IllegalArgumentException("quantum: must be positive, got " + quantum);
      }
    }
  }

  public SchedulerConfig() {
    this(null);
  }

  private static boolean isTime(String q) {
    return q.endsWith("s");
  }

  /** References per quantum, or 0 when the quantum is a duration. */
  public long quantumReferences() {
    return isTime(quantum) ? 0 : Quantities.parseCount(quantum);
  }

  /** Simulated nanoseconds per quantum, or 0 when the quantum is a reference count. */
  public long quantumNanos() {
    return isTime(quantum) ? SimDuration.parse(quantum).nanos() : 0;
  }
}
