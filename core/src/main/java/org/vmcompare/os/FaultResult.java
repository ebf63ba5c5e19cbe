package org.vmcompare.os;

/** What a fault handler did. */
public enum FaultResult {
  /** A PTE was installed (or fixed); the reference is retried. */
  RESOLVED,
  /** The access is illegal: SIGSEGV / access violation; the process is terminated. */
  SEGV,
  /** The process was killed while handling the fault (OOM killer, jetsam). */
  KILLED,
  /**
   * The process must wait or give way first (the model called {@link Kernel#block(Proc, long)},
   * {@link Kernel#block(Proc)}, {@link Kernel#waitForRead} or {@link Kernel#yield}); the engine
   * re-issues the same reference when the process runs again.
   */
  BLOCKED
}
