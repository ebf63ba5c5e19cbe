package org.vmcompare.macos;

import java.util.Objects;
import org.vmcompare.sim.Event;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.MemoryObject;

/**
 * The speculative queue's read-ahead and aging (vm_fault's cluster read and
 * vm_page_speculative_age_q): the file pages read after a faulting one, up to {@code
 * fileReadAhead}, enter the newest of ten age bins unmapped and unreferenced; every {@code
 * speculativeBinMs} the oldest bin ages into inactive-file. A speculative page that is touched goes
 * to active; the pageout scan takes the oldest ones first once they pass their target share.
 */
final class Speculative {
  private final Mach m;
  private final VmObjects objects;
  private Event aging;

  Speculative(Mach m, VmObjects objects) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.objects = Objects.requireNonNull(objects, "objects is null");
  }

  /**
   * Reads up to {@code fileReadAhead} absent pages of {@code file} after {@code page} while more
   * than the reserve is free; returns how many were read.
   */
  int readAhead(MemoryObject file, long page) {
    int read = 0;
    for (int i = 1; i <= m.options.fileReadAhead(); i++) {
      long pg = page + i;
      if (pg >= file.file().pages() || file.slots().get(pg) != 0) {
        break;
      }
      if (m.freeCount() <= m.freeMin) {
        break;
      }
      int frame = objects.insert(file, pg);
      m.memory.setContent(frame, file.file().read(pg));
      m.queues.speculate(frame);
      read++;
    }
    if (read > 0 && aging == null) {
      schedule();
    }
    return read;
  }

  private void schedule() {
    aging =
        m.kernel
            .events()
            .after(
                m.options.speculativeBinMs() * 1_000_000L,
                EventQueue.PRIORITY_DAEMON,
                "vm_page_speculative_age",
                this::age);
  }

  private void age() {
    aging = null;
    m.queues.age();
    if (m.queues.speculativeCount() > 0) {
      schedule();
    }
  }
}
