package org.vmcompare.linux;

import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;

/**
 * The model's parts for one run, built at boot in dependency order and wired to each other: the
 * page lists and allocator, the caches, the fault paths, reclaim. The personality hands each
 * operation to one of them.
 */
final class Parts {
  final Mm mm;
  final Lru lru;
  final PageAllocator alloc;
  final SwapCache swapCache;
  final PageLocks locks;
  final PageCache pageCache;
  final Evict evict;
  final Teardown teardown;
  final Readahead readahead;
  final FileIo fileIo;
  final FaultHandler faults;
  final Madvise madvise;
  final Folios thp;
  final Vmscan vmscan;
  final Kswapd kswapd;
  final Overcommit overcommit;
  final Fork fork;
  final Mmap mmap;
  final LazyFree lazyFree;
  final ProcViews procViews;
  final MemViews memViews;
  final SystemViews systemViews;
  final Shmem shmem;

  Parts(Kernel k, LinuxOptions options, FaultInjection planted) {
    mm = new Mm(k, options, planted);
    lru =
        new Lru(
            mm.memory,
            (int) mm.machine.paging().pagesPerEntry(1),
            planted.on(LinuxFaults.MISCOUNT_LRU_LIST));
    for (int f = mm.firstManagedFrame(); f < mm.memory.frames(); f++) {
      lru.addFree(f);
    }
    alloc = new PageAllocator(mm, lru, watermarks(mm));
    swapCache = new SwapCache(k.swap(), mm.memory.frames());
    locks = new PageLocks(mm);
    pageCache = new PageCache(mm);
    evict = new Evict(mm, lru, swapCache, pageCache);
    overcommit = new Overcommit(mm, lru, swapCache, pageCache, alloc.marks());
    thp = new Folios(mm, lru);
    teardown = new Teardown(mm, lru, swapCache, overcommit, thp);
    shmem = new Shmem(mm, lru, alloc, swapCache, locks);
    evict.connect(shmem);
    readahead = new Readahead(mm, lru, alloc, pageCache, locks);
    fileIo = new FileIo(mm, lru, alloc, pageCache, locks, readahead, k.random().split().nextLong());
    faults =
        new FaultHandler(
            mm,
            lru,
            alloc,
            swapCache,
            new SwapIn(mm, lru, alloc, swapCache, locks),
            new FileFaults(mm, lru, alloc, locks, readahead),
            thp,
            new HugeFaults(mm, lru, alloc.marks(), thp),
            teardown,
            shmem);
    lazyFree = new LazyFree(mm, lru, swapCache, teardown, thp);
    madvise = new Madvise(mm, lru, evict, teardown, lazyFree, thp);
    procViews = new ProcViews(mm, new Smaps(mm, swapCache, thp));
    memViews = new MemViews(mm, lru, pageCache, swapCache, overcommit, alloc.marks(), thp, shmem);
    fork = new Fork(mm, overcommit, thp);
    mmap = new Mmap(mm, overcommit, pageCache);
    OomKiller oom = new OomKiller(mm, teardown, procViews);
    vmscan = new Vmscan(mm, lru, evict, alloc.marks(), thp);
    kswapd = new Kswapd(mm, lru, vmscan, alloc.marks());
    alloc.connect(
        kswapd::wake,
        pages -> {
          long got = vmscan.directReclaim(pages);
          if (got > 0) {
            kswapd.progress();
          }
          return got;
        },
        evict::underWriteback,
        requester -> oom.kill(requester));
    evict.onWritebackDone(alloc::wakeThrottled);
    systemViews = new SystemViews(mm, lru, alloc.marks());
    registerGauges();
  }

  private static Watermarks watermarks(Mm mm) {
    return Watermarks.compute(
        mm.managedPages(),
        mm.pageSize,
        mm.options.watermarkScaleFactor(),
        mm.options.thp() != LinuxOptions.Thp.NEVER,
        mm.machine.paging().pagesPerEntry(1),
        Watermarks.zones(mm.machine.spec().ramBytes()));
  }

  /** Free pages and the four evictable lists, sampled into the run's time series. */
  private void registerGauges() {
    String[] names = {"free", "inactive_anon", "active_anon", "inactive_file", "active_file"};
    for (int list = 0; list < names.length; list++) {
      int l = list;
      mm.metrics.registerGauge(
          MetricSpec.of(
              list == 0 ? "linux.free" : "linux.lru." + names[list],
              Unit.PAGES,
              list == 0 ? "free pages" : "pages on the " + names[list] + " list"),
          () -> lru.size(l));
    }
  }
}
