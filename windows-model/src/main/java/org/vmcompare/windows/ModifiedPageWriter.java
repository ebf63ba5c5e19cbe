package org.vmcompare.windows;

import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.sim.EventQueue;

/**
 * The modified page writer: woken when the Modified list reaches its threshold (a lower one when
 * available memory is low), it writes clusters of Modified pages to the pagefile through the disk
 * queue. Pages under write sit on the Transition list; at completion each page not faulted back
 * meanwhile goes clean to the tail of its Standby list. No process waits for it unless its fault
 * found no page at all.
 */
final class ModifiedPageWriter {
  private final Nt nt;
  private final PageLists pfn;
  private boolean scheduled;

  ModifiedPageWriter(Nt nt, PageLists pfn) {
    this.nt = nt;
    this.pfn = pfn;
  }

  /** Wakes the writer if the Modified list has passed its threshold. */
  void maybeWake() {
    long modified = pfn.size(PageLists.MODIFIED);
    boolean low = pfn.available() < nt.modifiedLowAvailable;
    if (!scheduled
        && (modified >= nt.modifiedWriteThreshold
            || (low && modified >= nt.modifiedLowThreshold))) {
      scheduled = true;
      nt.kernel
          .events()
          .at(nt.kernel.now(), EventQueue.PRIORITY_DAEMON, "modified-page-writer", this::run);
    }
  }

  private void run() {
    scheduled = false;
    int cluster = nt.options.writeClusterPages();
    while (pfn.size(PageLists.MODIFIED) >= cluster) {
      if (writeCluster(cluster) == 0) {
        break;
      }
    }
  }

  /** Writes every Modified page now, clusters and the rest (a fault found nothing available). */
  void flush() {
    while (pfn.size(PageLists.MODIFIED) > 0) {
      if (writeCluster(nt.options.writeClusterPages()) == 0) {
        break;
      }
    }
  }

  /** Pages under I/O (on the Transition list), or Modified pages the pagefile has room for. */
  boolean busy() {
    return pfn.size(PageLists.TRANSITION) > 0
        || (pfn.size(PageLists.MODIFIED) > 0 && nt.pagefile.free() > 0);
  }

  private int writeCluster(int max) {
    int[] frames = new int[max];
    int[] gens = new int[max];
    int n = 0;
    while (n < max && pfn.size(PageLists.MODIFIED) > 0) {
      int slot = nt.pagefile.allocate();
      if (slot < 0) {
        break; // the pagefile is full; the pages stay Modified
      }
      int f = pfn.lists.pollHead(PageLists.MODIFIED);
      nt.pagefile.write(slot, nt.memory.content(f));
      pfn.setSlot(f, slot);
      pfn.lists.addTail(PageLists.TRANSITION, f);
      frames[n] = f;
      gens[n] = pfn.startWrite(f);
      n++;
    }
    if (n == 0) {
      return 0;
    }
    int count = n;
    nt.metrics.add(Counter.SWAP_OUT, count);
    nt.kernel.disk().write(count, () -> done(frames, gens, count));
    return count;
  }

  private void done(int[] frames, int[] gens, int n) {
    for (int i = 0; i < n; i++) {
      int f = frames[i];
      if (pfn.writeGen(f) == gens[i] && pfn.listOf(f) == PageLists.TRANSITION) {
        pfn.lists.remove(f);
        nt.memory.clearFlag(f, PhysicalMemory.F_DIRTY);
        pfn.lists.addTail(PageLists.STANDBY0 + pfn.priority(f), f);
      }
    }
    nt.wakeWaiters();
  }
}
