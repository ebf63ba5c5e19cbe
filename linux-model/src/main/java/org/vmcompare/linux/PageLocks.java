package org.vmcompare.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Proc;

/**
 * PG_locked while a read fills a page, and the processes that wait for it (folio_wait_locked): a
 * fault that finds the page locked blocks until the read completes, then is issued again. Waiters
 * are few and short-lived, so a map by frame is enough; they are woken in the order they came.
 */
final class PageLocks {
  private final Kernel kernel;
  private final Mm mm;
  private final Map<Integer, List<Proc>> waiters = new HashMap<>();

  PageLocks(Mm mm) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.kernel = mm.kernel;
  }

  void lock(int frame) {
    mm.memory.setFlag(frame, PageFlags.LOCKED);
  }

  boolean locked(int frame) {
    return mm.memory.hasFlag(frame, PageFlags.LOCKED);
  }

  /** Makes {@code p} wait for the page's read; the caller answers BLOCKED. */
  void waitFor(int frame, Proc p) {
    waiters.computeIfAbsent(frame, f -> new ArrayList<>()).add(p);
    kernel.block(p);
  }

  /** The read is done: the page is uptodate, and everyone waiting for it goes on. */
  void unlock(int frame) {
    mm.memory.clearFlag(frame, PageFlags.LOCKED);
    List<Proc> w = waiters.remove(frame);
    if (w != null) {
      for (Proc p : w) {
        kernel.wake(p);
      }
    }
  }
}
