package org.vmcompare.metrics;

import java.util.Locale;
import java.util.Objects;

/**
 * One line of a run's kernel log (the OOM killer's "Out of memory: Killed process …", "running low
 * on virtual memory", a process's exit), stamped with the simulated time it was written at.
 */
public record LogEntry(long timeNs, String text) {
  public LogEntry {
    Objects.requireNonNull(text, "text is null");
  }

  /**
   * The line as logs show it, {@code " 12,345,678 ns text"}, formatted the same on every host
   * whatever its locale.
   */
  public String format() {
    return String.format(Locale.ROOT, "%,15d ns  %s", timeNs, text);
  }
}
