package org.vmcompare.workload;

import java.util.Locale;
import org.vmcompare.yaml.SchemaPatterns;
import org.vmcompare.yaml.YamlDoc;

/**
 * A simulated duration as users write it: {@code 500ns}, {@code 1.5us}, {@code 10ms}, {@code 2s}.
 */
@YamlDoc(
    value = "a simulated duration: a number and ns, us, ms or s (500ns, 1.5us, 10ms, 2s)",
    pattern = SchemaPatterns.DURATION)
public record SimDuration(long nanos, String text) {
  /**
   * The longest duration one step may ask for, 2^62 ns (about 146 years), so that the simulated
   * clock, a {@code long} of nanoseconds, cannot overflow on the way.
   */
  public static final long MAX_NANOS = 1L << 62;

  public SimDuration {
    if (nanos < 0) {
      throw new IllegalArgumentException("'" + text + "' must not be negative");
    }
  }

  public static SimDuration ofNanos(long nanos) {
    return new SimDuration(nanos, nanos + "ns");
  }

  public static SimDuration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("µs", "us");
    String[][] units = {{"ns", "1"}, {"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"}};
    for (String[] u : units) {
      if (t.endsWith(u[0])) {
        String n = t.substring(0, t.length() - u[0].length()).trim();
        try {
          double v = Double.parseDouble(n);
          if (v < 0) {
            throw new IllegalArgumentException("'" + text + "' is negative");
          }
          double ns = v * Long.parseLong(u[1]);
          if (!(ns <= MAX_NANOS)) {
            throw new IllegalArgumentException(
                "'"
                    + text.trim()
                    + "' is longer than the simulated clock can count; at most about 146 years"
                    + " (4611686018427387904ns) a step");
          }
          return new SimDuration(Math.round(ns), text.trim());
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a duration; write for example 500ns, 1.5us, 10ms or 2s");
  }

  @Override
  public String toString() {
    return text;
  }
}
