package org.vmcompare.linux;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.MetricSpec;
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
 * The Linux personality: the SPI's entry points, each handed to the part of the model that does the
 * kernel's work (docs/models/linux.md). It holds no policy itself; what it has not built yet
 * answers "not implemented yet on linux", never a fake result.
 */
public final class LinuxPersonality implements OsPersonality {
  private final LinuxOptions options;
  private final FaultInjection faults;
  private Parts k;

  /**
   * @param faults test-only bugs to plant ({@link LinuxFaults}); {@link FaultInjection#NONE}
   *     outside the check engine's tests
   */
  @Inject
  public LinuxPersonality(LinuxOptions options, FaultInjection faults) {
    this.options = Objects.requireNonNull(options, "options is null");
    this.faults = Objects.requireNonNull(faults, "faults is null");
  }

  @Override
  public String name() {
    return "linux";
  }

  @Override
  public void boot(Kernel kernel) {
    k = new Parts(kernel, options, faults);
  }

  @Override
  public void processCreated(Proc p) {
    MmState.attach(p);
  }

  @Override
  public List<MetricSpec> processMetrics() {
    return LinuxMetrics.ALL;
  }

  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    return k.mmap.allocate(p, op);
  }

  @Override
  public Outcome mapFile(Proc p, Op.MapFile op) {
    return k.mmap.mapFile(p, op);
  }

  @Override
  public Outcome fileIo(Proc p, Op.FileIo op) {
    return k.fileIo.io(p, op);
  }

  @Override
  public Outcome dropCaches(Proc p, Op.DropCaches op) {
    return Outcome.ok(k.fileIo.dropCaches());
  }

  @Override
  public Outcome release(Proc p, Op.Release op) {
    return Outcome.ok(k.teardown.dontNeed(p, op.region(), op.firstPage(), op.pages()));
  }

  @Override
  public Outcome unmap(Proc p, Op.Unmap op) {
    k.teardown.unmap(p, op.region());
    return Outcome.ok();
  }

  @Override
  public Outcome protect(Proc p, Op.Protect op) {
    Mprotect.change(k.mm, k.swapCache, p, op.region(), op.protection());
    return Outcome.ok();
  }

  @Override
  public Outcome exit(Proc p, Op.Exit op) {
    k.procViews.measure(p);
    k.teardown.exit(p);
    return Outcome.ok();
  }

  @Override
  public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region region) {
    return k.faults.handle(p, vaddr, access, kind, region);
  }

  /**
   * The /proc files of SEMANTICS.md by path under / ({@code proc/123/maps}, {@code
   * proc/123/smaps_rollup}, {@code proc/meminfo}, {@code proc/zoneinfo}), and {@code free}'s
   * output.
   */
  @Override
  public Map<String, String> views(ViewRequest request) {
    Map<String, String> out = new LinkedHashMap<>();
    k.procViews.addTo(out, request.processes());
    k.memViews.addTo(out);
    k.systemViews.addTo(out);
    return out;
  }

  @Override
  public Outcome nativeCall(Proc p, Op.Native op) {
    return op.call().equals("madvise")
        ? k.madvise.call(p, op)
        : Outcome.notImplemented(name(), op.name());
  }

  /** MADV_DONTNEED drops the range's private contents; MADV_FREE lets reclaim drop them. */
  @Override
  public NativeEffect nativeEffect(Op.Native op) {
    Object advice = op.args().get("advice");
    if (!op.call().equals("madvise") || advice == null) {
      return NativeEffect.NONE;
    }
    return switch (String.valueOf(advice).toUpperCase(Locale.ROOT)) {
      case "MADV_DONTNEED" -> NativeEffect.DROPPED;
      case "MADV_FREE" -> NativeEffect.MAYBE_DROPPED;
      default -> NativeEffect.NONE;
    };
  }

  @Override
  public Outcome commit(Proc p, Op.Commit op) {
    return k.mmap.commit(p, op);
  }

  @Override
  public Outcome share(Proc p, Op.Share op) {
    return k.shmem.share(p, op);
  }

  /** madvise(MADV_FREE); Windows' offer priority has no Linux meaning. */
  @Override
  public Outcome offer(Proc p, Op.Offer op) {
    return k.lazyFree.madvFree(p, op.region(), op.firstPage(), op.pages());
  }

  @Override
  public Outcome reclaim(Proc p, Op.Reclaim op) {
    return Outcome.reclaimed(k.lazyFree.reclaim(p, op.region(), op.firstPage(), op.pages()));
  }

  /** kswapd wakes when free pages fall below the low watermark. */
  @Override
  public long reclaimsBelowFreePages() {
    return k.alloc.marks().low();
  }

  @Override
  public Outcome fork(Proc parent, Op.Fork op) {
    return k.fork.fork(parent, op);
  }

  /**
   * What must add up in the model's books (docs/models/linux.md, "Checked"): lists, their counters
   * and the page flags; the swap cache, the page cache and writeback; swap slots' references
   * against the swap entries in the page tables.
   */
  @Override
  public List<String> audit() {
    return k == null ? List.of() : new Books(k).audit();
  }

  @Override
  public List<String> simplifications() {
    return List.of(
        "linux: one node, one zone: the watermarks are the sums of the kernel's per-zone ones",
        "linux: the OOM killer frees its victim's memory at once (the OOM reaper's work)",
        "linux: kswapd runs on a CPU of its own, a pass delaying its next by minorFault ns per"
            + " page scanned; direct reclaim charges the same to the allocating process",
        "linux: the classic two-list LRU (not MGLRU); scan balance by swappiness alone, without"
            + " the kernel's recorded I/O costs; dirty file pages are written by reclaim itself",
        "linux: a page is freed when its swap or file write completes (the kernel frees it on a"
            + " later scan); the writes of one reclaim batch are one disk request",
        "linux: no flusher threads: dirty page-cache pages are written back when reclaimed");
  }
}
