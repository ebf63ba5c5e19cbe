package org.vmcompare.linux;

import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.os.ViewRequest;
import org.vmcompare.vm.PageSlots;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;

/**
 * The Linux personality: the SPI's entry points, each handed to the part of the model that does the
 * kernel's work (docs/models/linux.md). It holds no policy itself; what it has not built yet
 * answers "not implemented yet on linux", never a fake result.
 */
public final class LinuxPersonality implements OsPersonality {
  private final LinuxOptions options;
  private Parts k;

  @Inject
  public LinuxPersonality(LinuxOptions options) {
    this.options = Objects.requireNonNull(options, "options is null");
  }

  @Override
  public String name() {
    return "linux";
  }

  @Override
  public void boot(Kernel kernel) {
    k = new Parts(kernel, options);
  }

  @Override
  public void processCreated(Proc p) {
    MmState.attach(p);
  }

  @Override
  public List<MetricSpec> processMetrics() {
    return LinuxMetrics.ALL;
  }

  /**
   * mmap(MAP_PRIVATE|MAP_ANONYMOUS), charged to Committed_AS when writable (MAP_NORESERVE as the
   * overcommit mode says); a reservation is mapped PROT_NONE and charges nothing.
   */
  @Override
  public Outcome allocate(Proc p, Op.Allocate op) {
    Protection prot = op.reserveOnly() ? Protection.NONE : op.protection();
    boolean account = k.overcommit.accountable(prot.write(), true, op.noReserve());
    if (account && !k.overcommit.charge(p, op.pages())) {
      return Outcome.failed("ENOMEM", "cannot commit " + op.pages() + " pages");
    }
    Region r = k.mappings.allocate(p.space(), op.label(), op.pages(), prot);
    if (r == null) {
      k.overcommit.uncharge(account ? op.pages() : 0);
      return Outcome.failed("ENOMEM", "no room in the address space for " + op.pages() + " pages");
    }
    VmaState vma = VmaState.of(r);
    vma.accounted = account ? op.pages() : 0;
    vma.noReserve = op.noReserve();
    if (op.reserveOnly()) {
      vma.reservedFor = op.protection();
      vma.committed = new PageSlots();
    }
    return Outcome.ok(r.startVpn() << k.mm.pageShift);
  }

  /**
   * mmap of a file: shared, private, or a program image (private, r-x). The step's protection does
   * not reach the model (Op.MapFile has none): shared and private are rw.
   */
  @Override
  public Outcome mapFile(Proc p, Op.MapFile op) {
    SimFile file = k.mm.kernel.files().get(op.file());
    long pages = op.pages() > 0 ? op.pages() : Math.max(1, file.pages() - op.offsetPages());
    boolean image = op.mapping() == Op.FileMapping.IMAGE;
    boolean account = op.mapping() == Op.FileMapping.PRIVATE; // MAP_PRIVATE and writable
    if (account && !k.overcommit.charge(p, pages)) {
      return Outcome.failed("ENOMEM", "cannot commit " + pages + " pages");
    }
    Region r =
        k.mappings.map(
            p.space(),
            op.label(),
            k.pageCache.of(file),
            op.offsetPages(),
            pages,
            image ? Protection.READ_EXECUTE : Protection.READ_WRITE,
            new Protection(true, true, true),
            op.mapping() == Op.FileMapping.SHARED ? Region.Sharing.SHARED : Region.Sharing.PRIVATE);
    if (r == null) {
      k.overcommit.uncharge(account ? pages : 0);
      return Outcome.failed("ENOMEM", "no room in the address space for " + pages + " pages");
    }
    VmaState.of(r).accounted = account ? pages : 0;
    return Outcome.ok(r.startVpn() << k.mm.pageShift);
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
    Mprotect.change(k.mm, p, op.region(), op.protection());
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

  /**
   * mprotect of part of a PROT_NONE reservation to the protection it was asked with: those pages
   * become usable, and (private, writable, without MAP_NORESERVE) are charged to Committed_AS.
   */
  @Override
  public Outcome commit(Proc p, Op.Commit op) {
    Region r = op.region();
    VmaState vma = VmaState.of(r);
    if (vma.reservedFor == null) {
      return Outcome.ok(); // already usable: mprotect to what it has
    }
    long fresh = 0;
    for (long i = op.firstPage(); i < op.firstPage() + op.pages(); i++) {
      fresh += vma.committed.get(i) == 0 ? 1 : 0;
    }
    boolean account = k.overcommit.accountable(vma.reservedFor.write(), true, vma.noReserve);
    if (account && !k.overcommit.charge(p, fresh)) {
      return Outcome.failed("ENOMEM", "cannot commit " + fresh + " pages");
    }
    for (long i = op.firstPage(); i < op.firstPage() + op.pages(); i++) {
      vma.committed.set(i, 1);
    }
    vma.accounted += account ? fresh : 0;
    return Outcome.ok();
  }

  @Override
  public Outcome share(Proc p, Op.Share op) {
    return Outcome.notImplemented(name(), op.name());
  }

  /** madvise(MADV_FREE); Windows' offer priority has no Linux meaning. */
  @Override
  public Outcome offer(Proc p, Op.Offer op) {
    return Outcome.ok(k.lazyFree.free(p, op.region(), op.firstPage(), op.pages()));
  }

  @Override
  public Outcome reclaim(Proc p, Op.Reclaim op) {
    return Outcome.reclaimed(k.lazyFree.reclaim(p, op.region(), op.firstPage(), op.pages()));
  }

  @Override
  public Outcome fork(Proc parent, Op.Fork op) {
    return k.fork.fork(parent, op);
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
