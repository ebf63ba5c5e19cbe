package org.vmcompare.hw;

import java.util.List;
import java.util.Objects;
import org.vmcompare.util.LongArrayList;

/**
 * The simulated machine of one run: frames, page tables, TLB, MMU, reverse map, clock, costs.
 *
 * <p>Besides holding the parts, it offers the PTE operations every OS model needs and that must
 * keep the reverse map and the TLB consistent: map and unmap base and large pages, split and
 * collapse large pages, unmap or write-protect a frame everywhere, write-protect an address space
 * for fork, test-and-clear accessed bits through the reverse map with or without a TLB flush. A
 * model that edits present PTEs only through these cannot leave a stale translation or a dangling
 * reverse-map record behind.
 *
 * <p>A large leaf is recorded once, on its head frame, with its level. Frame-wide operations find
 * it from any frame inside it: {@link #testAndClearAccessed(int, boolean)} and {@link
 * #dirtyAnywhere} read the leaf's bits (accessed and dirty are kept per large leaf, as the hardware
 * does), while the operations that would have to take one frame out of a large leaf refuse a frame
 * that is not the head: split the leaf first.
 */
public final class Machine {
  private final MachineSpec spec;
  private final PagingMode mode;
  private final PhysicalMemory memory;
  private final PageTables pageTables;
  private final Tlb tlb;
  private final Clock clock;
  private final Mmu mmu;
  private final ReverseMap rmap;
  private final long vpnLimit;
  private long largeLeaves;

  /** What {@link #prefetchMappings} loaded, kept so the loads cannot be optimised away. */
  private long prefetchSink;

