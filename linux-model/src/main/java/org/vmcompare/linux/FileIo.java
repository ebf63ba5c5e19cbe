package org.vmcompare.linux;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.state.StateKey;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.SimFile;
import org.vmcompare.vm.Tokens;

/**
 * read() and write() through the page cache (filemap_read, generic_perform_write), and drop_caches.
 * A read streams page by page: a cached page is copied and marked accessed (the second access of an
 * inactive page activates it: folio_mark_accessed); a missing one starts a readahead window and the
 * process waits for it ({@code Outcome.blocked}), so a large cold read interleaves with the other
 * processes. A write fills the page in the cache and leaves it dirty.
 */
final class FileIo {
  /** Each process's read() readahead windows, by file (a struct file per process and file). */
  static final class Windows {
    final Map<Integer, RaWindow> byFile = new LinkedHashMap<>();
  }

  private static final StateKey<Windows> WINDOWS = StateKey.of("linux.read.ra", Windows.class);

  private final Mm mm;
  private final Lru lru;
  private final PageAllocator alloc;
  private final PageCache cache;
  private final PageLocks locks;
  private final Readahead readahead;
  private final long writeSeed;
  private long writes;

  FileIo(
      Mm mm,
      Lru lru,
      PageAllocator alloc,
      PageCache cache,
      PageLocks locks,
      Readahead readahead,
      long writeSeed) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.alloc = Objects.requireNonNull(alloc, "alloc is null");
    this.cache = Objects.requireNonNull(cache, "cache is null");
    this.locks = Objects.requireNonNull(locks, "locks is null");
    this.readahead = Objects.requireNonNull(readahead, "readahead is null");
    this.writeSeed = writeSeed;
  }

  Outcome io(Proc p, Op.FileIo op) {
    SimFile file = mm.kernel.files().get(op.file());
    MemoryObject obj = cache.of(file);
    RaWindow ra =
        p.modelState()
            .computeIfAbsent(WINDOWS, Windows::new)
            .byFile
            .computeIfAbsent(file.id(), id -> new RaWindow());
    for (long i = 0; i < op.pages(); i++) {
      long page = op.offsetPages() + i;
      if (!op.write() && page >= obj.pages()) {
        return Outcome.ok(i); // end of file
      }
      int frame = PageCache.find(obj, page);
      if (frame >= 0 && locks.locked(frame)) {
        locks.waitFor(frame, p);
        return Outcome.blocked(i);
      }
      if (frame < 0 && !op.write()) {
        return readahead.readMiss(p, obj, page, op.pages() - i, ra) == PageAllocator.KILLED
            ? Outcome.failed("ENOMEM", "killed by the OOM killer")
            : Outcome.blocked(i);
      }
      if (frame < 0) {
        frame = alloc.alloc(p);
        if (frame == PageAllocator.THROTTLED) {
          return Outcome.blocked(i);
        }
        if (frame < 0) {
          return Outcome.failed("ENOMEM", "killed by the OOM killer");
        }
        cache.insert(obj, page, frame);
        lru.add(frame, false);
        obj.setPages(Math.max(obj.pages(), page + 1));
      } else if (mm.memory.hasFlag(frame, PageFlags.READAHEAD)) {
        readahead.markerHit(p, obj, page, frame, ra);
      }
      if (op.write()) {
        mm.memory.setContent(frame, Tokens.mix(writeSeed, ++writes));
        mm.memory.setFlag(frame, PageFlags.DIRTY);
      }
      markAccessed(frame);
      mm.charge(mm.costs.copyPageNs());
    }
    return Outcome.ok(op.pages());
  }

  /** folio_mark_accessed: the first access sets PG_referenced, the second activates the page. */
  void markAccessed(int frame) {
    if (!mm.memory.hasFlag(frame, PageFlags.REFERENCED)) {
      mm.memory.setFlag(frame, PageFlags.REFERENCED);
    } else if (lru.listOf(frame) == Lru.INACTIVE_FILE || lru.listOf(frame) == Lru.INACTIVE_ANON) {
      lru.activate(frame);
      mm.memory.clearFlag(frame, PageFlags.REFERENCED);
      mm.metrics.increment(mm.pgactivate);
    }
  }

  /**
   * drop_caches=1: every clean page-cache page that no one maps and no read is filling is freed.
   * Returns how many.
   */
  long dropCaches() {
    long dropped = 0;
    for (MemoryObject obj : cache.objects()) {
      LongArrayList frames = new LongArrayList();
      obj.slots().forEachNonZero((page, slot) -> frames.add(slot - 1));
      for (int i = 0; i < frames.size(); i++) {
        int frame = (int) frames.get(i);
        if (mm.rmap.mapCount(frame) == 0
            && !mm.memory.hasFlag(
                frame, PageFlags.DIRTY | PageFlags.LOCKED | PageFlags.WRITEBACK)) {
          cache.delete(frame);
          lru.freePage(frame);
          dropped++;
        }
      }
    }
    return dropped;
  }
}
