package org.vmcompare.windows;

import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.SimFile;

/**
 * The mapped page writer: the modified page writer's sibling for dirty pages of mapped files (the
 * WRK's MiGatherMappedPages and MiMappedPageWriter). A file page dirtied through a shared view or
 * the system cache goes to the Modified list when it leaves its last working set, like a private
 * page; this writer writes it to its file, never to the pagefile, in clusters of consecutive pages
 * of one file around the page picked (up to {@code writeClusterPages}, 64 KiB, in one queued disk
 * write). Meanwhile the pages sit on the Transition list, clean: a page faulted back or dirtied
 * again is not on Transition at completion, or was written again since ({@link
 * PageLists#writeGen}), and stays where it is; the others go to the tail of their Standby list.
 *
 * <p>It runs when the modified page writer's wake-up picks file pages (there are more of them on
 * Modified than pagefile pages), when a fault finds no page at all (every Modified page is
 * written), and when the first dirty file page waiting on Modified has waited {@code
 * modifiedPageLifeSeconds} (MmModifiedPageLifeInSeconds, 300 s): the WRK's timer then writes every
 * file page on Modified, so that a file's data reaches the disk even when too few pages pile up to
 * wake the writer.
 */
final class MappedPageWriter {
  private final Nt nt;
  private final PageLists pfn;
  private final int mappedWrites;
  private boolean timerPending;

  /** A file page may be on Modified: false once a scan found none (the scans cost that much). */
  private boolean mayHavePages;

  MappedPageWriter(Nt nt, PageLists pfn) {
    this.nt = nt;
    this.pfn = pfn;
    this.mappedWrites =
        nt.metrics.register(
            "windows.mappedWrites", "dirty file pages the mapped page writer wrote to their files");
    pfn.onMappedModified(this::queued);
  }

  /** A dirty file page went to Modified: the too-old timer starts unless it is running. */
  private void queued() {
    mayHavePages = true;
    if (!timerPending) {
      timerPending = true;
      nt.kernel
          .events()
          .after(
              nt.options.modifiedPageLifeSeconds() * 1_000_000_000L,
              EventQueue.PRIORITY_DAEMON,
              "mapped-pages-too-old",
              this::tooOld);
    }
  }

  /** The timer went off: every file page on Modified is written, whatever the thresholds say. */
  private void tooOld() {
    timerPending = false;
    ModifiedScan scan = scan();
    for (int f = scan.nextFile(pfn); f >= 0; f = scan.nextFile(pfn)) {
      writeCluster(f, nt.options.writeClusterPages());
    }
  }

  /** The Modified list's pages by destination, or null when no file page is on it. */
  ModifiedScan scan() {
    if (!mayHavePages) {
      return null;
    }
    ModifiedScan scan = new ModifiedScan(pfn);
    mayHavePages = scan.files() > 0;
    return mayHavePages ? scan : null;
  }

  /**
   * Writes the cluster of file page {@code head} (on Modified): the consecutive pages of its file
   * around it that are on Modified too, at most {@code max}, in one disk write. Returns the pages
   * written.
   */
  int writeCluster(int head, int max) {
    Section section = pfn.sectionOf(head);
    long page = nt.memory.ownerIndex(head);
    long first = page;
    while (page - first < max - 1 && first > 0 && onModified(section.frame(first - 1))) {
      first--;
    }
    int[] frames = new int[max];
    int[] gens = new int[max];
    int n = 0;
    SimFile file = section.object.file();
    for (long p = first; n < max && onModified(section.frame(p)); p++) {
      int f = section.frame(p);
      pfn.lists.remove(f);
      file.write(p, nt.memory.content(f));
      nt.memory.clearFlag(f, PhysicalMemory.F_DIRTY); // a write from now on dirties it again
      pfn.lists.addTail(PageLists.TRANSITION, f);
      frames[n] = f;
      gens[n] = pfn.startWrite(f);
      n++;
    }
    int count = n;
    nt.metrics.add(Counter.FILE_WRITES, count);
    nt.metrics.add(mappedWrites, count);
    nt.kernel.disk().write(count, () -> done(frames, gens, count));
    return count;
  }

  private boolean onModified(int frame) {
    return frame >= 0 && pfn.listOf(frame) == PageLists.MODIFIED;
  }

  private void done(int[] frames, int[] gens, int n) {
    for (int i = 0; i < n; i++) {
      int f = frames[i];
      if (pfn.writeGen(f) == gens[i] && pfn.listOf(f) == PageLists.TRANSITION) {
        pfn.lists.remove(f);
        pfn.lists.addTail(PageLists.STANDBY0 + pfn.priority(f), f);
      }
    }
    nt.wakeWaiters();
  }
}