  public Machine(MachineSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec is null");
    this.mode = spec.paging();
    this.memory = new PhysicalMemory(spec.ramBytes(), spec.pageSize());
    this.pageTables = new PageTables(mode);
    this.tlb = new Tlb(spec.tlb());
    this.clock = new Clock();
    this.mmu = new Mmu(tlb, clock, spec.costs(), mode);
    this.rmap = new ReverseMap(memory.frames());
    this.vpnLimit = 1L << (mode.virtualAddressBits() - mode.pageShift());
    int kernel = spec.kernelFrames();
    if (kernel > 0) {
      memory.reserveKernel(kernel);
      pageTables.mapKernel(mode.kernelBase(), kernel, 0);
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
    return mode;
  }

  /** Large leaves installed by {@link #mapLarge} or {@link #collapse} and still mapped. */
  public long largeLeaves() {
    return largeLeaves;
  }

  /**
   * Bytes of core state this machine holds: frame metadata, page tables, reverse map and TLB,
   * counted from their arrays' lengths (see docs/performance.md for the per-page budget).
   */
  public long footprintBytes() {
    return memory.footprintBytes()
        + pageTables.footprintBytes()
        + rmap.footprintBytes()
        + tlb.footprintBytes();
  }

  // ---- base pages ----

  /**
   * Installs a base-page PTE for a frame and records it in the reverse map. A present entry there
   * is replaced (its record and TLB entry dropped); an empty or non-present one cannot be cached,
   * so nothing is invalidated for it.
   *
   * @throws IllegalStateException when a large leaf covers vpn (split it first)
   */
  public void map(PageTable pt, long vpn, int frame, long pteBits) {
    checkUserVpn(pt, vpn);
    checkFrames(frame, 1);
    long pte = Pte.withFrame(pteBits | Pte.PRESENT, frame);
    long address = pt.peekAddress(vpn);
    if (address >= 0) {
      // The leaf table is known (a fault's translation has just walked to it): read the old entry
      // and store the new one there, instead of a walk and then a second one inside set.
      long old = pageTables.entryAt(address);
      if (Pte.present(old)) {
        rmap.remove((int) Pte.frame(old), pt.asid(), vpn);
        tlb.invalidatePage(pt.asid(), vpn, mode);
      }
      pt.replaceAt(address, old, pte);
      rmap.add(frame, pt.asid(), vpn);
      return;
    }
    long old = pt.walk(vpn);
    if (Pte.present(old)) {
      int level = pt.lastLeafLevel();
      if (level > 0) {
        throw insideLarge(vpn, level, "map a base page there");
      }
      rmap.remove((int) Pte.frame(old), pt.asid(), vpn);
      tlb.invalidatePage(pt.asid(), vpn, mode);
    }
    pt.set(vpn, pte);
    rmap.add(frame, pt.asid(), vpn);
  }

  /**
   * Removes a present PTE and its reverse-map record and TLB entry. Returns the old PTE (0 if none
   * was present) so the caller can read its dirty and accessed bits. At the first VPN of a large
   * leaf it removes the whole leaf (its old PTE has {@link Pte#LARGE}).
   *
   * @throws IllegalStateException when vpn lies inside a large leaf but is not its first VPN
   */
  public long unmap(PageTable pt, long vpn) {
    checkUserVpn(pt, vpn);
    long old = pt.walk(vpn);
    if (!Pte.present(old)) {
      return 0;
    }
    int level = pt.lastLeafLevel();
    if (level > 0 && (vpn & (mode.pagesPerEntry(level) - 1)) != 0) {
      throw insideLarge(vpn, level, "unmap one page of it");
    }
    pt.clear(vpn);
    forget((int) Pte.frame(old), pt.asid(), vpn, level);
    tlb.invalidatePage(pt.asid(), vpn, mode);
    return old;
  }

  /**
   * Replaces a PTE (present or not) with a non-present entry, keeping the reverse map in step; for
   * swap entries, transition PTEs and prototype pointers. Returns the old entry.
   *
   * @throws IllegalStateException when a large leaf covers vpn (split it first)
   */
  public long replaceWithNotPresent(PageTable pt, long vpn, long notPresentPte) {
    checkUserVpn(pt, vpn);
    long old = pt.walk(vpn);
    if (Pte.present(old)) {
      int level = pt.lastLeafLevel();
      if (level > 0) {
        throw insideLarge(vpn, level, "replace one page with a non-present entry");
      }
      rmap.remove((int) Pte.frame(old), pt.asid(), vpn);
      tlb.invalidatePage(pt.asid(), vpn, mode);
    }
    if (notPresentPte == 0) {
      pt.clear(vpn);
    } else {
      pt.set(vpn, notPresentPte & ~Pte.PRESENT);
    }
    return old;
  }

  /**
   * Changes bits of a PTE (clear first, then set) and drops the stale TLB entry. On a large leaf it
   * changes the whole leaf.
   */
  public void updateBits(PageTable pt, long vpn, long setBits, long clearBits) {
    if (Pte.present(pt.update(vpn, setBits, clearBits))) {
      tlb.invalidatePage(pt.asid(), vpn, mode);
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
            forget((int) Pte.frame(pte), asid, vpn, level);
          }
        });
    tlb.invalidateAsid(asid);
    pageTables.destroy(pt);
  }

  /**
   * Unmaps every present leaf of [firstVpn, firstVpn + pages) in one pass over the page tables (a
   * process exit, munmap of a whole region): each leaf's reverse-map record goes, the visitor sees
   * it (VPN, level, old PTE) so the model can free its frame, tables left empty are freed, and the
   * TLB entries of the range go in one {@link Tlb#invalidateRange} (a targeted invalidation, no
   * flush counted). The same end state as {@link #unmap} page by page, without a walk and a TLB set
   * scan per page. Non-present entries (swap, transition) stay, as with {@link #unmap}.
   *
   * @param removed called once per leaf, in VPN order, before the next is cleared; it must not
   *     change page tables
   * @return how many leaves were unmapped
   * @throws IllegalStateException when a large leaf crosses either end of the range (nothing is
   *     changed then)
   */
  public long unmapRange(PageTable pt, long firstVpn, long pages, PageTable.LeafVisitor removed) {
    return clearLeaves(pt, firstVpn, pages, false, removed);
  }

  /**
   * Clears every leaf of [firstVpn, firstVpn + pages), present or not, in one pass: {@link
   * #unmapRange} for the present ones (reverse-map records go, one TLB range invalidation), and the
   * non-present ones (swap entries, transition PTEs, a model's markers) zeroed too, as releasing a
   * whole region does. The visitor sees each leaf (VPN, level, old entry) in VPN order, so the
   * model can free what it pointed at; it must not change page tables.
   *
   * @return how many leaves were cleared, present or not
   * @throws IllegalStateException when a large leaf crosses either end of the range (nothing is
   *     changed then)
   */
  public long clearRange(PageTable pt, long firstVpn, long pages, PageTable.LeafVisitor removed) {
    return clearLeaves(pt, firstVpn, pages, true, removed);
  }

  /** {@link #unmapRange} ({@code all} false) and {@link #clearRange} ({@code all} true). */
  private long clearLeaves(
      PageTable pt, long firstVpn, long pages, boolean all, PageTable.LeafVisitor removed) {
    Objects.requireNonNull(removed, "removed is null");
    checkUserVpn(pt, firstVpn);
    long end = Math.min(firstVpn + Math.max(0, pages), vpnLimit);
    if (end <= firstVpn) {
      return 0;
    }
    if (largeLeaves > 0) {
      pt.forEachLeaf(
          firstVpn,
          end - firstVpn,
          (v, level, e) -> {
            if (Pte.present(e) && (v < firstVpn || v + mode.pagesPerEntry(level) > end)) {
              throw insideLarge(v, level, (all ? "clear" : "unmap") + " part of it");
            }
          });
    }
    int asid = pt.asid();
    boolean[] present = new boolean[1];
    PageTable.LeafVisitor each =
        (v, level, e) -> {
          if (Pte.present(e)) {
            forget((int) Pte.frame(e), asid, v, level);
            present[0] = true;
          }
          removed.visit(v, level, e);
        };
    long n =
        all
            ? pt.clearAllLeaves(firstVpn, end - firstVpn, each)
            : pt.clearPresentLeaves(firstVpn, end - firstVpn, each);
    if (present[0]) {
      tlb.invalidateRange(asid, firstVpn, end - firstVpn, mode);
    }
    return n;
  }

  /** {@link #unmapRange} over the whole user half of the address space (a process exit). */
  public long unmapAll(PageTable pt, PageTable.LeafVisitor removed) {
    return unmapRange(pt, 0, userVpnLimit(pt), removed);
  }

  /** The first VPN of the kernel half (or the end of the address space): the user half's size. */
  private long userVpnLimit(PageTable pt) {
    long lo = 0;
    long hi = vpnLimit;
    // The kernel half is a suffix of top-level entries: find where it starts.
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (pt.inKernelHalf(mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  // ---- large pages ----

  /**
   * Installs a large leaf (2 MiB or 1 GiB on x86-64, 4 MiB on x86-32, 32 MiB on arm64-16k) mapping
   * the aligned frames [headFrame, headFrame + pages), and records it once, on the head frame. A
   * present leaf of the same size there is replaced.
   *
   * @param level the page-table level of the leaf ({@link PagingMode#largeLevel})
   * @throws IllegalArgumentException when vpn or headFrame is not aligned to the leaf's size, or
   *     the paging mode has no large pages at that level
   * @throws IllegalStateException when smaller pages are mapped under it (collapse them instead)
   */
  public void mapLarge(PageTable pt, long vpn, int level, int headFrame, long pteBits) {
    long pages = checkLarge(pt, vpn, level, headFrame);
    long old = pt.walk(vpn);
    int oldLevel = pt.lastLeafLevel();
    if (Pte.present(old) && oldLevel > level) {
      throw insideLarge(vpn, oldLevel, "map a smaller large page there");
    }
    if (oldLevel < level) {
      throw new IllegalStateException(
          "VPNs "
              + vpn
              + ".."
              + (vpn + pages - 1)
              + " have smaller pages mapped; unmap them or collapse them into the large page");
    }
    if (Pte.present(old)) {
      pt.clear(vpn);
      forget((int) Pte.frame(old), pt.asid(), vpn, level);
      tlb.invalidatePage(pt.asid(), vpn, mode);
    }
    pt.setLarge(vpn, level, Pte.withFrame(pteBits | Pte.PRESENT, headFrame));
    rmap.add(headFrame, pt.asid(), vpn, level);
    largeLeaves++;
  }

  /**
   * Splits the large leaf covering vpn into base pages mapping the same frames, as Linux's
   * split_huge_pmd does: each base PTE keeps the leaf's bits (accessed and dirty included, since
   * the hardware kept them for the whole leaf), each frame keeps its content token, and the single
   * record on the head frame becomes one record per frame. The large TLB entry is dropped.
   *
   * @return the large leaf that was split
   * @throws IllegalStateException when no present large leaf covers vpn
   */
  public long splitLarge(PageTable pt, long vpn) {
    checkUserVpn(pt, vpn);
    long old = pt.walk(vpn);
    int level = pt.lastLeafLevel();
    if (!Pte.present(old) || level == 0) {
      throw new IllegalStateException("VPN " + vpn + " is not mapped by a large leaf");
    }
    long pages = mode.pagesPerEntry(level);
    long first = vpn & ~(pages - 1);
    int head = (int) Pte.frame(old);
    int asid = pt.asid();
    pt.clear(first);
    forget(head, asid, first, level);
    tlb.invalidatePage(asid, first, mode);
    long base = old & ~Pte.LARGE;
    for (long i = 0; i < pages; i++) {
      pt.set(first + i, Pte.withFrame(base, head + i));
      rmap.add((int) (head + i), asid, first + i);
    }
    return old;
  }

  /**
   * Replaces the pages mapped in the aligned range of one large leaf with that leaf, as Linux's
   * khugepaged does: the content token of every present page is copied into the matching frame of
   * [headFrame, headFrame + pages) (nothing moves when a page already sits in its frame, as after a
   * split), frames of empty entries are zero-filled, the old records and TLB entries go, and the
   * leaf takes the OR of the old entries' accessed and dirty bits. Releasing the old frames is the
   * model's business: read them with {@link PageTable#forEachLeaf(long, long,
   * PageTable.LeafVisitor)} before the call.
   *
   * @return how many pages of the range were present
   * @throws IllegalStateException when an entry in the range is not present but not empty (a swap
   *     or transition entry: bring the page in or clear it first), or a leaf at least as large
   *     already maps vpn
   */
  public long collapse(PageTable pt, long vpn, int level, int headFrame, long pteBits) {
    long pages = checkLarge(pt, vpn, level, headFrame);
    long existing = pt.walk(vpn);
    if (Pte.present(existing) && pt.lastLeafLevel() >= level) {
      throw new IllegalStateException(
          "VPN " + vpn + " is already mapped by a level-" + pt.lastLeafLevel() + " leaf");
    }
    LongArrayList leaves = new LongArrayList();
    pt.forEachLeaf(
        vpn,
        pages,
        (v, l, pte) -> {
          if (!Pte.present(pte)) {
            throw new IllegalStateException(
                "VPN "
                    + v
                    + " holds a non-present entry ("
                    + Pte.describe(pte)
                    + "); bring the page in or clear the entry before collapsing");
          }
          leaves.add(v);
          leaves.add(l);
          leaves.add(pte);
        });
    // Read every token before writing any: a page's old frame may be another page's new frame.
    long[] tokens = new long[(int) pages];
    boolean[] present = new boolean[(int) pages];
    long bits = 0;
    long count = 0;
    for (int i = 0; i < leaves.size(); i += 3) {
      int offset = (int) (leaves.get(i) - vpn);
      long pte = leaves.get(i + 2);
      long span = mode.pagesPerEntry((int) leaves.get(i + 1));
      long src = Pte.frame(pte);
      for (int j = 0; j < span; j++) {
        tokens[offset + j] = memory.content((int) (src + j));
        present[offset + j] = true;
      }
      bits |= pte & (Pte.ACCESSED | Pte.DIRTY);
      count += span;
    }
    for (int i = 0; i < pages; i++) {
      memory.setContent(headFrame + i, present[i] ? tokens[i] : 0);
    }
    int asid = pt.asid();
    for (int i = 0; i < leaves.size(); i += 3) {
      long v = leaves.get(i);
      pt.clear(v);
      forget((int) Pte.frame(leaves.get(i + 2)), asid, v, (int) leaves.get(i + 1));
    }
    tlb.invalidateRange(asid, vpn, pages, mode);
    pt.setLarge(vpn, level, Pte.withFrame(pteBits | bits | Pte.PRESENT, headFrame));
    rmap.add(headFrame, asid, vpn, level);
    largeLeaves++;
    return count;
  }

  // ---- frame-wide operations, through the reverse map ----

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
   * returns the OR of the DIRTY and ACCESSED bits found. With 0 it also removes large leaves whose
   * head this frame is.
   *
   * @throws IllegalStateException when the frame is untracked, lies inside a large leaf it does not
   *     head, or heads one and a non-present entry was asked for (split it first)
   */
  public long replaceEverywhere(int frame, long notPresentPte) {
    checkFrames(frame, 1);
    long key = rmap.soleMapping(frame);
    if (key >= 0 && largeLeaves == 0) {
      // Mapped once, by a base page (nearly every frame a reclaim scan meets): straight to the
      // PTE, the same steps as the loop below.
      int asid = ReverseMap.keyAsid(key);
      long vpn = ReverseMap.keyVpn(key);
      PageTable pt = pageTables.byAsid(asid);
      long bits = pt.get(vpn);
      if (notPresentPte == 0) {
        pt.clear(vpn);
      } else {
        pt.set(vpn, notPresentPte & ~Pte.PRESENT);
      }
      rmap.remove(frame, asid, vpn);
      tlb.invalidatePage(asid, vpn, mode);
      return bits & (Pte.DIRTY | Pte.ACCESSED);
    }
    checkTracked(frame, "unmap it everywhere");
    checkNotInsideLarge(frame, "unmap it everywhere");
    if (notPresentPte != 0) {
      for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
        if (rmap.level(n) > 0) {
          throw new IllegalStateException(
              "frame "
                  + frame
                  + " heads a large leaf at VPN "
                  + rmap.vpn(n)
                  + "; split it before replacing it with a non-present entry");
        }
      }
    }
    int mappers = rmap.mapCount(frame);
    long bits = 0;
    for (int n = rmap.first(frame); n >= 0; n = rmap.first(frame)) {
      int asid = rmap.asid(n);
      long vpn = rmap.vpn(n);
      int level = rmap.level(n);
      PageTable pt = pageTables.byAsid(asid);
      bits |= pt.get(vpn);
      if (notPresentPte == 0) {
        pt.clear(vpn);
      } else {
        pt.set(vpn, notPresentPte & ~Pte.PRESENT);
      }
      forget(frame, asid, vpn, level);
      tlb.invalidatePage(asid, vpn, mode);
    }
    if (mappers > 1) {
      tlb.countShootdown();
    }
    return bits & (Pte.DIRTY | Pte.ACCESSED);
  }

  /**
   * Makes every mapping of a frame read-only (and COW if asked), with one shootdown if shared.
   *
   * @throws IllegalStateException when the frame is untracked or lies inside a large leaf it does
   *     not head
   */
  public void writeProtectEverywhere(int frame, boolean markCow) {
    checkTracked(frame, "write-protect it everywhere");
    checkNotInsideLarge(frame, "write-protect it everywhere");
    int mappers = rmap.mapCount(frame);
    for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
      PageTable pt = pageTables.byAsid(rmap.asid(n));
      long vpn = rmap.vpn(n);
      pt.update(vpn, markCow ? Pte.SW_COW : 0, Pte.WRITABLE);
      tlb.invalidatePage(pt.asid(), vpn, mode);
    }
    if (mappers > 1) {
      tlb.countShootdown();
    }
  }

  /**
   * Fork's write-protect: clears WRITABLE (and sets {@link Pte#SW_COW} if asked) in every present
   * writable leaf of the address space's user half, base or large, then flushes the address space's
   * TLB entries once, as Linux's dup_mmap ends with one flush_tlb_mm. The flush counts once in
   * {@link Tlb#flushes()}; no shootdown is counted per page.
   *
   * @return how many leaves were write-protected (no flush when none was)
   */
  public long writeProtectAddressSpace(PageTable pt, boolean markCow) {
    return writeProtectAddressSpace(pt, List.of(new VpnRange(0, vpnLimit)), markCow);
  }

  /**
   * Like {@link #writeProtectAddressSpace(PageTable, boolean)} over some ranges only (the private
   * regions; shared ones stay writable), still with one flush for all of them.
   */
  public long writeProtectAddressSpace(PageTable pt, List<VpnRange> ranges, boolean markCow) {
    Objects.requireNonNull(ranges, "ranges is null");
    long changed = 0;
    for (VpnRange r : ranges) {
      changed +=
          pt.updatePresentLeaves(
              r.firstVpn(), r.pages(), Pte.WRITABLE, markCow ? Pte.SW_COW : 0, Pte.WRITABLE);
    }
    if (changed > 0) {
      tlb.invalidateAsid(pt.asid());
    }
    return changed;
  }

  /**
   * Whether one PTE was referenced since the last call, clearing its accessed bit and TLB entry
   * (Windows ages each working-set entry separately, not each frame).
   */
  public boolean testAndClearAccessed(PageTable pt, long vpn) {
    return testAndClearAccessed(pt, vpn, true);
  }

  /**
   * Whether one PTE was referenced since the last call, clearing its accessed bit; with flush, its
   * TLB entry goes too so the next reference walks and sets the bit again. Without flush the entry
   * stays, and references that hit it leave the bit clear until the entry is evicted or flushed.
   */
  public boolean testAndClearAccessed(PageTable pt, long vpn, boolean flush) {
    return clearAccessed(pt, vpn, flush);
  }

  /**
   * Whether any mapping of the frame was referenced since the last call, clearing the accessed bits
   * and the TLB entries so the next reference sets them again (Windows' working-set aging, XNU's
   * pmap reference bits).
   */
  public boolean testAndClearAccessed(int frame) {
    return testAndClearAccessed(frame, true);
  }

  /**
   * Whether any mapping of the frame (or the large leaf it lies in) was referenced since the last
   * call, clearing the accessed bits. With flush the TLB entries go too (Linux's
   * ptep_clear_flush_young); without (Linux's folio_referenced on x86, where aging deliberately
   * skips the flush) they stay, so the page may look unreferenced until its entry leaves the TLB.
   *
   * @throws IllegalStateException when the frame is untracked
   */
  public boolean testAndClearAccessed(int frame, boolean flush) {
    checkFrames(frame, 1);
    long key = rmap.soleMapping(frame);
    if (key >= 0 && largeLeaves == 0) {
      // Mapped once, by a base page (what a CLOCK hand meets on nearly every frame): read and
      // clear the bit at the PTE's address, the record's (ASID, VPN) and the leaf-table cache
      // giving it without a walk; only a table not in that cache takes the general path.
      PageTable pt = pageTables.byAsid(ReverseMap.keyAsid(key));
      long vpn = ReverseMap.keyVpn(key);
      long address = pt.peekAddress(vpn);
      if (address >= 0) {
        long e = pageTables.entryAt(address);
        if ((e & Pte.ACCESSED) == 0) {
          return false;
        }
        if ((e & ~Pte.ACCESSED) != 0) {
          pageTables.setEntryAt(address, e & ~Pte.ACCESSED);
          if (flush) {
            tlb.invalidatePage(pt.asid(), vpn, mode);
          }
          return true;
        }
      }
    }
    checkTracked(frame, "read its accessed bits");
    return scanMappings(frame, CLEAR_ACCESSED, flush);
  }

  /**
   * Whether any mapping of the frame (or the large leaf it lies in) has its dirty bit set.
   *
   * @throws IllegalStateException when the frame is untracked
   */
  public boolean dirtyAnywhere(int frame) {
    checkTracked(frame, "read its dirty bits");
    return scanMappings(frame, TEST_DIRTY, false);
  }

  /**
   * A hint with no simulated effect: loads, into the host's caches, the PTE of the first mapping of
   * each frame in [firstFrame, firstFrame + count), so that a frame-wide operation on those frames
   * soon after ({@link #testAndClearAccessed(int)}, {@link #unmapEverywhere}) finds its PTE there
   * instead of waiting for memory. A reclaim scan that visits frames in order (a CLOCK hand, an LRU
   * list in frame order) calls it a few frames ahead of itself: the PTEs of resident pages are
   * scattered over megabytes of page tables, so each would otherwise cost a full memory latency,
   * one after the other, while these loads run side by side. Frames outside the machine, unmapped
   * or untracked are skipped; nothing is walked, counted, charged or changed.
   */
  public void prefetchMappings(int firstFrame, int count) {
    int end = (int) Math.min((long) firstFrame + Math.max(0, count), memory.frames());
    long sum = 0;
    for (int from = Math.max(0, firstFrame); from < end; from += PREFETCH_BLOCK) {
      // First where each PTE is (the reverse-map words are in frame order, the rest cached), then
      // the loads, in a loop so short that all of them are in flight together.
      int to = Math.min(end, from + PREFETCH_BLOCK);
      int k = 0;
      for (int f = from; f < to; f++) {
        k = addPteAddress(f, k);
      }
      sum += loadPrefetched(k);
    }
    prefetchSink += sum;
  }

  /**
   * A hint with no simulated effect, as {@link #prefetchMappings(int, int)} for a scan that takes
   * its frames from a list rather than in frame order (XNU's page queues, an LRU list): loads the
   * PTE of the first mapping of {@code count} frames of {@code lists}, from {@code frame} (a frame
   * on a list, or -1 for none) toward the tail, and each frame's {@link PhysicalMemory} record.
   * Nothing is walked, counted, charged or changed. Returns the last frame loaded, or -1 when there
   * was none, so that the next call can go on after it.
   */
  public int prefetchMappingsAlong(FrameLists lists, int frame, int count) {
    long sum = 0;
    int last = -1;
    int f = frame;
    for (int done = 0; done < count && f >= 0; ) {
      int k = 0;
      for (; k < PREFETCH_BLOCK && done < count && f >= 0; done++) {
        sum += memory.owner(f);
        k = addPteAddress(f, k);
        last = f;
        f = lists.next(f);
      }
      sum += loadPrefetched(k);
    }
    prefetchSink += sum;
    return last;
  }

  /**
   * A hint with no simulated effect: loads the PTEs of {@code vpns[0, count)} in one address space
   * into the host's caches, in a loop so short that the loads are in flight together. A pass that
   * tests them one by one next (a Windows working set's aging, whose entries are in no VPN order)
   * then finds each PTE there instead of waiting for memory once per entry. VPNs without a cached
   * leaf table are skipped; nothing is walked, counted, charged or changed.
   */
  public void prefetchPtes(PageTable pt, long[] vpns, int count) {
    long sum = 0;
    for (int j = 0; j < count; j++) {
      long a = pt.peekAddress(vpns[j]);
      if (a >= 0) {
        sum += pageTables.entryAt(a);
      }
    }
    prefetchSink += sum;
  }

  /**
   * Puts where the PTE of frame f's first mapping lies at {@code prefetchAddresses[k]}, if it has
   * one in a cached leaf table; returns the addresses collected so far.
   */
  private int addPteAddress(int f, int k) {
    int n = rmap.first(f);
    if (n >= 0) {
      PageTable pt = pageTables.byAsid(rmap.asid(n));
      if (pt != null) {
        long a = pt.peekAddress(rmap.vpn(n));
        if (a >= 0) {
          prefetchAddresses[k++] = a;
        }
      }
    }
    return k;
  }

  /** Loads the PTEs at {@code prefetchAddresses[0, k)}, in a loop with nothing else in it. */
  private long loadPrefetched(int k) {
    long sum = 0;
    for (int j = 0; j < k; j++) {
      sum += pageTables.entryAt(prefetchAddresses[j]);
    }
    return sum;
  }

  private static final int PREFETCH_BLOCK = 64;
  private final long[] prefetchAddresses = new long[PREFETCH_BLOCK];

  // ---- helpers ----

  private static final int CLEAR_ACCESSED = 0;
  private static final int TEST_DIRTY = 1;

  /**
   * Visits every mapping of a frame, and of the large leaves it lies in: clears the accessed bits
   * (all of them; true if any was set) or tests the dirty bits (true at the first one set). One
   * loop for both, without a lambda, as it runs on reclaim's hot path.
   */
  private boolean scanMappings(int frame, int what, boolean flush) {
    boolean any = false;
    for (int n = rmap.first(frame); n >= 0; n = rmap.next(n)) {
      if (visitMapping(n, what, flush)) {
        if (what == TEST_DIRTY) {
          return true;
        }
        any = true;
      }
    }
    if (largeLeaves > 0) {
      for (int k = 0; k < mode.largeLevelCount(); k++) {
        int level = mode.largeLevel(k);
        int head = headAt(frame, level);
        if (head == frame) {
          continue;
        }
        for (int n = rmap.first(head); n >= 0; n = rmap.next(n)) {
          if (rmap.level(n) == level && visitMapping(n, what, flush)) {
            if (what == TEST_DIRTY) {
              return true;
            }
            any = true;
          }
        }
      }
    }
    return any;
  }

  private boolean visitMapping(int node, int what, boolean flush) {
    PageTable pt = pageTables.byAsid(rmap.asid(node));
    long vpn = rmap.vpn(node);
    return what == CLEAR_ACCESSED ? clearAccessed(pt, vpn, flush) : (pt.get(vpn) & Pte.DIRTY) != 0;
  }

  private boolean clearAccessed(PageTable pt, long vpn, boolean flush) {
    if ((pt.update(vpn, 0, Pte.ACCESSED) & Pte.ACCESSED) == 0) {
      return false;
    }
    if (flush) {
      tlb.invalidatePage(pt.asid(), vpn, mode);
    }
    return true;
  }

  /** Drops a mapping's reverse-map record and, for a large leaf, the machine's count of them. */
  private void forget(int frame, int asid, long vpn, int level) {
    if (rmap.remove(frame, asid, vpn) && level > 0) {
      largeLeaves--;
    }
  }

  private int headAt(int frame, int level) {
    return (int) (frame & ~(mode.pagesPerEntry(level) - 1));
  }

  private void checkNotInsideLarge(int frame, String what) {
    if (largeLeaves == 0) {
      return;
    }
    for (int k = 0; k < mode.largeLevelCount(); k++) {
      int level = mode.largeLevel(k);
      int head = headAt(frame, level);
      if (head == frame) {
        continue;
      }
      for (int n = rmap.first(head); n >= 0; n = rmap.next(n)) {
        if (rmap.level(n) == level) {
          throw new IllegalStateException(
              "frame "
                  + frame
                  + " lies inside the large leaf headed by frame "
                  + head
                  + " (asid "
                  + rmap.asid(n)
                  + ", VPN "
                  + rmap.vpn(n)
                  + "); split it, or pass the head frame, to "
                  + what);
        }
      }
    }
  }

  private void checkTracked(int frame, String what) {
    checkFrames(frame, 1);
    if (!rmap.isTracked(frame)) {
      throw new IllegalStateException(
          "frame "
              + frame
              + " is untracked: its mappings are not recorded, so nothing can "
              + what);
    }
  }

  private void checkUserVpn(PageTable pt, long vpn) {
    if (vpn < 0 || vpn >= vpnLimit) {
      throw new IllegalArgumentException(
          "VPN " + vpn + " is outside the " + mode.virtualAddressBits() + "-bit address space");
    }
    if (pt.inKernelHalf(vpn)) {
      throw new IllegalArgumentException(
          "VPN " + vpn + " lies in the kernel half, shared by every address space");
    }
  }

  private void checkFrames(long first, long count) {
    if (first < 0 || first + count > memory.frames()) {
      throw new IllegalArgumentException(
          "frames "
              + first
              + ".."
              + (first + count - 1)
              + " are outside the machine's "
              + memory.frames()
              + " frames");
    }
  }

  private long checkLarge(PageTable pt, long vpn, int level, int headFrame) {
    if (!mode.largeLevelAllowed(level)) {
      throw new IllegalArgumentException(mode.id() + " has no large pages at level " + level);
    }
    checkUserVpn(pt, vpn);
    long pages = mode.pagesPerEntry(level);
    if ((vpn & (pages - 1)) != 0 || (headFrame & (pages - 1)) != 0) {
      throw new IllegalArgumentException(
          "a level-"
              + level
              + " leaf needs its VPN and head frame aligned to "
              + pages
              + " pages; got VPN "
              + vpn
              + " and frame "
              + headFrame);
    }
    checkFrames(headFrame, pages);
    return pages;
  }

  private IllegalStateException insideLarge(long vpn, int level, String what) {
    long first = vpn & ~(mode.pagesPerEntry(level) - 1);
    return new IllegalStateException(
        "VPN "
            + vpn
            + " lies inside a level-"
            + level
            + " large leaf at VPN "
            + first
            + "; split it (Machine.splitLarge) before trying to "
            + what);
  }
}
