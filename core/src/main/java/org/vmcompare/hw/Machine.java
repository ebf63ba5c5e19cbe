package org.vmcompare.hw;

import java.util.Objects;

/**
 * The simulated machine of one run: frames, page tables, TLB, MMU, reverse map, clock, costs.
 *
 * <p>Besides holding the parts, it offers the PTE operations every OS model needs and that must
 * keep the reverse map and the TLB consistent: map, unmap, unmap everywhere, write-protect
 * everywhere, test-and-clear the accessed bit through the reverse map. A model that edits PTEs only
 * through these cannot leave a stale translation behind.
 */
public final class Machine {
  private final MachineSpec spec;
  private final PhysicalMemory memory;
  private final PageTables pageTables;
  private final Tlb tlb;
  private final Clock clock;
  private final Mmu mmu;
  private final ReverseMap rmap;

  public Machine(MachineSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec is null");
    this.memory = new PhysicalMemory(spec.ramBytes(), spec.pageSize());
    this.pageTables = new PageTables(spec.paging());
    this.tlb = new Tlb(spec.tlb());
    this.clock = new Clock();
    this.mmu = new Mmu(tlb, clock, spec.costs(), spec.paging());
    this.rmap = new ReverseMap(memory.frames());
    int kernel = spec.kernelFrames();
    if (kernel > 0) {
      memory.reserveKernel(kernel);
      pageTables.mapKernel(spec.paging().kernelBase(), kernel, 0);
    }
  }

  public MachineSpec spec() {
    return spec;
  }

  public PhysicalMemory memory() {
    return memory;
  }

  public PageTables pageTables() {
    return pageTables;
  }

  public Tlb tlb() {
    return tlb;
  }

  public Clock clock() {
    return clock;
  }

  public Mmu mmu() {
    return mmu;
  }

  public ReverseMap rmap() {
    return rmap;
  }

  public CostModel costs() {
    return spec.costs();
  }

  public PagingMode paging() {
    return spec.paging();
  }

  /** Installs a base-page PTE for a frame and records it in the reverse map. */
  public void map(PageTable pt, long vpn, int frame, long pteBits) {
    long old = pt.get(vpn);
    if (Pte.present(old)) {
      unmap(pt, vpn);
    }
    pt.set(vpn, Pte.withFrame(pteBits | Pte.PRESENT, frame));
    rmap.add(frame, pt.asid(), vpn);
    tlb.invalidatePage(pt.asid(), vpn, spec.paging());
  }

  /**
   * Removes a present PTE and its reverse-map record and TLB entry. Returns the old PTE (0 if none
   * was present) so the caller can read its dirty and accessed bits.
   */
  public long unmap(PageTable pt, long vpn) {
    long old = pt.get(vpn);
    if (!Pte.present(old)) {
      return 0;
    }
    pt.clear(vpn);
    rmap.remove((int) Pte.frame(old), pt.asid(), vpn);
    tlb.invalidatePage(pt.asid(), vpn, spec.paging());
    return old;
  }

  /**
   * Replaces a PTE (present or not) with a non-present entry, keeping the reverse map in step; for
   * swap entries, transition PTEs and prototype pointers. Returns the old entry.
   */
  public long replaceWithNotPresent(PageTable pt, long vpn, long notPresentPte) {
    long old = pt.get(vpn);
    if (Pte.present(old)) {
      rmap.remove((int) Pte.frame(old), pt.asid(), vpn);
      tlb.invalidatePage(pt.asid(), vpn, spec.paging());
    }
    if (notPresentPte == 0) {
      pt.clear(vpn);
    } else {
      pt.set(vpn, notPresentPte & ~Pte.PRESENT);
    }
    return old;
  }

  /** Changes bits of a PTE (clear first, then set) and drops the stale TLB entry. */
  public void updateBits(PageTable pt, long vpn, long setBits, long clearBits) {
    if (pt.update(vpn, setBits, clearBits) != 0) {
      tlb.invalidatePage(pt.asid(), vpn, spec.paging());
    }
  }

