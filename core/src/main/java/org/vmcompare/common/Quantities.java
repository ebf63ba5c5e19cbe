package org.vmcompare.common;

import java.util.Locale;

/**
 * Parses the human quantities users type: byte sizes ({@code 4KiB}, {@code 16MiB}, {@code 2GiB},
 * {@code 512} bytes) and counts ({@code 10k}, {@code 5M}, {@code 1G}, {@code 12345}).
 *
 * <p>Byte units are binary (KiB = 1024); {@code KB/MB/GB} are accepted as the same binary units
 * because that is what every OS tool in this domain prints. Count suffixes are decimal (k = 1000),
 * as in "10M references".
 */
public final class Quantities {
  private Quantities() {}

  /**
   * Parses a byte size. Throws {@link IllegalArgumentException} with a message naming the bad
   * value; callers wrap it in an {@link InputError} with their location.
   */
  public static long parseBytes(String text) {
    String s = text.trim();
    int i = numberEnd(s);
    if (i == 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size; write for example 4KiB, 16MiB, 2GiB or a byte count");
    }
    long value = parseNumber(s.substring(0, i), text);
    String unit = s.substring(i).trim().toLowerCase(Locale.ROOT);
    long mult =
        switch (unit) {
          case "", "b" -> 1L;
          case "k", "kb", "kib" -> 1L << 10;
          case "m", "mb", "mib" -> 1L << 20;
          case "g", "gb", "gib" -> 1L << 30;
          case "t", "tb", "tib" -> 1L << 40;
          default ->
              throw new IllegalArgumentException(
                  "'" + text + "' has an unknown unit '" + unit + "'; use B, KiB, MiB, GiB or TiB");
        };
    return multiply(value, mult, text);
  }

  /** Parses a count such as {@code 10k}, {@code 5M}, {@code 1G} or a plain number. */
  public static long parseCount(String text) {
    String s = text.trim();
    int i = numberEnd(s);
    if (i == 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a count; write for example 1000, 10k, 5M or 1G");
    }
    long value = parseNumber(s.substring(0, i), text);
    String unit = s.substring(i).trim();
    long mult =
        switch (unit) {
          case "" -> 1L;
          case "k", "K" -> 1_000L;
          case "M" -> 1_000_000L;
          case "G", "B" -> 1_000_000_000L;
          default ->
              throw new IllegalArgumentException(
                  "'" + text + "' has an unknown suffix '" + unit + "'; use k, M or G");
        };
    return multiply(value, mult, text);
  }

  /** Formats a byte count with the largest binary unit that divides it exactly. */
  public static String formatBytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    long v = bytes;
    while (u < units.length - 1 && v != 0 && v % 1024 == 0) {
      v /= 1024;
      u++;
    }
    return v + units[u];
  }

  private static int numberEnd(String s) {
    int i = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  private static long parseNumber(String digits, String text) {
    try {
      return Long.parseLong(digits.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large", e);
    }
  }

  private static long multiply(long value, long mult, String text) {
    try {
      return Math.multiplyExact(value, mult);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large", e);
    }
  }
}
