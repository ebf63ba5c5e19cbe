package org.vmcompare.windows;

import org.vmcompare.os.Proc;

/**
 * Faults that wait while few pages are available: the WRK's MiEnsureAvailablePageOrWait
 * (base/ntos/mm/pfnlist.c) and MiResolveTransitionFault's check before it, which keep a thread from
 * taking the last pages while the working set manager and the modified page writer make more. A
 * waiting process is {@link Nt#waitForPages blocked} and tries its fault again when they have run;
 * see docs/models/windows.md, "Faults that wait".
 */
final class AvailableWait {
  private final Nt nt;
  private final PageLists pfn;
  private final BalanceSetManager bsm;
  private final ModifiedPageWriter writer;

  /**
   * Processes whose soft fault waited and whose delay is still to come (a process that ends
   * meanwhile stays counted, which only costs its lookups).
   */
  private int delayed;

  /**
   * Processes whose fault is waiting in {@link #forPage} (its retries are not counted again); as
   * with {@code delayed}, one that ends meanwhile stays counted.
   */
  private int waitingFaults;

  AvailableWait(Nt nt, PageLists pfn, BalanceSetManager bsm, ModifiedPageWriter writer) {
    this.nt = nt;
    this.pfn = pfn;
    this.bsm = bsm;
    this.writer = writer;
  }

  /**
   * MiEnsureAvailablePageOrWait (WRK base/ntos/mm/pfnlist.c), called by every fault of a process
   * that needs a new page (demand-zero, pagefile and mapped-file reads, copy-on-write) and by the
   * system cache's misses, which fault in the reading thread (CcCopyRead): while fewer than {@code
   * faultWaitAvailablePages} (MM_HIGH_LIMIT, 128) are available, the process waits until available
   * reaches it again (MmAvailablePagesEventHigh, set by the page list that adds the page: {@link
   * Nt#availableReachedHigh}), then faults again; the working set manager's runs, the writers'
   * completions and frees also let it look again (and stop waiting when waiting could no longer
   * help). It does not wait when that could never bring enough (what is available, on Modified or
   * under write, and above the working sets' minimums is short of the threshold: the WRK would wait
   * seventy seconds and stop the machine in MiNoPagesLastChance, NO_PAGES_AVAILABLE), nor with none
   * available at all: that fault trims at once ({@link BalanceSetManager#desperate}). True if it
   * waits.
   */
  boolean forPage(Proc p) {
    long available = pfn.available();
    if (available >= nt.faultWait || available == 0 || !somethingCanFree()) {
      if (waitingFaults > 0) {
        endWait(WorkingSet.of(p));
      }
      return false;
    }
    startWait(WorkingSet.of(p));
    nt.waitForPages(p);
    return true;
  }

  /**
   * Counts a fault's wait once ({@code windows.faults.waits}), however many times it is woken and
   * finds available still short.
   */
  private void startWait(WorkingSet ws) {
    if (!ws.waitingForPage) {
      ws.waitingForPage = true;
      waitingFaults++;
      nt.metrics.increment(nt.faultWaits);
    }
  }

  private void endWait(WorkingSet ws) {
    if (ws.waitingForPage) {
      ws.waitingForPage = false;
      waitingFaults--;
    }
  }

  /**
   * MiResolveTransitionFault's check: a soft fault also waits below {@code faultWaitAvailablePages}
   * (so that a thread does not take every page a modified write frees while others wait). It then
   * returns STATUS_NO_MEMORY, and MmAccessFault delays the thread for MmShortTime (10 ms) before
   * the fault is taken again ({@link #afterTransitionWait}). With none available at all the WRK
   * delays it without a wait; the model lets it take its page back (it needs no new one), since
   * nothing need ever free a page then.
   */
  boolean inTransition(Proc p) {
    long available = pfn.available();
    if (available < nt.faultWait && available > 0 && somethingCanFree()) {
      WorkingSet ws = WorkingSet.of(p);
      startWait(ws);
      endWait(ws); // its retry is afterTransitionWait's
      ws.waitedForPages = true;
      delayed++;
      nt.waitForPages(p);
      return true;
    }
    if (waitingFaults > 0) {
      endWait(WorkingSet.of(p));
    }
    return false;
  }

  /**
   * The next fault of a process whose soft fault waited: while the wait is not over (still short,
   * and waiting could help) it waits again; once it is, the thread is delayed 10 ms before the
   * fault is taken again, whatever it has become meanwhile (the page may have been repurposed).
   */
  boolean afterTransitionWait(Proc p) {
    if (delayed == 0) {
      return false; // no soft fault waits: every fault's fast path
    }
    WorkingSet ws = WorkingSet.of(p);
    if (!ws.waitedForPages) {
      return false;
    }
    long available = pfn.available();
    if (available < nt.faultWait && available > 0 && somethingCanFree()) {
      nt.waitForPages(p); // the same fault's wait, counted once
      return true;
    }
    ws.waitedForPages = false;
    delayed--;
    nt.kernel.block(p, nt.kernel.now() + SHORT_TIME_NS);
    return true;
  }

  /** MmShortTime (WRK base/ntos/mm/mminit.c): 10 ms. */
  static final long SHORT_TIME_NS = 10_000_000L;

  /**
   * The working set manager's trims and the modified page writer could bring {@code
   * faultWaitAvailablePages} available: what is available, plus what the writer will write (the
   * Modified pages, once they are enough to wake it and the pagefile has room), what is under I/O,
   * and what the working sets hold above their minimums if the manager trims at all (at or below
   * {@code plentyFreePages} available).
   */
  private boolean somethingCanFree() {
    long available = pfn.available();
    long modified = pfn.size(PageLists.MODIFIED);
    long writable = modified >= nt.modifiedLowThreshold && writer.busy() ? modified : 0;
    long underIo = pfn.size(PageLists.TRANSITION);
    long above = available <= nt.plentyFree ? bsm.pagesAboveMinimum() : 0;
    if (writable == 0 && underIo == 0 && above == 0) {
      return false;
    }
    return available + writable + underIo + above >= nt.faultWait;
  }
}
