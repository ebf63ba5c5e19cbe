package org.vmcompare.reports;

/**
 * Which way a metric is better, so a report can say "LRU faulted less" rather than leave the reader
 * to guess whether a larger number is good news.
 */
public enum Better {
  /** Fewer is better: faults, evictions, kills, time. */
  LOWER,
  /** More is better: the TLB hit rate, offers that survived. */
  HIGHER,
  /** Neither: a count that only describes the workload (references) or a model's own counter. */
  NEITHER;

  /** "lower", "higher" or "" (for tables). */
  public String word() {
    return switch (this) {
      case LOWER -> "lower";
      case HIGHER -> "higher";
      case NEITHER -> "";
    };
  }
}
