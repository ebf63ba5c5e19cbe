package org.vmcompare.os;

/**
 * What an OS-specific call does to the data its range reads back, for the check's reference model
 * ({@link OsPersonality#nativeEffect}): the model knows the portable steps, and a native call is
 * opaque to it unless the system says.
 */
public enum NativeEffect {
  /** The range reads what it did: protection changes, write-backs, working-set trims. */
  NONE,
  /**
   * The contents go at once, as Linux's MADV_DONTNEED: private memory reads zero, a private file
   * view's written pages read the file again, shared memory and shared views are unchanged.
   */
  DROPPED,
  /**
   * The contents may go when the system reclaims the pages, as an offer, Linux's MADV_FREE or
   * macOS's MADV_FREE_REUSABLE: private and shared memory read their last write or zero, file views
   * are unchanged.
   */
  MAYBE_DROPPED
}
