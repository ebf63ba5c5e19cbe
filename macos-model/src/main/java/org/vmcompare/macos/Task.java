package org.vmcompare.macos;

import org.vmcompare.os.Proc;
import org.vmcompare.state.StateKey;

/**
 * Per-task books: how many of the task's page-table entries map an internal (anonymous or shared
 * memory) page, the part of the physical footprint XNU's pmap ledger charges when such a page is
 * entered into the task's pmap and credits when it is removed; and how many hold the compressed
 * marker that replaced such a mapping when its page was compressed (the ledger's
 * internal_compressed), credited when the entry is entered again or removed. Purgeable objects are
 * charged apart, to their owner, by object and not by mapping (XNU's purgeable_nonvolatile
 * ledgers): their pages while the object is non-volatile, whoever maps them.
 */
final class Task {
  static final StateKey<Task> KEY = StateKey.of("macos.task", Task.class);

  long internal;
  long compressed;

  /**
   * Entries mapping an internal page made reusable (MADV_FREE_REUSABLE): XNU's pmap "reusable"
   * count, moved out of internal, so out of the footprint, until MADV_FREE_REUSE.
   */
  long reusable;

  /** Pages of the purgeable objects it owns that are non-volatile, resident or compressed. */
  long purgeable;

  /** A fault of this task waits for a swapin; when re-issued it is a major fault. */
  boolean swapinPending;

  static Task of(Proc p) {
    return p.modelState().computeIfAbsent(KEY, Task::new);
  }
}
