package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.PageSlots;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;

/**
 * mmap and mprotect of new mappings (mm/mmap.c, mm/mprotect.c): anonymous memory, files and
 * reservations, each charged to Committed_AS as the overcommit mode says before its VMA exists.
 */
final class Mmap {
  private final Mm mm;
  private final Overcommit overcommit;
  private final PageCache pageCache;
  private final Mappings mappings;

  Mmap(Mm mm, Overcommit overcommit, PageCache pageCache) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.overcommit = Objects.requireNonNull(overcommit, "overcommit is null");
    this.pageCache = Objects.requireNonNull(pageCache, "pageCache is null");
    this.mappings = new Mappings(mm.kernel);
  }

  /**
   * mmap(MAP_PRIVATE|MAP_ANONYMOUS), charged to Committed_AS when writable (MAP_NORESERVE as the
   * overcommit mode says); a reservation is mapped PROT_NONE and charges nothing.
   */
  Outcome allocate(Proc p, Op.Allocate op) {
    Protection prot = op.reserveOnly() ? Protection.NONE : op.protection();
    boolean account = overcommit.accountable(prot.write(), true, op.noReserve());
    if (account && !overcommit.charge(p, op.pages())) {
      return Outcome.failed("ENOMEM", "cannot commit " + op.pages() + " pages");
    }
    Region r = mappings.allocate(p.space(), op.label(), op.pages(), prot);
    if (r == null) {
      overcommit.uncharge(account ? op.pages() : 0);
      return Outcome.failed("ENOMEM", "no room in the address space for " + op.pages() + " pages");
    }
    VmaState vma = VmaState.of(r);
    vma.accounted = account ? op.pages() : 0;
    vma.noReserve = op.noReserve();
    if (op.reserveOnly()) {
      vma.reservedFor = op.protection();
      vma.committed = new PageSlots();
    }
    return Outcome.ok(r.startVpn() << mm.pageShift);
  }

  /**
   * mmap of a file: shared, private, or a program image (private, r-x). The step's protection does
   * not reach the model (Op.MapFile has none): shared and private are rw.
   */
  Outcome mapFile(Proc p, Op.MapFile op) {
    SimFile file = mm.kernel.files().get(op.file());
    long pages = op.pages() > 0 ? op.pages() : Math.max(1, file.pages() - op.offsetPages());
    boolean image = op.mapping() == Op.FileMapping.IMAGE;
    boolean account = op.mapping() == Op.FileMapping.PRIVATE; // MAP_PRIVATE and writable
    if (account && !overcommit.charge(p, pages)) {
      return Outcome.failed("ENOMEM", "cannot commit " + pages + " pages");
    }
    Region r =
        mappings.map(
            p.space(),
            op.label(),
            pageCache.of(file),
            op.offsetPages(),
            pages,
            image ? Protection.READ_EXECUTE : Protection.READ_WRITE,
            new Protection(true, true, true),
            op.mapping() == Op.FileMapping.SHARED ? Region.Sharing.SHARED : Region.Sharing.PRIVATE);
    if (r == null) {
      overcommit.uncharge(account ? pages : 0);
      return Outcome.failed("ENOMEM", "no room in the address space for " + pages + " pages");
    }
    VmaState.of(r).accounted = account ? pages : 0;
    return Outcome.ok(r.startVpn() << mm.pageShift);
  }

  /**
   * mprotect of part of a PROT_NONE reservation to the protection it was asked with: those pages
   * become usable, and (private, writable, without MAP_NORESERVE) are charged to Committed_AS.
   */
  Outcome commit(Proc p, Op.Commit op) {
    Region r = op.region();
    VmaState vma = VmaState.of(r);
    if (vma.reservedFor == null) {
      return Outcome.ok(); // already usable: mprotect to what it has
    }
    long fresh = 0;
    for (long i = op.firstPage(); i < op.firstPage() + op.pages(); i++) {
      fresh += vma.committed.get(i) == 0 ? 1 : 0;
    }
    boolean account = overcommit.accountable(vma.reservedFor.write(), true, vma.noReserve);
    if (account && !overcommit.charge(p, fresh)) {
      return Outcome.failed("ENOMEM", "cannot commit " + fresh + " pages");
    }
    for (long i = op.firstPage(); i < op.firstPage() + op.pages(); i++) {
      vma.committed.set(i, 1);
    }
    vma.accounted += account ? fresh : 0;
    return Outcome.ok();
  }
}
