package org.vmcompare.workload;

import java.util.Locale;
import org.vmcompare.yaml.SchemaGenerator;
import org.vmcompare.yaml.YamlDoc;

/**
 * A simulated duration as users write it: {@code 500ns}, {@code 1.5us}, {@code 10ms}, {@code 2s}.
 */
@YamlDoc(
    value = "a simulated duration: a number and ns, us, ms or s (500ns, 1.5us, 10ms, 2s)",
    pattern = SchemaGenerator.DURATION)
public record SimDuration(long nanos, String text) {
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
          return new SimDuration(Math.round(v * Long.parseLong(u[1])), text.trim());
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