  /**
   * Process exit: forgets every reverse-map record of the address space, drops its TLB entries (so
   * a recycled ASID cannot hit a stale translation) and frees its page tables. The frames
   * themselves stay as they are; releasing them is the OS model's business.
   */
  public void destroy(PageTable pt) {
    int asid = pt.asid();
    pt.forEachLeaf(
        (vpn, level, pte) -> {
          if (Pte.present(pte)) {
            rmap.remove((int) Pte.frame(pte), asid, vpn);
          }
        });
    tlb.invalidateAsid(asid);
    pageTables.destroy(pt);
  }

  /**
   * Unmaps a frame from every address space that maps it (before reclaiming it), counting a TLB
   * shootdown when more than one address space had it. ORs the dirty bits it found into the result
   * so the caller knows whether to write the page back.
   */
  public long unmapEverywhere(int frame) {
    return replaceEverywhere(frame, 0);
  }

  /**
   * Replaces every mapping of a frame with the same non-present entry (a swap entry, a transition
   * or prototype pointer; 0 clears), as Linux's try_to_unmap does for a page mapped by several
   * processes after fork. Counts one shootdown when more than one address space mapped it and
   * returns the OR of the DIRTY and ACCESSED bits found.
   */
  public long replaceEverywhere(int frame, long notPresentPte) {
    int mappers = rmap.mapCount(frame);
    long bits = 0;
    for (int n = rmap.first(frame); n >= 0; n = rmap.first(frame)) {
      PageTable pt = pageTables.byAsid(rmap.asid(n));
      long vpn = rmap.vpn(n);
      bits |= pt.get(vpn);
      if (notPresentPte == 0) {
        pt.clear(vpn);
      } else {
        pt.set(vpn, notPresentPte & ~Pte.PRESENT);
      }
      rmap.remove(frame, pt.asid(), vpn);
      tlb.invalidatePage(pt.asid(), vpn, spec.paging());
    }
    if (mappers > 1) {
      tlb.countShootdown();
    }
    return bits & (Pte.DIRTY | Pte.ACCESSED);
  }

  /**
   * Whether one PTE was referenced since the last call, clearing its accessed bit and TLB entry
   * (Windows ages each working-set entry separately, not each frame).
   */
  public boolean testAndClearAccessed(PageTable pt, long vpn) {
    if ((pt.update(vpn, 0, Pte.ACCESSED) & Pte.ACCESSED) != 0) {
      tlb.invalidatePage(pt.asid(), vpn, spec.paging());
      return true;
    }
    return false;
  }

  /** Makes every mapping of a frame read-only (and COW if asked), with one shootdown if shared. */
  public void writeProtectEverywhere(int frame, boolean markCow) {
    int mappers = rmap.mapCount(frame);
    for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
      PageTable pt = pageTables.byAsid(rmap.asid(n));
      long vpn = rmap.vpn(n);
      pt.update(vpn, markCow ? Pte.SW_COW : 0, Pte.WRITABLE);
      tlb.invalidatePage(pt.asid(), vpn, spec.paging());
    }
    if (mappers > 1) {
      tlb.countShootdown();
    }
  }

  /**
   * Whether any mapping of the frame was referenced since the last call, clearing the accessed bits
   * and the TLB entries so the next reference sets them again (Linux's folio_referenced, Windows'
   * working-set aging, XNU's pmap reference bits).
   */
  public boolean testAndClearAccessed(int frame) {
    boolean referenced = false;
    for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
      PageTable pt = pageTables.byAsid(rmap.asid(n));
      long vpn = rmap.vpn(n);
      if ((pt.update(vpn, 0, Pte.ACCESSED) & Pte.ACCESSED) != 0) {
        referenced = true;
        tlb.invalidatePage(pt.asid(), vpn, spec.paging());
      }
    }
    return referenced;
  }

  /** Whether any mapping of the frame has its dirty bit set. */
  public boolean dirtyAnywhere(int frame) {
    for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
      PageTable pt = pageTables.byAsid(rmap.asid(n));
      if ((pt.get(rmap.vpn(n)) & Pte.DIRTY) != 0) {
        return true;
      }
    }
    return false;
  }
}
