package org.vmcompare.os;

/** Where a simulated process is in its life. */
public enum ProcState {
  NOT_STARTED,
  RUNNABLE,
  SLEEPING,
  EXITED,
  KILLED
}
