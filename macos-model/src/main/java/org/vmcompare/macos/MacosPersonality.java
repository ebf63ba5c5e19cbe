package org.vmcompare.macos;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.NativeEffect;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ViewRequest;
import org.vmcompare.vm.Region;

/**
 * The macOS personality: the SPI's entry points, each handed to the part of the model that does
 * XNU's work (docs/models/macos.md). What the model has not built yet is refused before the run by
 * {@link MacosModuleProvider#whyUnsupported}, never faked; a shortage the compressor cannot absorb
 * ends the run saying so.
 */
public final class MacosPersonality implements OsPersonality {
  private final MacosOptions options;
  private Mach m;
  private VmMap map;
  private Purgeable purgeable;
  private VmFork forks;
  private VmFault faults;
  private MachVmProtect machVmProtect;
  private Reusable reusable;
  private Msync msync;
  private Vmmap vmmap;
  private VmStat vmStat;
  private Pressure pressure;
  private Ubc ubc;

  private final FaultInjection injected;

  @Inject
  public MacosPersonality(MacosOptions options, FaultInjection injected) {
    this.options = Objects.requireNonNull(options, "options is null");
    this.injected = Objects.requireNonNull(injected, "injected is null");
  }

  @Override
  public String name() {
    return "macos";
  }

  @Override
  public void boot(Kernel kernel) {
    m = new Mach(kernel, options, injected);
    Pmap pmap = new Pmap(m);
    Compressor compressor = new Compressor(m);
    VmObjects objects = new VmObjects(m, pmap, compressor);
    purgeable = new Purgeable(m, objects);
    map = new VmMap(m, pmap, objects, purgeable);
    pressure = new Pressure(m, compressor);
    Jetsam jetsam = new Jetsam(m, map, pmap);
    reusable = new Reusable(m, pmap, objects, compressor);
    IdleExit idleExit = new IdleExit(m, map, pressure);
    pressure.onUpdate(jetsam.enabled() ? jetsam::check : idleExit::request);
    SwapKill killer = new SwapKill(m, map, compressor, jetsam);
    compressor.onLowOnSpace(new PagingSpace(m, compressor, killer, pressure)::request);
    Pageout pageout =
        new Pageout(m, pmap, objects, compressor, killer, purgeable, pressure, jetsam, reusable);
    forks = new VmFork(m, objects, pageout, compressor);
    Speculative speculative = new Speculative(m, objects);
    faults = new VmFault(m, pmap, objects, pageout, compressor, speculative);
    ubc = new Ubc(m, pmap, objects, pageout, speculative);
    msync = new Msync(m, pmap, objects, pageout);
    machVmProtect = new MachVmProtect(m, map);
    vmmap = new Vmmap(m, pmap, objects);
    vmStat = new VmStat(m, compressor, purgeable);
    kernel
        .metrics()
        .registerGauge(
            MetricSpec.of("macos.free", Unit.PAGES, "pages on the free queue"), m::freeCount);
    kernel
        .metrics()
        .registerGauge(
            MetricSpec.of("macos.active", Unit.PAGES, "pages on the active queue"),
            () -> m.queues.size(PageQueues.ACTIVE));
    kernel
        .metrics()
        .registerGauge(
            MetricSpec.of("macos.inactive", Unit.PAGES, "pages on the inactive queues"),
            m.queues::inactiveCount);
  }

  /** Every managed frame on exactly one page queue, free exactly when it holds nothing. */
  @Override
  public List<String> audit() {
    String problem = m.queues.audit();
    return problem == null ? List.of() : List.of(problem);
  }

