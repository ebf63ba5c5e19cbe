package org.vmcompare.reports;

import java.util.Locale;

/** Human-readable simulated durations: 812 ns, 14.2 µs, 3.07 ms, 1.250 s. */
public final class Durations {
  private Durations() {}

  public static String format(double nanos) {
    if (nanos < 1_000) {
      return String.format(Locale.ROOT, "%.0f ns", nanos);
    }
    if (nanos < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }
    if (nanos < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
    return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
  }
}
