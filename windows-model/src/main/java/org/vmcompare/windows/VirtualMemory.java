package org.vmcompare.windows;

import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Mappings;
import org.vmcompare.os.Op;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.Protection;
import org.vmcompare.vm.Region;
import org.vmcompare.vm.SimFile;

/**
 * VirtualAlloc (MEM_RESERVE, MEM_COMMIT), VirtualFree (MEM_RELEASE), VirtualProtect,
 * DiscardVirtualMemory and process rundown for private memory: the VADs, the commit charge, and
 * what happens to each page's frame, list entry and pagefile copy.
 */
final class VirtualMemory {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;
  private final Commit commit;
  private final Sections sections;
  private final Mappings mappings;

  VirtualMemory(Nt nt, PageLists pfn, WorkingSetManager wsm, Commit commit, Sections sections) {
    this.nt = nt;
    this.pfn = pfn;
    this.wsm = wsm;
    this.commit = commit;
    this.sections = sections;
    this.mappings = new Mappings(nt.kernel);
  }

  /** VirtualAlloc: MEM_RESERVE charges nothing; MEM_RESERVE|MEM_COMMIT charges every page. */
  Outcome allocate(Proc p, Op.Allocate op) {
    boolean charge = !op.reserveOnly();
    if (charge && !commit.charge(p, op.pages())) {
      return commitLimit(commit, op.pages());
    }
    Region r = mappings.allocate(p.space(), op.label(), op.pages(), op.protection());
    if (r == null) {
      commit.uncharge(p, charge ? op.pages() : 0);
      return Outcome.failed(
          "ERROR_NOT_ENOUGH_MEMORY", "no room in the address space for " + op.pages() + " pages");
    }
    if (op.reserveOnly()) {
      RegionState.reserved(r);
    } else {
      RegionState.committed(r, op.pages());
    }
    return Outcome.ok(r.startVpn() << nt.pageShift);
  }

  /** VirtualAlloc(MEM_COMMIT) on part of a reservation: charges the pages not yet committed. */
  Outcome commit(Proc p, Op.Commit op) {
    Region r = op.region();
    RegionState s = RegionState.of(r);
    if (s.committedPages == null) {
      return Outcome.ok(); // already committed: MEM_COMMIT of committed pages is a no-op
    }
    long fresh = 0;
    for (long i = op.firstPage(); i < op.firstPage() + op.pages(); i++) {
      fresh += s.committed(i) ? 0 : 1;
    }
    if (!commit.charge(p, fresh)) {
      return commitLimit(commit, fresh);
    }
    for (long i = op.firstPage(); i < op.firstPage() + op.pages(); i++) {
      s.committedPages.set(i, 1);
    }
    s.charged += fresh;
    return Outcome.ok();
  }

  static Outcome commitLimit(Commit commit, long pages) {
    return Outcome.failed(
        "ERROR_COMMITMENT_LIMIT",
        "the paging file is too small for this operation to complete: "
            + pages
            + " pages on a charge of "
            + commit.committed()
            + " with a limit of "
            + commit.limit());
  }

  /**
   * MapViewOfFile of a file's section (map-file: image, private, shared): the view maps the file's
   * one section, so every view and every later process finds the pages already in RAM. An image is
   * r-x; a private (copy-on-write) view is charged in full at map time, an image or shared view
   * costs no commit (the file backs it).
   */
  Outcome mapFile(Proc p, Op.MapFile op) {
    SimFile file = nt.kernel.files().get(op.file());
    long pages = op.pages() > 0 ? op.pages() : Math.max(1, file.pages() - op.offsetPages());
    boolean image = op.mapping() == Op.FileMapping.IMAGE;
    long charge = op.mapping() == Op.FileMapping.PRIVATE ? pages : 0;
    if (!commit.charge(p, charge)) {
      return commitLimit(commit, charge);
    }
    Region r =
        mappings.map(
            p.space(),
            op.label(),
            nt.kernel.fileObject(file),
            op.offsetPages(),
            pages,
            image ? Protection.READ_EXECUTE : Protection.READ_WRITE,
            new Protection(true, true, true),
            op.mapping() == Op.FileMapping.SHARED ? Region.Sharing.SHARED : Region.Sharing.PRIVATE);
    if (r == null) {
      commit.uncharge(p, charge);
      return Outcome.failed(
          "ERROR_NOT_ENOUGH_MEMORY", "no room in the address space for " + pages + " pages");
    }
    RegionState.committed(r, charge).viewType = image ? "Image" : "Mapped File";
    return Outcome.ok(r.startVpn() << nt.pageShift);
  }

  /** A view of a section (an image, a file, shared memory): not private memory. */
  static boolean view(Region r) {
    return RegionState.of(r).viewType != null;
  }

  /**
   * DiscardVirtualMemory: the contents go now; the pages stay committed and read zero. In a forked
   * region every page of the range becomes the process's own zero page, whatever the clone
   * prototype holds.
   */
  long discard(Proc p, Region r, long firstPage, long pages) {
    long dropped = drop(p, r, r.startVpn() + firstPage, pages, true);
    Section s = Section.of(r.object());
    if (s != null) {
      PageTable pt = p.space().pageTable();
      for (long vpn = r.startVpn() + firstPage; vpn < r.startVpn() + firstPage + pages; vpn++) {
        if (pt.get(vpn) == 0 && s.find(r.objectPage(vpn)).section().has(r.objectPage(vpn))) {
          pt.set(vpn, WindowsPtes.demandZero(true));
          dropped++;
        }
      }
    }
    nt.metrics.add(Counter.DISCARDS, dropped);
    return dropped;
  }

