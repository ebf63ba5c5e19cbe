package org.vmcompare.macos;

import org.vmcompare.os.Proc;
import org.vmcompare.state.StateKey;

/**
 * Per-task books: how many of the task's page-table entries map an internal (anonymous or shared
 * memory) page, the part of the physical footprint XNU's pmap ledger charges when such a page is
 * entered into the task's pmap and credits when it is removed; and how many hold the compressed
 * marker that replaced such a mapping when its page was compressed (the ledger's
 * internal_compressed), credited when the entry is entered again or removed.
 */
final class Task {
  static final StateKey<Task> KEY = StateKey.of("macos.task", Task.class);

  long internal;
  long compressed;

  /** A fault of this task waits for a swapin; when re-issued it is a major fault. */
  boolean swapinPending;

  static Task of(Proc p) {
    return p.modelState().computeIfAbsent(KEY, Task::new);
  }
}
