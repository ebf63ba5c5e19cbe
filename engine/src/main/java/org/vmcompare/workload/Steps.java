package org.vmcompare.workload;

/** Shared checks for step records; messages start with the key so the binder can locate them. */
final class Steps {
  private Steps() {}

  static String required(String key, String value, String hint) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          key + ": is required" + (hint.isEmpty() ? "" : " (" + hint + ")"));
    }
    return value;
  }

  static void positive(String key, ByteSize size) {
    if (size != null && size.isZero()) {
      throw new IllegalArgumentException(key + ": must be more than zero");
    }
  }

  static double fraction(String key, Double value, double fallback) {
    double v = value == null ? fallback : value;
    if (v < 0 || v > 1) {
      throw new IllegalArgumentException(key + ": must be a fraction in 0..1, got " + v);
    }
    return v;
  }
}
