package org.vmcompare.windows;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ViewRequest;
import org.vmcompare.vm.Region;

/**
 * The Windows personality: the SPI's entry points, each handed to the part of the model that does
 * the memory manager's work (docs/models/windows.md). What the model has not built is refused
 * before the run by {@link WindowsModuleProvider#whyUnsupported}, never faked.
 */
public final class WindowsPersonality implements OsPersonality {
  private final WindowsOptions options;
  private final FaultInjection injected;
  private Parts k;

  @Inject
  public WindowsPersonality(WindowsOptions options, FaultInjection injected) {
    this.options = Objects.requireNonNull(options, "options is null");
    this.injected = Objects.requireNonNull(injected, "injected is null");
  }

  @Override
  public String name() {
    return "windows";
  }

  @Override
  public void boot(Kernel kernel) {
    k = new Parts(kernel, options, injected);
  }

  /** The model's parts, for this package's tests to look inside a run. */
  Parts parts() {
    return k;
  }

  @Override
  public void processCreated(Proc p) {
    p.modelState().put(WorkingSet.KEY, new WorkingSet(p, k.pfn));
  }

  @Override
  public List<MetricSpec> processMetrics() {
    return WindowsMetrics.ALL;
  }

  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    return k.vm.allocate(p, op);
  }

  @Override
  public Outcome commit(Proc p, Op.Commit op) {
    return k.vm.commit(p, op);
  }

  /** MapViewOfFile of a file's section, or an image load. */
  @Override
  public Outcome mapFile(Proc p, Op.MapFile op) {
    return k.vm.mapFile(p, op);
  }

  /** CreateFileMapping (or OpenFileMapping) of a pagefile-backed section, and MapViewOfFile. */
  @Override
  public Outcome share(Proc p, Op.Share op) {
    return k.sections.share(p, op);
  }

  /** A copy-on-write clone of the address space, charged for its private views in full. */
  @Override
  public Outcome fork(Proc parent, Op.Fork op) {
    return k.clone.fork(parent, op);
  }

  /** A named section is deleted with its last handle and view; the name then makes a new one. */
  @Override
  public boolean sharedMemoryOutlivesItsUsers() {
    return false;
  }

  /** ReadFile / WriteFile through the system cache. */
  @Override
  public Outcome fileIo(Proc p, Op.FileIo op) {
    return k.cache.io(p, op);
  }

  /** DiscardVirtualMemory: the contents go now, the pages stay committed. Private memory only. */
  @Override
  public Outcome release(Proc p, Op.Release op) {
    if (VirtualMemory.view(op.region())) {
      return Outcome.failed(
          "ERROR_INVALID_PARAMETER",
          "DiscardVirtualMemory needs private memory, not a view of a section ("
              + RegionState.of(op.region()).viewType
              + ")");
    }
    return Outcome.ok(k.vm.discard(p, op.region(), op.firstPage(), op.pages()));
  }

  /** OfferVirtualMemory: private committed pages to Standby at the offer's priority (Offers). */
  @Override
  public Outcome offer(Proc p, Op.Offer op) {
    return k.offers.offer(p, op);
  }

  /** ReclaimVirtualMemory: ERROR_SUCCESS (reclaimed(0)) or ERROR_BUSY (reclaimed(lost)). */
  @Override
  public Outcome reclaim(Proc p, Op.Reclaim op) {
    return k.offers.reclaim(p, op);
  }

  /** RAMMap's "Empty Standby List": every Standby page to Free; returns the pages freed. */
  @Override
  public Outcome dropCaches(Proc p, Op.DropCaches op) {
    long freed = k.pfn.emptyStandby();
    k.nt.wakeWaiters();
    return Outcome.ok(freed);
  }

  /** VirtualFree(MEM_RELEASE). */
  @Override
  public Outcome unmap(Proc p, Op.Unmap op) {
    k.vm.release(p, op.region());
    return Outcome.ok();
  }

  /** VirtualProtect. */
  @Override
  public Outcome protect(Proc p, Op.Protect op) {
    k.vm.protect(p, op.region(), op.protection());
    return Outcome.ok();
  }

  @Override
  public Outcome exit(Proc p, Op.Exit op) {
    k.vm.exit(p);
    return Outcome.ok();
  }

  /** EmptyWorkingSet: every page of the process leaves its working set for Standby or Modified. */
  @Override
  public Outcome nativeCall(Proc p, Op.Native op) {
    if (op.call().equals(WindowsModuleProvider.EMPTY_WORKING_SET)) {
      long trimmed = k.wsm.empty(WorkingSet.of(p));
      k.writer.maybeWake();
      return Outcome.ok(trimmed);
    }
    return Outcome.unsupported(name(), op.name());
  }

  @Override
  public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region region) {
    return k.faults.handle(p, vaddr, access, kind, region);
  }

  /** What a soft or hard fault reads first (the page's list link, its pagefile slot), ahead. */
  @Override
  public boolean prefetchesFaults() {
    return true;
  }

  @Override
  public void prefetchFault(Proc p, long vpn) {
    k.faults.prefetch(p, vpn);
  }

  @Override
  public void prefetchFault(Proc p, long vpn, long pte) {
    k.faults.prefetchPte(pte);
  }

  /** RAMMap ({@code rammap}), Task Manager ({@code taskmgr}) and VMMap ({@code vmmap/PID}). */
  @Override
  public Map<String, String> views(ViewRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    k.views.addTo(out, request.processes());
    return out;
  }

  @Override
  public List<String> audit() {
    return k.audit.problems();
  }

  @Override
  public List<String> simplifications() {
    return List.of(
        "windows: the WRK's page-count thresholds are scaled by usable RAM / 63 MB on smaller"
            + " machines (scaleToMachine)",
        "windows: a fault that needs a page waits below faultWaitAvailablePages only while"
            + " waiting could bring that many (the WRK waits regardless, and stops the machine"
            + " after seventy seconds without a page); one that then finds no page trims working sets at once,"
            + " below their minimums if it must, and when hard minimums (hardWorkingSetMin) hold"
            + " the only pages left the run ends at once as that NO_PAGES_AVAILABLE stop",
        "windows: a replacement's search that goes once round a working set smaller than its"
            + " window takes the oldest unaccessed entry or the first (the WRK replaces none and"
            + " lets the caller grow the list or replace at NextSlot)",
        "windows: a trim counts a dirty page it sends to Modified toward its goal, before the"
            + " modified page writer has made it available",
        "windows: working-set entries are aged with a TLB flush of the entry (the WRK clears the"
            + " accessed bit without one)",
        "windows: a file's prototype PTEs are a map from file page to frame; a hard fault on a"
            + " mapped file reads the WRK's cluster of pages only in the file (no prefetcher)",
        "windows: the mapped page writer runs in the modified page writer's wake-ups and on its"
            + " timer (modifiedPageLifeSeconds), not as a thread with its own write requests (MDLs);"
            + " the file is updated when its write is queued",
        "windows: a clone inherits its parent's views but not its handles",
        "windows: an offered page goes to the Standby list numbered by its offer priority (1..4);"
            + " one only in the pagefile when offered loses its copy at once (counted lost), and"
            + " a reclaimed survivor goes to the Modified list",
        "windows: the system cache maps whole files, not 256 KiB views (VACBs), and unmaps them"
            + " only at the lazy close after each read-file or write-file; a read miss reads"
            + " the missing run after it up to cacheReadAheadPages in one disk read, within the"
            + " request (no read-ahead past it, no sequential-pattern detection)",
        "windows: a whole-page write-file fills a cache page without reading it first; the lazy"
            + " writer updates the file when it queues the write; writers are never throttled"
            + " (no dirty page threshold)");
  }
}
