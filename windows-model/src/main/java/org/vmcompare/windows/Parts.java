package org.vmcompare.windows;

import java.util.function.LongSupplier;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;

/**
 * The model's parts for one run, built at boot in dependency order: the PFN database and its lists,
 * the commit charge, the working set manager, the system threads (balance set manager, modified and
 * mapped page writers, zero page thread), the fault handler, the system file cache, VirtualAlloc
 * and friends, the views.
 */
final class Parts {
  final Nt nt;
  final PageLists pfn;
  final Commit commit;
  final WorkingSetManager wsm;
  final ModifiedPageWriter writer;
  final BalanceSetManager bsm;
  final ZeroPageThread zeroThread;
  final Faults faults;
  final Sections sections;
  final Offers offers;
  final SystemCache cache;
  final VirtualMemory vm;
  final Clone clone;
  final Views views;
  final FrameAudit audit;

  Parts(Kernel k, WindowsOptions options, FaultInjection injected) {
    nt = new Nt(k, options, injected);
    pfn = new PageLists(nt);
    commit = new Commit(nt);
    wsm = new WorkingSetManager(nt, pfn);
    writer = new ModifiedPageWriter(nt, pfn, new MappedPageWriter(nt, pfn));
    bsm = new BalanceSetManager(nt, pfn, wsm, writer);
    zeroThread = new ZeroPageThread(nt, pfn);
    sections = new Sections(nt, pfn, commit);
    faults = new Faults(nt, pfn, wsm, bsm, writer, sections);
    cache = new SystemCache(nt, pfn, wsm, bsm, writer, faults.waits);
    cache.setLazyWriter(new LazyWriter(nt, pfn, cache));
    bsm.addSystemWorkingSet(cache.ws);
    vm = new VirtualMemory(nt, pfn, wsm, commit, sections);
    clone = new Clone(nt, pfn, wsm, commit);
    offers = new Offers(nt, pfn, wsm, writer, sections);
    views = new Views(nt, pfn, commit);
    audit = new FrameAudit(nt, pfn, bsm, commit);
    bsm.start();
    k.events().idle("zero-page-thread", zeroThread::runSlice);
    registerGauges();
  }

  private void registerGauges() {
    gauge("windows.available", "available pages: Standby + Free + Zeroed", pfn::available);
    gauge("windows.standby", "pages on the Standby lists", pfn::standby);
    gauge("windows.modified", "pages on the Modified list", () -> pfn.size(PageLists.MODIFIED));
    gauge(
        "windows.free",
        "pages on the Free and Zeroed lists",
        () -> pfn.size(PageLists.FREE) + pfn.size(PageLists.ZEROED));
    gauge("windows.commit", "system commit charge", commit::committed);
    gauge("windows.cache.ws", "the system cache working set", () -> cache.ws.size());
    nt.metrics.registerGauge(
        MetricSpec.of(
            "windows.aging.shift",
            Unit.LEVEL,
            "MiAgingShift: each aging run visits working-set size >> this entries (3..7)"),
        () -> nt.agingShift);
  }

  private void gauge(String name, String description, LongSupplier read) {
    nt.metrics.registerGauge(MetricSpec.of(name, Unit.PAGES, description), read);
  }
}