  /** VirtualFree(MEM_RELEASE): frees the pages, returns the charge, removes the VAD. */
  void release(Proc p, Region r) {
    drop(p, r, r.startVpn(), r.pages(), false);
    commit.uncharge(p, RegionState.of(r).charged);
    if (mappings.unmap(p.space(), r) == 0) {
      sections.lastViewGone(r.object());
    }
  }

  /** VirtualProtect: the VAD's protection, and the valid PTEs' bits with it. */
  void protect(Proc p, Region r, Protection prot) {
    r.setProtection(prot);
    PageTable pt = p.space().pageTable();
    pt.forEachLeaf(
        r.startVpn(),
        r.pages(),
        (vpn, level, pte) -> {
          if (Pte.present(pte)) {
            long bits = Faults.bits(r, pfn.section((int) Pte.frame(pte)));
            nt.machine.updateBits(
                pt, vpn, bits, (Pte.WRITABLE | Pte.NO_EXECUTE | Pte.USER) & ~bits);
          }
        });
  }

  /** Process rundown: every region released, every handle closed; private pages go to Free. */
  void exit(Proc p) {
    for (Region r : p.space().regions()) {
      release(p, r);
    }
    sections.closeHandles(p);
    nt.wakeWaiters();
  }

  /**
   * Empties the pages of a range: frames to Free, pagefile copies released, section pages let go,
   * PTEs demand-zero (in a view of a section, the marker that says so rather than zero), or zero
   * when the region is {@code released}: a marker left behind would make a page of the next region
   * mapped at that address a private zero page.
   */
  private long drop(Proc p, Region r, long firstVpn, long pages, boolean discard) {
    PageTable pt = p.space().pageTable();
    Section section = r.object() == null ? null : Section.of(r.object());
    // a discarded page of a view reads zero, not the prototype's page; a released range leaves no
    // marker behind for the next region at these addresses
    long zero = WindowsPtes.demandZero(discard && section != null);
    LongArrayList unused = usedFromClone(pt, r, section, firstVpn, pages);
    LongArrayList vpns = new LongArrayList();
    long dropped;
    if (zero == 0) {
      // released: every PTE of the range goes in one pass over the tables, then the pages they
      // pointed at, in the same (VPN) order
      LongArrayList ptes = new LongArrayList();
      nt.machine.clearRange(
          pt,
          firstVpn,
          pages,
          (vpn, level, pte) -> {
            vpns.add(vpn);
            ptes.add(pte);
          });
      dropped = letGo(p, vpns, ptes);
    } else {
      pt.forEachLeaf(firstVpn, pages, (vpn, level, pte) -> vpns.add(vpn));
      dropped = markZero(p, pt, vpns, zero);
    }
    for (int i = 0; i < unused.size(); i++) {
      sections.unuse(section, unused.get(i));
    }
    return dropped;
  }

  /** The pages that cleared PTEs pointed at: frames to Free, section pages let go, slots freed. */
  private long letGo(Proc p, LongArrayList vpns, LongArrayList ptes) {
    long dropped = 0;
    for (int i = 0; i < vpns.size(); i++) {
      long vpn = vpns.get(i);
      long pte = ptes.get(i);
      if (Pte.present(pte)) {
        int f = (int) Pte.frame(pte);
        wsm.forget(p, vpn, f);
        if (pfn.section(f)) {
          pfn.unshare(f, pte); // the section's page stays (a file's cached on Standby)
        } else {
          pfn.free(f);
        }
        dropped++;
      } else if (Pte.is(pte, Pte.SW_TRANSITION)) {
        pfn.free((int) Pte.payload(pte));
        dropped++;
      } else if (Pte.is(pte, Pte.SW_SWAP)) {
        nt.pagefile.release((int) Pte.payload(pte));
        dropped++;
      }
    }
    return dropped;
  }

  /** Discarded pages: each PTE becomes {@code zero}, and what it pointed at is let go. */
  private long markZero(Proc p, PageTable pt, LongArrayList vpns, long zero) {
    long dropped = 0;
    for (int i = 0; i < vpns.size(); i++) {
      long vpn = vpns.get(i);
      long pte = pt.get(vpn);
      if (Pte.present(pte)) {
        int f = (int) Pte.frame(pte);
        long old = nt.machine.replaceWithNotPresent(pt, vpn, zero);
        wsm.forget(p, vpn, f);
        if (pfn.section(f)) {
          pfn.unshare(f, old); // the section's page stays (a file's cached on Standby)
          dropped++; // from this view
          continue;
        }
        pfn.free(f);
        dropped++;
      } else if (Pte.is(pte, Pte.SW_TRANSITION)) {
        pfn.free((int) Pte.payload(pte));
        nt.machine.replaceWithNotPresent(pt, vpn, zero);
        dropped++;
      } else if (Pte.is(pte, Pte.SW_SWAP)) {
        nt.pagefile.release((int) Pte.payload(pte));
        nt.machine.replaceWithNotPresent(pt, vpn, zero);
        dropped++;
      } else if (pte != 0) {
        nt.machine.replaceWithNotPresent(pt, vpn, zero);
      }
    }
    return dropped;
  }

  /**
   * The pages of a range of a forked region that are still the clone's for this process (its PTE
   * points at the prototype, or maps a section page): letting go of the range lets go of them.
   */
  private LongArrayList usedFromClone(
      PageTable pt, Region r, Section s, long firstVpn, long pages) {
    LongArrayList out = new LongArrayList();
    if (s == null || s.kind != Section.Kind.CLONE) {
      return out;
    }
    long first = r.objectPage(firstVpn);
    s.forEachUsed(
        (page, users) -> {
          if (page >= first && page < first + pages) {
            long pte = pt.get(firstVpn + (page - first));
            if (pte == 0 || Pte.present(pte) && pfn.section((int) Pte.frame(pte))) {
              out.add(page);
            }
          }
        });
    return out;
  }
}
