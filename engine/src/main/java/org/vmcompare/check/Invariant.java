package org.vmcompare.check;

import java.util.Locale;

/**
 * What every personality must hold on every experiment (issue 12), plus the plain demand that a run
 * ends without a model error. The order is the order of the summary.
 */
public enum Invariant {
  /** The run ends without an internal error, a deadlock or a fault left unresolved. */
  CLEAN_RUN("clean run"),
  /** Every frame in exactly one state; the model's lists add up; nothing leaks at the end. */
  FRAME_CONSERVATION("frame conservation"),
  /** Every read returns what the reference model says the process's view holds. */
  DATA_INTEGRITY("data integrity"),
  /** No TLB hit on a translation the page table no longer holds, or that lost write permission. */
  TLB_COHERENCE("TLB coherence"),
  /** Per-process counts add up to the run's; resident-set metrics equal the valid PTEs. */
  ACCOUNTING("accounting"),
  /** The same experiment and seed twice give identical results (checked run against plain run). */
  DETERMINISM("determinism"),
  /**
   * With more RAM than the footprint: no eviction, swap or kill; one fault a first-written page.
   */
  NO_PRESSURE_AGREEMENT("agreement without pressure"),
  /** LRU and OPT never miss more with more frames; FIFO shows Belady's anomaly. */
  STACK_PROPERTY("stack property");

  private final String title;

  Invariant(String title) {
    this.title = title;
  }

  /** How the summary names it. */
  public String title() {
    return title;
  }

  /** The kebab-case name tests and docs use: {@code data-integrity}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
