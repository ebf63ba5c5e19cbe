package org.vmcompare.windows;

import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;

/**
 * The commit charge against the commit limit (RAM - reserve + pagefile), with the pagefile grown
 * from its initial size (machine.swap) toward its maximum (machine.swapMax) when a charge would not
 * fit or when the charge passes {@code extendAtPercent} of the limit, logging Windows' "running low
 * on virtual memory" each time. There is no OOM killer: a charge that cannot fit fails.
 */
final class Commit {
  private final Nt nt;
  private long committed;
  private long peak;

  Commit(Nt nt) {
    this.nt = nt;
  }

  long committed() {
    return committed;
  }

  long peak() {
    return peak;
  }

  /** Limit = RAM pages - reserve + pagefile pages (less one per pagefile, as the WRK counts). */
  long limit() {
    int pf = nt.pagefile.capacity();
    return Math.max(0, nt.memory.usableFrames() - nt.commitReserve + Math.max(0, pf - 1));
  }

  long pagefileMaxLimit() {
    int pf = nt.pagefile.maxCapacity();
    return Math.max(0, nt.memory.usableFrames() - nt.commitReserve + Math.max(0, pf - 1));
  }

  /**
   * Charges {@code pages} to the process (or, with a null process, to the system alone: a section
   * of shared memory), growing the pagefile if needed; false when even the largest pagefile cannot
   * hold it (ERROR_COMMITMENT_LIMIT, counted).
   */
  boolean charge(Proc p, long pages) {
    if (pages <= 0) {
      return true;
    }
    long needed = committed + pages + nt.commitChargeReserve;
    if (needed > limit()) {
      if (needed <= pagefileMaxLimit()) {
        growTo(needed); // a charge even the largest pagefile cannot hold grows nothing
      }
      if (needed > limit()) {
        nt.metrics.increment(Counter.COMMIT_FAILURES);
        return false;
      }
    }
    committed += pages;
    peak = Math.max(peak, committed);
    if (p != null) {
      p.metrics().add(WindowsMetrics.COMMIT, pages);
    }
    long limit = limit();
    if (committed * 100 > limit * nt.options.extendAtPercent()) {
      growTo(committed * 100 / nt.options.extendToPercent());
    }
    return true;
  }

  void uncharge(Proc p, long pages) {
    if (pages <= 0) {
      return;
    }
    committed -= pages;
    if (p != null) {
      p.metrics().add(WindowsMetrics.COMMIT, -pages);
    }
  }

  /** Grows the pagefile in steps so that the limit reaches {@code wanted}, as far as it may. */
  private void growTo(long wanted) {
    int before = nt.pagefile.capacity();
    if (before >= nt.pagefile.maxCapacity()) {
      return;
    }
    long missing = wanted - limit();
    long steps = (missing + nt.pagefileGrowth - 1) / nt.pagefileGrowth;
    long target =
        Math.min(nt.pagefile.maxCapacity(), before + Math.max(1, steps) * nt.pagefileGrowth);
    if (before == 0) {
      target = Math.min(nt.pagefile.maxCapacity(), target + 1); // the pagefile's own "- 1"
    }
    int after = nt.pagefile.grow((int) target);
    if (after > before) {
      nt.metrics.increment(nt.pagefileExtensions);
      nt.kernel.log(
          "Windows: your system is running low on virtual memory; the paging file grows from "
              + mib(before)
              + " to "
              + mib(after)
              + " (commit "
              + committed
              + " of "
              + limit()
              + " pages)");
    }
  }

  private String mib(long pages) {
    return (pages * nt.pageSize >> 20) + " MB";
  }
}