  @Override
  public List<MetricSpec> processMetrics() {
    return MacosMetrics.ALL;
  }

  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    return map.allocate(p, op);
  }

  @Override
  public Outcome share(Proc p, Op.Share op) {
    return map.share(p, op);
  }

  @Override
  public Outcome mapFile(Proc p, Op.MapFile op) {
    return map.mapFile(p, op);
  }

  /** read() / write() through the unified buffer cache (Ubc). */
  @Override
  public Outcome fileIo(Proc p, Op.FileIo op) {
    return ubc.io(p, op);
  }

  /** purge (vfs_purge): the file cache flushed; the pages freed. */
  @Override
  public Outcome dropCaches(Proc p, Op.DropCaches op) {
    return Outcome.ok(ubc.purge());
  }

  /** mprotect of part of a PROT_NONE reservation to the protection it was allocated with. */
  @Override
  public Outcome commit(Proc p, Op.Commit op) {
    return map.commit(p, op);
  }

  /** mach_vm_purgable_control(VM_PURGABLE_SET_STATE, VOLATILE) on a purgeable allocation. */
  @Override
  public Outcome offer(Proc p, Op.Offer op) {
    Outcome o = purgeable.offer(p, op);
    m.reclaimable();
    return o;
  }

  /**
   * mach_vm_purgable_control(VM_PURGABLE_SET_STATE, NONVOLATILE): the old state says what was lost.
   */
  @Override
  public Outcome reclaim(Proc p, Op.Reclaim op) {
    return purgeable.reclaim(p, op);
  }

  /** madvise(MADV_FREE_REUSABLE): out of the footprint now, freed by the scan if still clean. */
  @Override
  public Outcome release(Proc p, Op.Release op) {
    Outcome o = reusable.release(p, op);
    m.reclaimable();
    return o;
  }

  /** A released page reads its last write until the scan frees it (MADV_FREE_REUSABLE). */
  @Override
  public boolean releaseKeepsContentsUntilReclaimed() {
    return true;
  }

  /** The pageout daemon wakes when free pages fall below vm_page_free_min (scaled). */
  @Override
  public long reclaimsBelowFreePages() {
    return m.freeMin;
  }

  /** A VOLATILE object is purged whole, pages written since the offer too (vm_object_purge). */
  @Override
  public boolean offeredStaysDiscardableWhenWritten() {
    return true;
  }

  /** MADV_FREE_REUSABLE lets the pageout scan drop the range's contents, as a release does. */
  @Override
  public NativeEffect nativeEffect(Op.Native op) {
    Object advice = op.args().get("advice");
    return op.call().equals(MacosModuleProvider.MADVISE)
            && advice != null
            && String.valueOf(advice).equalsIgnoreCase("MADV_FREE_REUSABLE")
        ? NativeEffect.MAYBE_DROPPED
        : NativeEffect.NONE;
  }

  @Override
  public Outcome fork(Proc parent, Op.Fork op) {
    return forks.fork(parent, op);
  }

  @Override
  public Outcome unmap(Proc p, Op.Unmap op) {
    map.remove(p, op.region());
    pressure.update();
    return Outcome.ok();
  }

  /** mprotect of a whole mapping (no clip: the entry keeps its one reference). */
  @Override
  public Outcome protect(Proc p, Op.Protect op) {
    Region r = op.region();
    map.protect(p, r, 0, r.pages(), op.protection());
    return Outcome.ok();
  }

  @Override
  public Outcome exit(Proc p, Op.Exit op) {
    map.exit(p);
    pressure.update();
    return Outcome.ok();
  }

  @Override
  public Outcome nativeCall(Proc p, Op.Native op) {
    if (op.call().equals(MacosModuleProvider.MACH_VM_PROTECT)) {
      return machVmProtect.call(p, op);
    }
    if (op.call().equals(MacosModuleProvider.MADVISE)) {
      Outcome o = reusable.madvise(p, op);
      m.reclaimable();
      return o;
    }
    if (op.call().equals(MacosModuleProvider.MSYNC)) {
      Outcome o = msync.call(p, op);
      m.reclaimable(); // its written pages are clean now
      return o;
    }
    return Outcome.notImplemented(name(), op.name());
  }

  /** The fault handler's first read of a page, its slot in the entry's VM object, loaded ahead. */
  @Override
  public boolean prefetchesFaults() {
    return true;
  }

  @Override
  public void prefetchFault(Proc p, long vpn) {
    faults.prefetch(p, vpn);
  }

  @Override
  public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region region) {
    return faults.handle(p, vaddr, access, region);
  }

  /** {@code vmmap/PID} for every live process, then {@code vm_stat} and {@code memory_pressure}. */
  @Override
  public Map<String, String> views(ViewRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Proc p : request.processes()) {
      out.put("vmmap/" + p.pid(), vmmap.render(p));
    }
    out.put("vm_stat", vmStat.render());
    out.put("memory_pressure", pressure.render());
    return out;
  }

  @Override
  public List<String> simplifications() {
    return List.of(
        "macos: when swap is exhausted or the compressor pool is full, no task holds more than"
            + " half the compressed pages and none is in the idle band, a fault that then finds no"
            + " page shows the \"out of application memory\" dialog, which nobody answers: the task"
            + " waits for free pages (woken when another task exits or frees memory) and, if none"
            + " come, ends the run hung (unless killOnNoPagingSpace); pcontrol policies are not"
            + " modelled; no swap space (machine.swap: 0, no swapMax) counts as exhausted",
        "macos: minor compaction is done at once (XNU queues it for the compactor thread that its"
            + " 0.5 threshold wakes); major compaction moves a segment only when all its data fits"
            + " in the older one, in a pass after a page the scan took once a segment's worth of"
            + " compressed bytes has left segments; a segment read back waits 10 s for major"
            + " compaction but not for swap-out; no limit of 1,024 slots a segment",
        "macos: the compressor pool's limits (vm_compressor_set_size's multiple of RAM) are checked"
            + " when a segment is opened, against the pages and segments in use; the paging space"
            + " action runs as a memorystatus event throttled to 5 s; on platform: ios the"
            + " compressor-space-shortage kill is not built",
        "macos: a compressor segment's frames are freed when its swapfile write is queued; a"
            + " segment read back takes its frames before the read completes",
        "macos: free_min, free_target and the reserve are XNU's 3500/4000/776 pages scaled by"
            + " usable pages / 2^18 on smaller machines (scaleToMachine)",
        "macos: the pageout scan is one routine (daemon event, or the faulting thread when the"
            + " reserve is reached); no laundry queue or I/O throttling; a dirty file page is"
            + " written at once and its disk write queued",
        "macos: a reusable page written again before MADV_FREE_REUSE stays out of the footprint,"
            + " as XNU's VM layer keeps it reusable (a pmap that charges it at the write is not"
            + " modelled); compressed, it is charged again; there are no VM tags, so"
            + " MADV_FREE_REUSABLE on purgeable memory is always carried out (XNU refuses it for"
            + " malloc-tagged memory only)",
        "macos: idle exit (desktop) takes opted-in processes (idleExit: true) while they sleep;"
            + " XNU's dirty tracking and idle band are not modelled",
        "macos: jetsam (platform: ios) counts free + resident file pages as available and uses"
            + " the >6 GB thresholds (4% critical, 8% idle, 12% pressure of RAM) on every machine;"
            + " the pressure threshold kills nobody; no per-process memory limits, no freezer",
        "macos: the memory pressure level is re-read after each scan, fault, unmap and exit"
            + " rather than by a periodic thread, and stays critical while the compressor is near"
            + " full (XNU steps down on the uncompressed share and back up at its next evaluation)",
        "macos: volatile purgeable objects are purged from one FIFO queue, oldest first, as soon"
            + " as the pageout scan needs pages; XNU's eight volatile groups, its LIFO queue, the"
            + " obsolete queue and the token that lets a FIFO object ripen are not modelled; offer"
            + " ignores its priority",
        "macos: purgeable control applies to a whole object and the workload's range must cover"
            + " it (XNU takes one address); an EMPTY object touched before it is reclaimed"
            + " zero-fills (XNU may answer a memory error)",
        "macos: at fork the swapped-out segments of purgeable memory are read back one disk read"
            + " at a time before anything is copied; a segment the copy's own scan sends out again"
            + " is read back and the copy starts over, where XNU's vm_fault_page waits and goes"
            + " on",
        "macos: a file page is read from disk synchronously at its fault (the faulting process"
            + " keeps the CPU), with fileReadAhead pages (0 by default) in the same read",
        "macos: dirty file pages are written back only by the pageout scan, purge and msync (no"
            + " periodic sync or write-behind), each page at once while its disk write is queued;"
            + " a file's object keeps its vnode reference while the run lasts",
        "macos: msync(MS_SYNC) waits for its own writes only, not for a writeback the scan"
            + " queued earlier (XNU waits for a page being cleaned); its flags are required (XNU"
            + " takes none as MS_SYNC); MS_KILLPAGES and MS_DEACTIVATE are not built",
        "macos: read-file reads each missing run as one cluster of at most 1 MiB (plus"
            + " fileReadAhead pages onto speculative), resident in the object as the read starts;"
            + " no I/O policies or F_NOCACHE",
        "macos: commit keeps one map entry with its committed pages marked where XNU clips it;"
            + " vmmap shows the parts apart",
        "macos: the footprint counts a resident anonymous or shared-memory page once per task"
            + " that maps it",
        "macos: a file's object holds the paging-in-progress reference vmmap's share modes take"
            + " off from the queueing of a writeback (pageout scan, purge, msync) until the disk"
            + " completes it (XNU drops it when memory_object_data_return returns, which can be"
            + " earlier); page-ins and the compressor take none; a page being written counts"
            + " dirty in vmmap until the write completes, but a write to it meanwhile does not"
            + " wait for the busy page",
        "macos: an entry clipped before its first fault gives each part its own object at its"
            + " first fault");
  }
}
