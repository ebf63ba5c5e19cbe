package org.vmcompare.metrics;

import java.util.Locale;

/** What a metric counts, so reports can format and chart it without knowing which model made it. */
public enum Unit {
  /** Events or things: faults, processes, list entries. */
  COUNT,
  /** Pages of the machine's page size. */
  PAGES,
  /** Bytes. */
  BYTES,
  /** Simulated nanoseconds. */
  NANOSECONDS,
  /** A level on a small scale the metric's description defines (a memory-pressure level). */
  LEVEL;

  /** {@code count}, {@code pages}, {@code bytes}, {@code nanoseconds}, {@code level}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}
