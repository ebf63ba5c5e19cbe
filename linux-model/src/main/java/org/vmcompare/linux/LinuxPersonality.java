package org.vmcompare.linux;

import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;

/**
 * The Linux personality: the SPI's entry points, each handed to the part of the model that does the
 * kernel's work (docs/models/linux.md). It holds no policy itself; what it has not built yet
 * answers "not implemented yet on linux", never a fake result.
 */
public final class LinuxPersonality implements OsPersonality {
  private final LinuxOptions options;
  private Mm mm;
  private Lru lru;
  private PageAllocator alloc;
  private Teardown teardown;
  private FaultHandler faults;
  private Madvise madvise;
  private Mappings mappings;

  @Inject
  public LinuxPersonality(LinuxOptions options) {
    this.options = Objects.requireNonNull(options, "options is null");
  }

  @Override
  public String name() {
    return "linux";
  }

  @Override
  public void boot(Kernel k) {
    mm = new Mm(k, options);
    lru = new Lru(mm.memory);
    for (int f = mm.firstManagedFrame(); f < mm.memory.frames(); f++) {
      lru.addFree(f);
    }
    Watermarks marks =
        Watermarks.compute(
            mm.managedPages(),
            mm.pageSize,
            options.watermarkScaleFactor(),
            options.thp() != LinuxOptions.Thp.NEVER,
            mm.machine.paging().pagesPerEntry(1),
            Watermarks.zones(k.machine().spec().ramBytes()));
    alloc = new PageAllocator(mm, lru, marks);
    SwapCache swapCache = new SwapCache(k.swap(), mm.memory.frames());
    PageLocks locks = new PageLocks(mm);
    PageCache pageCache = new PageCache(mm);
    Evict evict = new Evict(mm, lru, swapCache, pageCache);
    teardown = new Teardown(mm, lru, swapCache, locks);
    faults =
        new FaultHandler(mm, lru, alloc, swapCache, new SwapIn(mm, lru, alloc, swapCache, locks));
    madvise = new Madvise(mm, lru, evict, teardown);
    mappings = new Mappings(k);
    registerGauges();
  }

  private void registerGauges() {
    String[] names = {"free", "inactive_anon", "active_anon", "inactive_file", "active_file"};
    for (int list = 0; list < names.length; list++) {
      int l = list;
      mm.metrics.registerGauge(
          MetricSpec.of(
              list == 0 ? "linux.free" : "linux.lru." + names[list],
              Unit.PAGES,
              list == 0 ? "free pages" : "pages on the " + names[list] + " list"),
          () -> lru.size(l));
    }
  }

  @Override
  public void processCreated(Proc p) {
    MmState.attach(p);
  }

  @Override
  public List<MetricSpec> processMetrics() {
    return LinuxMetrics.ALL;
  }

  /** mmap(MAP_PRIVATE|MAP_ANONYMOUS); a reservation is mapped PROT_NONE. */
  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    Protection prot = op.reserveOnly() ? Protection.NONE : op.protection();
    Region r = mappings.allocate(p.space(), op.label(), op.pages(), prot);
    if (r == null) {
      return Outcome.failed("ENOMEM", "no room in the address space for " + op.pages() + " pages");
    }
    return Outcome.ok(r.startVpn() << mm.pageShift);
  }

  @Override
  public Outcome release(Proc p, Op.Release op) {
    return Outcome.ok(teardown.dontNeed(p, op.region(), op.firstPage(), op.pages()));
  }

  @Override
  public Outcome unmap(Proc p, Op.Unmap op) {
    teardown.unmap(p, op.region());
    return Outcome.ok();
  }

  @Override
  public Outcome protect(Proc p, Op.Protect op) {
    Mprotect.change(mm, p, op.region(), op.protection());
    return Outcome.ok();
  }

  @Override
  public Outcome exit(Proc p, Op.Exit op) {
    teardown.exit(p);
    return Outcome.ok();
  }

  @Override
  public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region region) {
    return faults.handle(p, vaddr, access, kind, region);
  }

  @Override
  public Outcome commit(Proc p, Op.Commit op) {
    return Outcome.notImplemented(name(), op.name());
  }

  @Override
  public Outcome share(Proc p, Op.Share op) {
    return Outcome.notImplemented(name(), op.name());
  }

  @Override
  public Outcome mapFile(Proc p, Op.MapFile op) {
    return Outcome.notImplemented(name(), op.name());
  }

  @Override
  public Outcome fileIo(Proc p, Op.FileIo op) {
    return Outcome.notImplemented(name(), op.name());
  }

  @Override
  public Outcome offer(Proc p, Op.Offer op) {
    return Outcome.notImplemented(name(), op.name());
  }

  @Override
  public Outcome reclaim(Proc p, Op.Reclaim op) {
    return Outcome.notImplemented(name(), op.name());
  }

  @Override
  public Outcome fork(Proc parent, Op.Fork op) {
    return Outcome.notImplemented(name(), op.name());
  }

  @Override
  public Outcome dropCaches(Proc p, Op.DropCaches op) {
    return Outcome.notImplemented(name(), op.name());
  }

  @Override
  public Outcome nativeCall(Proc p, Op.Native op) {
    return op.call().equals("madvise")
        ? madvise.call(p, op)
        : Outcome.notImplemented(name(), op.name());
  }

  @Override
  public List<String> simplifications() {
    return List.of(
        "linux: one node, one zone: the watermarks are the sums of the kernel's per-zone ones",
        "linux: LRU reclaim, kswapd, the page cache and the OOM killer are not built yet: an"
            + " allocation at the min watermark fails the run",
        "linux: a page written to swap is free as soon as its write is queued; the writes of one"
            + " reclaim batch are one disk request");
  }

  /** The options this run was given, defaults filled in. */
  LinuxOptions options() {
    return options;
  }
}
