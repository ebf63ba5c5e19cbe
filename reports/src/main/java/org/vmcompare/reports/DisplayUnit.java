package org.vmcompare.reports;

import java.util.Locale;
import org.vmcompare.metrics.Unit;

/**
 * How a report shows a metric's value. Pages are shown in MiB and nanoseconds in ms in charts, so
 * two systems' memory reads in the units a person thinks in, whatever the machine's page size.
 */
public enum DisplayUnit {
  COUNT(""),
  PAGES("MiB"),
  BYTES("MiB"),
  NANOSECONDS("ms"),
  LEVEL("level"),
  PERCENT("%");

  private final String axis;

  DisplayUnit(String axis) {
    this.axis = axis;
  }

  /** The display unit of a model's declared unit. */
  public static DisplayUnit of(Unit unit) {
    return switch (unit) {
      case COUNT -> COUNT;
      case PAGES -> PAGES;
      case BYTES -> BYTES;
      case NANOSECONDS -> NANOSECONDS;
      case LEVEL -> LEVEL;
    };
  }

  /**
   * The unit of the raw value, as results.csv writes it: {@code count}, {@code pages}, {@code
   * bytes}, {@code nanoseconds}, {@code level} or {@code percent}.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The unit an axis or a column title names: MiB, ms, %, level, or "" for counts. */
  public String axis() {
    return axis;
  }

  /** The value in axis units: pages and bytes in MiB, nanoseconds in ms, anything else as is. */
  public double scale(double value, long pageSize) {
    return switch (this) {
      case PAGES -> value * pageSize / (1024.0 * 1024.0);
      case BYTES -> value / (1024.0 * 1024.0);
      case NANOSECONDS -> value / 1e6;
      default -> value;
    };
  }

  /** A value for a table cell, in readable units: "12,345", "3.5 MiB", "1.20 ms", "97.3%". */
  public String format(double value, long pageSize) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return switch (this) {
      case PAGES, BYTES -> mib(scale(value, pageSize));
      case NANOSECONDS -> Durations.format(value);
      case PERCENT -> String.format(Locale.ROOT, "%.1f%%", value);
      default -> number(value);
    };
  }

  /** A number with thousands separators, and one decimal only when it is not whole. */
  public static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  private static String mib(double v) {
    if (v == Math.rint(v)) {
      return String.format(Locale.ROOT, "%,d MiB", (long) v);
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f MiB" : "%,.1f MiB", v);
  }
}
