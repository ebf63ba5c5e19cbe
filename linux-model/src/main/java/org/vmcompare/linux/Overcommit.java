package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.Region;

/**
 * Overcommit accounting (mm/util.c __vm_enough_memory, Documentation/mm/overcommit-accounting.rst).
 * Committed_AS counts the pages of private writable mappings (and shared anonymous memory), charged
 * at mmap, mprotect and fork. Mode 1 never refuses; mode 2 refuses once Committed_AS would reach
 * CommitLimit ({@code RAM × overcommitRatio / 100 + swap}) less the admin and user reserves; mode 0
 * refuses a single request larger than RAM + swap (4.17+), or with {@code overcommitHeuristic:
 * legacy} one larger than free + page cache + free swap less the reserves (the check that failed
 * Redis's fork). MAP_NORESERVE skips the charge in modes 0 and 1 only.
 */
final class Overcommit {
  private final Mm mm;
  private final Lru lru;
  private final SwapCache swapCache;
  private final PageCache pageCache;
  private final Watermarks marks;
  private final long adminReserve;
  private final long userReserve;
  private long committed;

  Overcommit(Mm mm, Lru lru, SwapCache swapCache, PageCache pageCache, Watermarks marks) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.swapCache = Objects.requireNonNull(swapCache, "swapCache is null");
    this.pageCache = Objects.requireNonNull(pageCache, "pageCache is null");
    this.marks = Objects.requireNonNull(marks, "marks is null");
    long freeKb = mm.managedPages() * (mm.pageSize / 1024);
    // init_admin_reserve / init_user_reserve: 3% of free memory, at most 8 MiB and 128 MiB
    this.adminReserve = Math.min(freeKb / 32, 8192) * 1024 / mm.pageSize;
    this.userReserve = Math.min(freeKb / 32, 131072) * 1024 / mm.pageSize;
  }

  /** Committed_AS in pages. */
  long committed() {
    return committed;
  }

  /** vm_commit_limit: {@code (RAM pages − hugetlb) × ratio / 100 + swap pages}. */
  long commitLimit() {
    return mm.managedPages() * mm.options.overcommitRatio() / 100 + swap().capacity();
  }

  /**
   * Whether a new mapping of this kind is charged: private writable, NORESERVE as the mode says.
   */
  boolean accountable(boolean writable, boolean privateMapping, boolean noReserve) {
    return writable && privateMapping && !(noReserve && mm.options.overcommitMemory() != 2);
  }

  /**
   * Charges {@code pages} for {@code p} if the mode allows, counting a refusal in {@code
   * commit.failures}. Returns whether the charge was taken.
   */
  boolean charge(Proc p, long pages) {
    committed += pages;
    if (enough(p, pages)) {
      return true;
    }
    committed -= pages;
    mm.metrics.increment(Counter.COMMIT_FAILURES);
    return false;
  }

  void uncharge(long pages) {
    committed -= pages;
  }

  /** __vm_enough_memory, with {@code pages} already added to Committed_AS. */
  private boolean enough(Proc p, long pages) {
    switch (mm.options.overcommitMemory()) {
      case 1:
        return true;
      case 2:
        long allowed = commitLimit() - adminReserve - Math.min(totalVm(p) / 32, userReserve);
        return committed < allowed;
      default:
        if (mm.options.overcommitHeuristic() == LinuxOptions.Heuristic.MODERN) {
          return pages <= mm.managedPages() + swap().capacity();
        }
        long free =
            lru.free()
                + pageCache.pages()
                + swapCache.pages()
                + swap().free()
                - marks.high()
                - adminReserve;
        return free > pages;
    }
  }

  /** mm->total_vm: every page of every VMA of the process. */
  private static long totalVm(Proc p) {
    long pages = 0;
    for (Region r : p.space().regions()) {
      pages += r.pages();
    }
    return pages;
  }

  private BackingStore swap() {
    return swapCache.swap();
  }
}
