package org.vmcompare.os;

/** Where a simulated process is in its life. */
public enum ProcState {
  NOT_STARTED,
  RUNNABLE,
  SLEEPING,
  EXITED,
  KILLED,
  /**
   * The run ended while the process waited for something only a user or another process could bring
   * ({@link Proc#hangReason}: a dialog nobody answers, memory nobody freed). It neither exited nor
   * was killed: its memory is still held, its counts are kept.
   */
  HUNG
}
