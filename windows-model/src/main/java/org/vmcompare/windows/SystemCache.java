package org.vmcompare.windows;

import java.util.ArrayList;
import java.util.List;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongIntHashMap;
import org.vmcompare.util.LongLinkedHashSet;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.SimFile;
import org.vmcompare.vm.Tokens;

/**
 * The system file cache: ReadFile and WriteFile copy through views of the file's section that the
 * cache manager maps in system space, so the pages are the section's own prototype-PTE pages (the
 * ones every MapViewOfFile of the file sees), and they are charged to the system cache working set,
 * which belongs to no process. The working set manager ages and trims it like a process's: a
 * trimmed page leaves at share count 0 for Standby, or for Modified while it is dirty (the mapped
 * page writer then writes it). Each read or write closes the file at its end; the lazy writer's
 * next scan unmaps the views of a closed file with no dirty page left (the lazy close), so the
 * cache's old pages are Standby and count as Available.
 *
 * <p>A read streams page by page: a page in RAM (in a working set or on Standby) is copied at once;
 * a missing one starts one disk read of the missing run after it (up to {@code
 * cacheReadAheadPages}) while only the reader waits. A write of a page fills it in the cache and
 * leaves it dirty for the {@link LazyWriter}. None of this counts in a process's page faults: the
 * faults on the cache's views are the system's ({@code windows.cache.*}). They happen in the
 * reading thread (CcCopyRead), so a miss, or a page taken back from Standby, waits for available
 * pages as that thread's own fault would ({@link AvailableWait}).
 */
final class SystemCache implements WorkingSet.NoPtes {
  private static final int PAGE_BITS = 36;
  private static final long WRITE_SALT = 0x5ca1ab1eL;

  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final BalanceSetManager bsm;
  private final ModifiedPageWriter writer;
  private final AvailableWait waits;
  final WorkingSet ws;
  private final LongIntHashMap accessed = new LongIntHashMap(64);

  /** Pages a read just brought in, not yet copied out: their copy is not a hit. */
  private final LongIntHashMap fresh = new LongIntHashMap(64);

  /** Keys of pages written through the cache, oldest first, until the lazy writer sees them. */
  final LongLinkedHashSet dirty = new LongLinkedHashSet(64);

  private final int hits;
  private final int misses;
  private long writes;
  private LazyWriter lazyWriter;

  SystemCache(
      Nt nt,
      PageLists pfn,
      WorkingSetManager wsm,
      BalanceSetManager bsm,
      ModifiedPageWriter writer,
      AvailableWait waits) {
    this.nt = nt;
    this.pfn = pfn;
    this.wsm = wsm;
    this.bsm = bsm;
    this.writer = writer;
    this.waits = waits;
    long max = nt.options.systemCacheWsMaximum();
    long maximum = max > 0 ? max : pfn.available();
    ws =
        new WorkingSet(
            this,
            Math.min(nt.systemCacheWsMinimum, maximum),
            maximum,
            nt.options.systemCacheWsMaxHard(),
            5);
    hits = nt.metrics.register("windows.cache.hits", "file-cache pages found in RAM");
    misses = nt.metrics.register("windows.cache.misses", "file-cache pages read from the disk");
  }

  void setLazyWriter(LazyWriter lazyWriter) {
    this.lazyWriter = lazyWriter;
  }

  /** ReadFile / WriteFile of {@code op.pages()} pages through the cache. */
  Outcome io(Proc p, Op.FileIo op) {
    SimFile file = nt.kernel.files().get(op.file());
    MemoryObject obj = nt.kernel.fileObject(file);
    Section section = Section.of(obj);
    int priority = WorkingSet.of(p).priority;
    lazyWriter.reopened(obj);
    if (waits.afterTransitionWait(p)) {
      return Outcome.blocked(0); // a transition fault below the threshold: the wait, then 10 ms
    }
    for (long i = 0; i < op.pages(); i++) {
      long page = op.offsetPages() + i;
      if (!op.write() && page >= obj.pages()) {
        lazyWriter.closed(obj);
        return Outcome.ok(i); // end of file
      }
      long key = key(obj, page);
      int f = section.frame(page);
      if (f >= 0 && nt.memory.hasFlag(f, PageLists.F_READING)) {
        nt.waitForPages(p); // a read of this page is in flight
        return Outcome.blocked(i);
      }
      if (f < 0 && !op.write()) {
        return readMiss(p, obj, page, Math.min(op.pages() - i, obj.pages() - page), priority, i);
      }
      if (f < 0) {
        if (waits.forPage(p)) {
          return Outcome.blocked(i); // MiEnsureAvailablePageOrWait, in the reading thread
        }
        f = take();
        if (f < 0) {
          return waitForPages(p, i);
        }
        // a whole page overwritten: nothing to read first
        nt.memory.claim(f, obj.id(), (int) page);
        nt.memory.setFlag(f, PageLists.F_SECTION);
        section.set(page, f);
        wsm.addSystem(ws, key, f, priority);
        obj.setPages(Math.max(obj.pages(), page + 1));
        bsm.pageTaken();
      } else {
        if (!ws.contains(key) && pfn.listOf(f) != FrameLists.NONE && waits.inTransition(p)) {
          return Outcome.blocked(i); // MiResolveTransitionFault, in the reading thread
        }
        if (!fresh.containsKey(key)) {
          nt.metrics.increment(hits);
        }
        fresh.remove(key);
        if (!ws.contains(key)) {
          if (pfn.listOf(f) != FrameLists.NONE) {
            pfn.lists.remove(f); // on Standby: back into the cache's working set, no I/O
          }
          wsm.addSystem(ws, key, f, priority);
        }
      }
      accessed.put(key, 1);
      if (op.write()) {
        nt.memory.setContent(f, Tokens.mix(WRITE_SALT ^ file.contentSeed(), ++writes));
        nt.memory.setFlag(f, PhysicalMemory.F_DIRTY);
        if (!dirty.contains(key)) {
          dirty.addLast(key);
        }
        lazyWriter.dirtied();
      }
      nt.machine.clock().advance(nt.machine.costs().copyPageNs());
    }
    lazyWriter.closed(obj);
    return Outcome.ok(op.pages());
  }

