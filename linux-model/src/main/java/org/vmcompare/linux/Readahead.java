package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.SimFile;

/**
 * mm/readahead.c and filemap.c's readahead decisions. A page-cache miss in a mapping reads around
 * the fault (do_sync_mmap_readahead: {@code ra_pages} pages from {@code page - ra_pages/2}, marker
 * a quarter from the end); a miss in read() starts a window at the page (ondemand_readahead's
 * initial window, get_init_ra_size); touching a marked page pushes the window forward
 * asynchronously (page_cache_async_ra). Every missing page of a window gets a frame, locked in the
 * page cache, and each contiguous run is one disk read; the faulting process waits only for the run
 * holding its page. With {@code readAheadKb: 0} a miss reads the one page.
 */
final class Readahead {
  private final Mm mm;
  private final Lru lru;
  private final PageAllocator alloc;
  private final PageCache cache;
  private final PageLocks locks;
  private final int raPages;

  Readahead(Mm mm, Lru lru, PageAllocator alloc, PageCache cache, PageLocks locks) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.alloc = Objects.requireNonNull(alloc, "alloc is null");
    this.cache = Objects.requireNonNull(cache, "cache is null");
    this.locks = Objects.requireNonNull(locks, "locks is null");
    this.raPages = mm.options.readAheadPages(mm.pageSize);
  }

  /**
   * A mapping's miss at {@code page}: reads around it and makes {@code p} wait for the page.
   * Returns 0, or the allocator's failure for the page itself (p was OOM-killed, or waits for
   * memory).
   */
  int mmapMiss(Proc p, MemoryObject obj, long page, RaWindow ra) {
    if (raPages == 0) {
      return read(p, obj, page, page, page + 1, -1);
    }
    ra.start = Math.max(0, page - raPages / 2);
    ra.size = raPages;
    ra.asyncSize = raPages / 4;
    return read(p, obj, page, ra.start, ra.start + ra.size, ra.marker());
  }

  /** A read()'s miss at {@code page} with {@code request} pages asked: as {@link #mmapMiss}. */
  int readMiss(Proc p, MemoryObject obj, long page, long request, RaWindow ra) {
    if (raPages == 0) {
      return read(p, obj, page, page, page + 1, -1);
    }
    ra.start = page;
    ra.size = initialSize(request);
    ra.asyncSize = ra.size > request ? ra.size - request : ra.size;
    return read(p, obj, page, ra.start, ra.start + ra.size, ra.marker());
  }

  /** A touch of a page marked PG_readahead: the next window, read without waiting. */
  void markerHit(Proc p, MemoryObject obj, long page, int frame, RaWindow ra) {
    mm.memory.clearFlag(frame, PageFlags.READAHEAD);
    if (raPages == 0) {
      return;
    }
    if (page == ra.marker() || page == ra.start + ra.size) {
      ra.start += ra.size;
    } else {
      long next = page + 1; // interleaved readers: start after what is cached
      while (next < obj.pages() && PageCache.find(obj, next) >= 0) {
        next++;
      }
      ra.start = next;
    }
    ra.size = nextSize(ra.size);
    ra.asyncSize = ra.size;
    read(p, obj, -1, ra.start, ra.start + ra.size, ra.marker());
  }

  /** get_init_ra_size. */
  private long initialSize(long request) {
    long size = Long.highestOneBit(Math.max(1, request));
    if (size < request) {
      size <<= 1;
    }
    if (size <= raPages / 32) {
      return size * 4;
    }
    return size <= raPages / 4 ? size * 2 : raPages;
  }

  /** get_next_ra_size. */
  private long nextSize(long current) {
    if (current < raPages / 16) {
      return 4 * current;
    }
    return current <= raPages / 2 ? 2 * current : raPages;
  }

  /**
   * Reads the missing pages of [from, to) (clipped to the file) into the page cache, marking {@code
   * marker}; {@code p} waits for {@code wanted} (none when -1), which is read even outside the
   * window. The wanted page's frame may reclaim; the others are taken without reclaim (readahead's
   * __GFP_NORETRY), and the window ends at the first that cannot be had. Returns 0, or the
   * allocator's failure for the wanted page.
   */
  private int read(Proc p, MemoryObject obj, long wanted, long from, long to, long marker) {
    int wantedFrame = -1;
    if (wanted >= 0 && PageCache.find(obj, wanted) < 0) {
      wantedFrame = alloc.alloc(p);
      if (wantedFrame < 0) {
        return wantedFrame;
      }
    }
    long first = wanted >= 0 ? Math.min(from, wanted) : from;
    long last = Math.min(wanted >= 0 ? Math.max(to, wanted + 1) : to, obj.pages());
    boolean stopped = false;
    long runStart = -1;
    for (long page = first; page <= last; page++) {
      int frame = -1;
      if (page == wanted) {
        frame = wantedFrame;
      } else if (page < last && page >= from && page < to && !stopped) {
        if (PageCache.find(obj, page) < 0) {
          frame = alloc.tryTake();
          stopped = frame < 0;
        }
      }
      if (frame >= 0) {
        cache.insert(obj, page, frame);
        locks.lock(frame);
        if (page == marker) {
          mm.memory.setFlag(frame, PageFlags.READAHEAD);
        }
        if (runStart < 0) {
          runStart = page;
        }
      } else if (runStart >= 0) {
        submit(p, obj, wanted, runStart, page);
        runStart = -1;
      }
    }
    return 0;
  }

  /**
   * One disk read of the locked pages [first, end); {@code p} waits if it holds the wanted page.
   */
  private void submit(Proc p, MemoryObject obj, long wanted, long first, long end) {
    int pages = (int) (end - first);
    SimFile file = obj.file();
    Runnable done =
        () -> {
          for (long page = first; page < end; page++) {
            int frame = PageCache.find(obj, page);
            mm.memory.setContent(frame, file.read(page));
            lru.add(frame, false);
            locks.unlock(frame);
          }
          mm.metrics.add(Counter.FILE_READS, pages);
        };
    boolean waits = wanted >= first && wanted < end;
    mm.metrics.add(mm.readaheadPages, waits ? pages - 1 : pages);
    if (waits) {
      mm.kernel.waitForRead(p, pages, done);
    } else {
      mm.kernel.disk().read(pages, done);
    }
  }
}
