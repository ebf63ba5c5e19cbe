package org.vmcompare.windows;

import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.sim.EventQueue;

/**
 * The modified page writer: woken when the Modified list reaches its threshold (a lower one when
 * available memory is low), counting pages of both destinations as the WRK's MmModifiedPageListHead
 * does, it writes clusters of Modified pages through the disk queue. Each cluster goes where most
 * Modified pages go, as in the WRK's MiModifiedPageWriterWorker: pagefile-backed pages (private,
 * shared memory, clone prototypes) to the pagefile here, mapped files' pages to their files by the
 * {@link MappedPageWriter}. Pages under write sit on the Transition list; at completion each page
 * not faulted back meanwhile goes clean to the tail of its Standby list. No process waits for it
 * unless its fault found no page at all.
 *
 * <p>A pagefile write needs one of the pagefile's {@code pagefileWrites} MDLs (the WRK's
 * MM_PAGING_FILE_MDLS, 2): with both in flight the writer turns to mapped-file pages if there are
 * any, else it waits until a write completes and gives its MDL back, and goes on from there. So a
 * hard fault's read queues behind at most two cluster writes, not behind everything the writer
 * found on Modified.
 */
final class ModifiedPageWriter {
  private final Nt nt;
  private final PageLists pfn;
  private final MappedPageWriter mapped;
  private boolean scheduled;

  /** Pagefile writes in flight, each holding one of the pagefile's MDLs. */
  private int pagefileInFlight;

  /**
   * While the writer waits for an MDL in the middle of a run: the Modified count it writes down to
   * (the run goes on when a pagefile write completes); 0 when it is not waiting.
   */
  private int waitingDownTo;

  ModifiedPageWriter(Nt nt, PageLists pfn, MappedPageWriter mapped) {
    this.nt = nt;
    this.pfn = pfn;
    this.mapped = mapped;
  }

  /** Wakes the writer if the Modified list has passed its threshold. */
  void maybeWake() {
    long modified = pfn.size(PageLists.MODIFIED);
    if (!scheduled && waitingDownTo == 0 && modified >= writeDownTo()) {
      scheduled = true;
      nt.kernel
          .events()
          .at(nt.kernel.now(), EventQueue.PRIORITY_DAEMON, "modified-page-writer", this::run);
    }
  }

  /**
   * How many pages must be on Modified for the writer to go on writing: {@code
   * modifiedWriteThreshold}, or, while fewer than {@code modifiedLowAvailable} are available,
   * {@code modifiedLowThreshold}; never more than a cluster once it writes. On a machine small
   * enough for {@code scaleToMachine} to bring the low threshold under a cluster, a writer woken
   * there used to write nothing (it wrote whole clusters only), while a fault waited for the pages
   * it would free: for ever (check seed 13003, arm64-16k).
   */
  private long writeDownTo() {
    return pfn.available() < nt.modifiedLowAvailable
        ? nt.modifiedLowThreshold
        : nt.modifiedWriteThreshold;
  }

  private void run() {
    scheduled = false;
    write((int) Math.min(nt.options.writeClusterPages(), writeDownTo()));
  }

  /**
   * Writes every Modified page now, clusters and the rest (a fault found nothing available), as far
   * as MDLs allow; the rest as writes complete.
   */
  void flush() {
    write(1);
  }

  /**
   * Writes clusters while at least {@code min} pages are on Modified: each to the destination with
   * more pages waiting (the other when that one cannot be written: the pagefile is full).
   */
  private void write(int min) {
    waitingDownTo = 0;
    int cluster = nt.options.writeClusterPages();
    ModifiedScan scan = mapped.scan();
    while (pfn.size(PageLists.MODIFIED) >= min) {
      boolean files = scan != null && scan.files() > scan.pagefile();
      int n = files ? writeFiles(scan, cluster) : writePagefile(scan, cluster);
      if (n == 0) {
        n = files ? writePagefile(scan, cluster) : writeFiles(scan, cluster);
      }
      if (n == 0) {
        if (pagefileInFlight >= nt.options.pagefileWrites()
            && (scan == null || scan.pagefile() > 0)) {
          waitingDownTo = min; // MmPagingFileHeader's list is empty: wait for a write's MDL
        }
        break;
      }
    }
  }

  private int writeFiles(ModifiedScan scan, int cluster) {
    int f = scan == null ? -1 : scan.nextFile(pfn);
    if (f < 0) {
      return 0;
    }
    int n = mapped.writeCluster(f, cluster);
    scan.wroteFiles(n);
    return n;
  }

  /** Pages under I/O (on the Transition list), or Modified pages that can be written. */
  boolean busy() {
    return pfn.size(PageLists.TRANSITION) > 0
        || (pfn.size(PageLists.MODIFIED) > 0 && (nt.pagefile.free() > 0 || mapped.scan() != null));
  }

  /**
   * Writes up to {@code max} pagefile-bound Modified pages, oldest first, to the pagefile in one
   * disk write; {@code scan} says which they are when file pages are on the list too (else null).
   */
  private int writePagefile(ModifiedScan scan, int max) {
    if (pagefileInFlight >= nt.options.pagefileWrites()) {
      return 0; // no MDL free
    }
    int[] frames = new int[max];
    int[] gens = new int[max];
    int n = 0;
    while (n < max && pfn.size(PageLists.MODIFIED) > 0) {
      if (scan != null && scan.pagefile() == n) {
        break; // the rest of Modified goes to files
      }
      int slot = nt.pagefile.allocate();
      if (slot < 0) {
        break; // the pagefile is full; the pages stay Modified
      }
      int f = scan == null ? pfn.lists.pollHead(PageLists.MODIFIED) : scan.nextPagefile(pfn);
      if (f < 0) {
        nt.pagefile.release(slot);
        break;
      }
      if (scan != null) {
        pfn.lists.remove(f);
      }
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
    if (scan != null) {
      scan.wrotePagefile(n);
    }
    int count = n;
    nt.metrics.add(Counter.SWAP_OUT, count);
    pagefileInFlight++;
    nt.kernel.disk().write(count, () -> done(frames, gens, count));
    return count;
  }

  /** What {@link #done} loaded ahead, kept so the loads cannot be optimised away. */
  private long prefetchSink;

  private void done(int[] frames, int[] gens, int n) {
    // the frames' PFN records and links loaded together first (a hint: they were written long
    // ago, and each would otherwise be a wait for memory of its own)
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += pfn.writeGen(frames[i]) + pfn.listOf(frames[i]) + nt.memory.flags(frames[i]);
    }
    prefetchSink += sum;
    for (int i = 0; i < n; i++) {
      int f = frames[i];
      if (pfn.writeGen(f) == gens[i] && pfn.listOf(f) == PageLists.TRANSITION) {
        pfn.lists.remove(f);
        nt.memory.clearFlag(f, PhysicalMemory.F_DIRTY);
        pfn.lists.addTail(PageLists.STANDBY0 + pfn.priority(f), f);
      }
    }
    pagefileInFlight--;
    nt.wakeWaiters();
    if (waitingDownTo > 0) {
      write(waitingDownTo); // the MDL is back: the waiting writer goes on
    }
  }
}
