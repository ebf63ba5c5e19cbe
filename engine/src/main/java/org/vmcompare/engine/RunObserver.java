package org.vmcompare.engine;

import org.vmcompare.hw.PageTable;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.workload.Step;

/**
 * Watches one run from the inside, for checked mode ({@code org.vmcompare.check}): the reference
 * model of memory contents sees every completed reference, every operation's final outcome and the
 * start of every step, so it can compare each read with what the process's view must hold.
 *
 * <p>Off by default ({@link #NONE}): the engine then tests one final boolean per reference and
 * calls nothing, so a normal run pays one predictable branch. An observer only looks; it must not
 * change the machine, the model or the clock, or checked runs would differ from normal ones (the
 * check engine's determinism invariant compares the two).
 */
public interface RunObserver {
  /** Observes nothing; the engine skips its per-reference call altogether. */
  RunObserver NONE = new RunObserver() {};

  /** Once, right after the personality booted, before any process exists. */
  default void booted(Kernel kernel, OsPersonality os) {}

  /** A process is about to carry out a step (a reference stream or one operation). */
  default void stepStarted(Proc p, Step step) {}

  /**
   * A reference completed: {@code frame} is what the MMU translated {@code vaddr} to through {@code
   * pt}; for a write, the frame already holds the new content token.
   */
  default void referenced(Proc p, PageTable pt, long vaddr, int frame, boolean write) {}

  /** An operation's final outcome (after any blocking), exit included, before the process ends. */
  default void operated(Proc p, Op op, Outcome outcome) {}

  /**
   * Simulated time past which the run stops with an error: a run that would never end (a model that
   * retries something for ever) is then a finding rather than a hang. Unbounded by default.
   */
  default long simulatedTimeLimitNs() {
    return Long.MAX_VALUE;
  }

  /**
   * Asked once a scheduling round: true stops the run there with an error. The check engine answers
   * true once its wall-clock budget is spent, so that one slow experiment cannot hold {@code
   * vmcompare check} past {@code --max-seconds} or {@code --shrink-seconds}. Never by default.
   */
  default boolean abandon() {
    return false;
  }
}
