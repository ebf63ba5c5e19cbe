package org.vmcompare.windows;

/**
 * The zero page thread: idle-priority work that moves Free pages to the Zeroed list, one page a
 * slice charged at the cost of zeroing a page, once the Free list holds enough pages to bother.
 */
final class ZeroPageThread {
  private final Nt nt;
  private final PageLists pfn;
  private boolean started;

  ZeroPageThread(Nt nt, PageLists pfn) {
    this.nt = nt;
    this.pfn = pfn;
  }

  /** One slice: zero one Free page; false when there is nothing worth doing. */
  boolean runSlice() {
    int free = pfn.size(PageLists.FREE);
    if (free == 0) {
      started = false;
      return false;
    }
    if (!started && free < nt.zeroThreadMinFree) {
      return false;
    }
    started = true;
    int f = pfn.lists.pollHead(PageLists.FREE);
    nt.machine.clock().advance(nt.machine.costs().zeroPageNs());
    pfn.lists.addTail(PageLists.ZEROED, f);
    nt.metrics.increment(nt.pagesZeroed);
    return true;
  }
}