  /**
   * The lazy close of a file (CcDeleteSharedCacheMap): its views are unmapped, so its pages leave
   * the system cache working set, for Standby at share count 0.
   */
  void unmapViews(int fileId) {
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < ws.slots(); i++) {
      if (ws.valid(i) && fileId(ws.vpn(i)) == fileId) {
        keys.add(ws.vpn(i));
      }
    }
    for (long key : keys) {
      ws.remove(key, -1);
      trimmed(key);
    }
  }

  /**
   * A page the section has no frame for: one disk read of it and the missing pages after it (up to
   * the read-ahead), each frame on Transition meanwhile; only the reader waits. At completion the
   * pages enter the cache's working set.
   */
  private Outcome readMiss(Proc p, MemoryObject obj, long page, long wanted, int pr, long done) {
    if (waits.forPage(p)) {
      return Outcome.blocked(done); // MiEnsureAvailablePageOrWait, in the reading thread
    }
    Section section = Section.of(obj);
    SimFile file = obj.file();
    int limit = (int) Math.min(wanted, nt.options.cacheReadAheadPages());
    int[] frames = new int[limit];
    int n = 0;
    while (n < limit && section.frame(page + n) < 0) {
      int f = n == 0 ? take() : pfn.takeAny();
      if (f < 0) {
        break;
      }
      nt.memory.claim(f, obj.id(), (int) (page + n));
      nt.memory.setFlag(f, PageLists.F_SECTION | PageLists.F_READING);
      section.set(page + n, f);
      pfn.lists.addTail(PageLists.TRANSITION, f); // read in progress
      pfn.startWrite(f); // no pagefile write of the frame's last use may end it now
      frames[n++] = f;
    }
    if (n == 0) {
      return waitForPages(p, done);
    }
    int count = n;
    nt.metrics.add(Counter.FILE_READS, count);
    nt.metrics.add(misses, count);
    bsm.pageTaken();
    nt.kernel.waitForRead(
        p,
        count,
        () -> {
          for (int j = 0; j < count; j++) {
            int f = frames[j];
            pfn.lists.remove(f);
            nt.memory.clearFlag(f, PageLists.F_READING);
            nt.memory.setContent(f, file.read(page + j));
            wsm.addSystem(ws, key(obj, page + j), f, pr);
            fresh.put(key(obj, page + j), 1);
          }
          nt.wakeWaiters();
        });
    return Outcome.blocked(done);
  }

  /** A page for the cache: Free, Zeroed, then Standby; trims at once when there is none. */
  private int take() {
    int f = pfn.takeAny();
    if (f < 0 && bsm.desperate()) {
      f = pfn.takeAny();
    }
    return f;
  }

  private Outcome waitForPages(Proc p, long done) {
    writer.flush();
    if (!writer.busy()) {
      throw bsm.noPageCanCome(p, "read or wrote a file", "");
    }
    nt.waitForPages(p);
    return Outcome.blocked(done);
  }

  static long key(MemoryObject obj, long page) {
    return (long) obj.id() << PAGE_BITS | page;
  }

  static int fileId(long key) {
    return (int) (key >>> PAGE_BITS);
  }

  MemoryObject object(long key) {
    return nt.kernel.object((int) (key >>> PAGE_BITS));
  }

  static long page(long key) {
    return key & ((1L << PAGE_BITS) - 1);
  }

  @Override
  public boolean testAndClearAccessed(long key) {
    if (!accessed.containsKey(key)) {
      return false;
    }
    accessed.remove(key);
    return true;
  }

  @Override
  public boolean accessed(long key) {
    return accessed.containsKey(key);
  }

  @Override
  public int frame(long key) {
    MemoryObject obj = object(key);
    return obj == null ? -1 : Section.of(obj).frame(page(key));
  }

  /** Trimmed: at share count 0 the page goes to Standby, or to Modified while it is dirty. */
  @Override
  public void trimmed(long key) {
    accessed.remove(key);
    fresh.remove(key);
    pfn.unshare(frame(key), 0);
  }
}
