package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.MemoryObject;

/**
 * The cache manager's lazy writer: once pages are dirtied through the cache, or a file closed, a
 * scan is scheduled {@code lazyWriterPeriodMs} later (once a second). Each scan writes the oldest
 * 1/{@code lazyWriterShare} (1/8) of the dirty pages to their files as one queued disk write, then
 * does the lazy close of every closed file with no dirty page left: its views are unmapped, so its
 * pages leave the system cache working set for Standby. It reschedules itself while work remains.
 * Nobody waits for it: the writer of the data went on long before. The file holds the new data from
 * the moment the write is queued; the page is clean from then on. It writes only pages still in a
 * working set: a dirty page trimmed from the cache's working set is on the Modified list, and the
 * {@link MappedPageWriter} writes it.
 */
final class LazyWriter {
  private final Nt nt;
  private final PageLists pfn;
  private final SystemCache cache;
  private final int lazyWrites;
  private boolean scheduled;

  /** Files whose last read or write ended (the handle closed), by object id, in closing order. */
  private final Set<Integer> closing = new LinkedHashSet<>();

  LazyWriter(Nt nt, PageLists pfn, SystemCache cache) {
    this.nt = nt;
    this.pfn = pfn;
    this.cache = cache;
    this.lazyWrites =
        nt.metrics.register(
            "windows.cache.lazyWrites", "dirty file-cache pages the lazy writer wrote");
  }

  /** A read or write of the file ended: its views go at the next scan without dirty pages. */
  void closed(MemoryObject file) {
    closing.add(file.id());
    dirtied();
  }

  /** The file is read or written again before its lazy close: its views stay. */
  void reopened(MemoryObject file) {
    closing.remove(file.id());
  }

  /** A page was dirtied: a scan is due a period from now, unless one is already. */
  void dirtied() {
    if (!scheduled) {
      scheduled = true;
      nt.kernel
          .events()
          .after(
              nt.options.lazyWriterPeriodMs() * 1_000_000L,
              EventQueue.PRIORITY_DAEMON,
              "lazy-writer",
              this::scan);
    }
  }

  private void scan() {
    scheduled = false;
    int share = nt.options.lazyWriterShare();
    long quota = (cache.dirty.size() + share - 1) / share;
    int written = 0;
    while (written < quota && !cache.dirty.isEmpty()) {
      long key = cache.dirty.removeFirst();
      int f = cache.frame(key);
      if (!dirtyInRam(f)) {
        continue; // on Modified (the mapped page writer's now), written, or repurposed since
      }
      MemoryObject obj = cache.object(key);
      obj.file().write(SystemCache.page(key), nt.memory.content(f));
      nt.memory.clearFlag(f, PhysicalMemory.F_DIRTY);
      written++;
    }
    if (written > 0) {
      nt.metrics.add(Counter.FILE_WRITES, written);
      nt.metrics.add(lazyWrites, written);
      nt.kernel.disk().write(written, null);
    }
    boolean unmapped = false;
    for (Integer id : new ArrayList<>(closing)) {
      if (!hasDirty(id)) {
        closing.remove(id);
        cache.unmapViews(id);
        unmapped = true;
      }
    }
    if (unmapped) {
      nt.wakeWaiters(); // the views' pages went to Standby: available
    }
    if (!cache.dirty.isEmpty() || !closing.isEmpty()) {
      dirtied();
    }
  }

  /**
   * Whether the frame is dirty and valid in a working set, the cache's or a view's: the lazy
   * writer's to write. A dirty page that left every working set is on Modified, where the mapped
   * page writer writes it.
   */
  private boolean dirtyInRam(int f) {
    return f >= 0
        && nt.memory.hasFlag(f, PhysicalMemory.F_DIRTY)
        && pfn.listOf(f) == FrameLists.NONE;
  }

  /** Whether a page of the file is still waiting for the lazy writer. */
  private boolean hasDirty(int id) {
    for (long key : cache.dirty.toArray()) {
      if (SystemCache.fileId(key) == id) {
        if (dirtyInRam(cache.frame(key))) {
          return true;
        }
      }
    }
    return false;
  }
}
