package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.vm.BackingStore;

/**
 * Page reclaim (mm/vmscan.c, the classic two-list LRU, not MGLRU): shrink_node over the four
 * evictable lists. get_scan_count picks which lists to scan and how much ({@code size >> priority},
 * weighted by swappiness); shrink_active_list deactivates pages when an inactive list is too small
 * (inactive_is_low); shrink_inactive_list frees the old pages reclaim may take. Scanning goes in
 * batches of SWAP_CLUSTER_MAX from the old end of each list.
 */
final class Vmscan {
  static final int DEF_PRIORITY = 12;
  private static final int BATCH = PageAllocator.SWAP_CLUSTER_MAX;
  private static final int[] EVICTABLE = {
    Lru.INACTIVE_ANON, Lru.ACTIVE_ANON, Lru.INACTIVE_FILE, Lru.ACTIVE_FILE
  };

  private final Mm mm;
  private final Lru lru;
  private final Evict evict;
  private final References refs;
  private final Watermarks marks;
  private final BackingStore swap;
  private final Folios thp;
  private final int[] batch = new int[BATCH];
  private long scanned;
  private long writebacks;

  Vmscan(Mm mm, Lru lru, Evict evict, Watermarks marks, Folios thp) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.evict = Objects.requireNonNull(evict, "evict is null");
    this.marks = Objects.requireNonNull(marks, "marks is null");
    this.refs = new References(mm);
    this.swap = mm.kernel.swap();
    this.thp = Objects.requireNonNull(thp, "thp is null");
  }

  /** Pages looked at (on any list) since the run began: the work reclaim is charged for. */
  long scanned() {
    return scanned;
  }

  /** Pages reclaim has sent to writeback since the run began (freed when their writes complete). */
  long writebacks() {
    return writebacks;
  }

  /** do_try_to_free_pages: priorities 12 down to 0 until {@code target} pages are freed. */
  long directReclaim(int target) {
    long before = scanned;
    long got = 0;
    for (int priority = DEF_PRIORITY; priority >= 0 && got < target; priority--) {
      got += shrinkNode(priority, target - got, true);
    }
    mm.charge((scanned - before) * mm.costs.minorFaultNs());
    return got;
  }

  /** shrink_node at one priority: pages freed, stopping once {@code target} are. */
  long shrinkNode(int priority, long target, boolean direct) {
    boolean lowAnon = inactiveIsLow(Lru.INACTIVE_ANON, Lru.ACTIVE_ANON);
    boolean lowFile = inactiveIsLow(Lru.INACTIVE_FILE, Lru.ACTIVE_FILE);
    long[] nr = scanCounts(priority, lowAnon, lowFile);
    long freed = 0;
    boolean proportional = direct && priority == DEF_PRIORITY;
    while (nr[Lru.INACTIVE_ANON] > 0 || nr[Lru.ACTIVE_FILE] > 0 || nr[Lru.INACTIVE_FILE] > 0) {
      for (int list : EVICTABLE) {
        int n = (int) Math.min(nr[list], BATCH);
        nr[list] -= n;
        if (n == 0) {
          continue;
        }
        if (Lru.isActive(list)) {
          if (list == Lru.ACTIVE_ANON ? lowAnon : lowFile) {
            shrinkActive(list, n);
          }
        } else {
          freed += shrinkInactive(list, n, direct ? mm.reclaimDirect : mm.reclaimKswapd);
        }
      }
      if (freed >= target && !proportional) {
        break;
      }
    }
    if (canReclaimAnon() && inactiveIsLow(Lru.INACTIVE_ANON, Lru.ACTIVE_ANON)) {
      shrinkActive(Lru.ACTIVE_ANON, BATCH); // keep the anon lists balanced even when not scanned
    }
    return freed;
  }

  /**
   * get_scan_count: the pages to scan on each list at this priority. Without free swap only the
   * file lists; at priority 0 every list equally; a tiny page cache leaves anon only; a large
   * enough inactive file list is trimmed alone (cache_trim_mode); otherwise swappiness weighs anon
   * against file ({@code swappiness : 200 - swappiness}).
   */
  private long[] scanCounts(int priority, boolean lowAnon, boolean lowFile) {
    int swappiness = mm.options.swappiness();
    long anonWeight;
    long fileWeight;
    long file = lru.size(Lru.INACTIVE_FILE) + lru.size(Lru.ACTIVE_FILE);
    boolean fileTiny =
        file + lru.free() <= marks.high()
            && !lowAnon
            && (lru.size(Lru.INACTIVE_ANON) >> priority) > 0;
    boolean cacheTrim = (lru.size(Lru.INACTIVE_FILE) >> priority) > 0 && !lowFile;
    if (!canReclaimAnon()) {
      anonWeight = 0;
      fileWeight = 1;
    } else if (priority == 0 && swappiness > 0) {
      anonWeight = 1;
      fileWeight = 1;
    } else if (fileTiny) {
      anonWeight = 1;
      fileWeight = 0;
    } else if (cacheTrim) {
      anonWeight = 0;
      fileWeight = 1;
    } else {
      anonWeight = swappiness;
      fileWeight = 200 - swappiness;
    }
    long total = anonWeight + fileWeight;
    long[] nr = new long[Lru.UNEVICTABLE + 1];
    for (int list : EVICTABLE) {
      boolean isFile = list == Lru.INACTIVE_FILE || list == Lru.ACTIVE_FILE;
      long scan = lru.size(list) >> priority;
      nr[list] = scan * (isFile ? fileWeight : anonWeight) / total;
    }
    return nr;
  }

  /** can_reclaim_anon_pages: some swap is free. */
  private boolean canReclaimAnon() {
    return swap.free() > 0;
  }

  /** inactive_is_low: {@code inactive * int_sqrt(10 * GiB) < active}, per LRU type. */
  boolean inactiveIsLow(int inactiveList, int activeList) {
    long inactive = lru.size(inactiveList);
    long active = lru.size(activeList);
    long gb = (inactive + active) * mm.pageSize >> 30;
    long ratio = gb > 0 ? Watermarks.intSqrt(10 * gb) : 1;
    return inactive * ratio < active;
  }

  /** shrink_inactive_list: isolates up to n old pages and frees what reclaim may take. */
  private long shrinkInactive(int list, int n, int counter) {
    int count = isolate(list, n);
    long freed = 0;
    for (int i = 0; i < count; i++) {
      int frame = batch[i];
      if (mm.memory.hasFlag(frame, PageFlags.PINNED)) {
        lru.add(frame, false); // a fault holds it to copy from: it cannot be freed now
        continue;
      }
      boolean fileLru = lru.fileLru(frame);
      References.Verdict v = refs.check(frame, fileLru);
      boolean dirty =
          mm.memory.hasFlag(frame, PageFlags.DIRTY)
              || (v == References.Verdict.RECLAIM_CLEAN && mm.machine.dirtyAnywhere(frame));
      if (v == References.Verdict.KEEP
          || (v == References.Verdict.RECLAIM_CLEAN && dirty && !mm.isAnon(frame))) {
        lru.add(frame, false);
        continue;
      }
      Evict.Result result =
          v == References.Verdict.ACTIVATE ? Evict.Result.ACTIVATE : evict.free(frame);
      if (result == Evict.Result.ACTIVATE) {
        lru.add(frame, true);
        mm.metrics.increment(mm.pgactivate);
      } else if (result == Evict.Result.FREED) {
        freed++;
      } else {
        writebacks++;
      }
    }
    evict.flushWrites(counter);
    return freed;
  }

  /**
   * shrink_active_list: old active pages move to the inactive list, their accessed bits read and
   * cleared on the way; a referenced executable file page gets another trip round the active list.
   */
  private void shrinkActive(int list, int n) {
    int count = isolate(list, n);
    for (int i = 0; i < count; i++) {
      int frame = batch[i];
      boolean referenced = refs.referencedPtes(frame) > 0;
      if (referenced && refs.execMapped() && lru.fileLru(frame)) {
        lru.add(frame, true);
      } else {
        lru.add(frame, false);
        mm.metrics.increment(mm.pgdeactivate);
      }
    }
  }

  /** Takes up to n pages from the old end of a list into the batch (isolate_lru_folios). */
  private int isolate(int list, int n) {
    int count = 0;
    while (count < n) {
      int frame = lru.oldest(list);
      if (frame < 0) {
        break;
      }
      if (mm.memory.hasFlag(frame, PageFlags.HUGE)) {
        thp.splitFolio(frame); // reclaimed page by page: its tails join this list's young end
      }
      lru.isolate(frame);
      batch[count++] = frame;
    }
    scanned += count;
    mm.metrics.add(mm.pgscan, count);
    return count;
  }
}
