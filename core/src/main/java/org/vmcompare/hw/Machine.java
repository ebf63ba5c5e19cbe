package org.vmcompare.hw;

import java.util.List;
import java.util.Objects;

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
  private final MappingChecks checks;
  private final LargeLeaves large;
  private final PtePrefetch prefetch;

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
    this.checks = new MappingChecks(mode, memory, rmap, vpnLimit);
    this.large = new LargeLeaves(mode, memory, rmap, tlb, checks);
    this.prefetch = new PtePrefetch(memory, pageTables, rmap);
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
    return large.count();
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
    checks.userVpn(pt, vpn);
    checks.frames(frame, 1);
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
        throw checks.insideLarge(vpn, level, "map a base page there");
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
    checks.userVpn(pt, vpn);
    long old = pt.walk(vpn);
    if (!Pte.present(old)) {
      return 0;
    }
    int level = pt.lastLeafLevel();
    if (level > 0 && (vpn & (mode.pagesPerEntry(level) - 1)) != 0) {
      throw checks.insideLarge(vpn, level, "unmap one page of it");
    }
    pt.clear(vpn);
    large.forget((int) Pte.frame(old), pt.asid(), vpn, level);
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
    checks.userVpn(pt, vpn);
    long old = pt.walk(vpn);
    if (Pte.present(old)) {
      int level = pt.lastLeafLevel();
      if (level > 0) {
        throw checks.insideLarge(vpn, level, "replace one page with a non-present entry");
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
            large.forget((int) Pte.frame(pte), asid, vpn, level);
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
    checks.userVpn(pt, firstVpn);
    long end = Math.min(firstVpn + Math.max(0, pages), vpnLimit);
    if (end <= firstVpn) {
      return 0;
    }
    if (large.count() > 0) {
      pt.forEachLeaf(
          firstVpn,
          end - firstVpn,
          (v, level, e) -> {
            if (Pte.present(e) && (v < firstVpn || v + mode.pagesPerEntry(level) > end)) {
              throw checks.insideLarge(v, level, (all ? "clear" : "unmap") + " part of it");
            }
          });
    }
    int asid = pt.asid();
    boolean[] present = new boolean[1];
    PageTable.LeafVisitor each =
        (v, level, e) -> {
          if (Pte.present(e)) {
            large.forget((int) Pte.frame(e), asid, v, level);
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
    large.map(pt, vpn, level, headFrame, pteBits);
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
    return large.split(pt, vpn);
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
    return large.collapse(pt, vpn, level, headFrame, pteBits);
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
    checks.frames(frame, 1);
    long key = rmap.soleMapping(frame);
    if (key >= 0 && large.count() == 0) {
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
    checks.tracked(frame, "unmap it everywhere");
    large.refuseInside(frame, "unmap it everywhere");
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
      large.forget(frame, asid, vpn, level);
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
    checks.tracked(frame, "write-protect it everywhere");
    large.refuseInside(frame, "write-protect it everywhere");
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

  /** Most PTEs one {@link #testAndClearAccessed(PageTable, long[], int, boolean)} call takes. */
  public static final int ACCESSED_BLOCK = 64;

  private final long[] blockAddresses = new long[ACCESSED_BLOCK];

  /** What the block's loads ahead read, kept so that they cannot be optimised away. */
  private long blockSink;

  /**
   * {@link #testAndClearAccessed(PageTable, long, boolean)} of {@code vpns[0, count)} in turn, for
   * an aging pass whose entries are in no VPN order: where each PTE lies is found first, then the
   * PTEs are loaded together (their waits for memory side by side), then each is tested and
   * cleared, found by the address already known instead of by another look-up. Returns a mask, bit
   * {@code j} set when {@code vpns[j]} was referenced.
   *
   * @throws IllegalArgumentException when {@code count} is over {@link #ACCESSED_BLOCK}
   */
  public long testAndClearAccessed(PageTable pt, long[] vpns, int count, boolean flush) {
    if (count > ACCESSED_BLOCK) {
      throw new IllegalArgumentException(
          "at most " + ACCESSED_BLOCK + " PTEs a call, got " + count);
    }
    long[] at = blockAddresses;
    long sum = 0;
    for (int j = 0; j < count; j++) {
      at[j] = pt.peekAddress(vpns[j]);
    }
    for (int j = 0; j < count; j++) {
      if (at[j] >= 0) {
        sum += pageTables.entryAt(at[j]);
      }
    }
    blockSink += sum;
    long mask = 0;
    for (int j = 0; j < count; j++) {
      long e = at[j] >= 0 ? pageTables.entryAt(at[j]) : 0;
      if (at[j] >= 0 && (e & ~Pte.ACCESSED) != 0) {
        if ((e & Pte.ACCESSED) != 0) {
          pageTables.setEntryAt(at[j], e & ~Pte.ACCESSED);
          if (flush) {
            tlb.invalidatePage(pt.asid(), vpns[j], mode);
          }
          mask |= 1L << j;
        }
      } else if (clearAccessed(pt, vpns[j], flush)) {
        mask |= 1L << j; // no cached leaf table, or an entry of the accessed bit alone
      }
    }
    return mask;
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
    checks.frames(frame, 1);
    long key = rmap.soleMapping(frame);
    if (key >= 0 && large.count() == 0) {
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
    checks.tracked(frame, "read its accessed bits");
    return scanMappings(frame, CLEAR_ACCESSED, flush);
  }

  /**
   * Whether any mapping of the frame (or the large leaf it lies in) has its dirty bit set.
   *
   * @throws IllegalStateException when the frame is untracked
   */
  public boolean dirtyAnywhere(int frame) {
    checks.tracked(frame, "read its dirty bits");
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
    prefetch.mappings(firstFrame, count);
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
    return prefetch.mappingsAlong(lists, frame, count);
  }

  /**
   * A hint with no simulated effect: loads the PTEs of {@code vpns[0, count)} in one address space
   * into the host's caches, in a loop so short that the loads are in flight together. A pass that
   * tests them one by one next (a Windows working set's aging, whose entries are in no VPN order)
   * then finds each PTE there instead of waiting for memory once per entry. VPNs without a cached
   * leaf table are skipped; nothing is walked, counted, charged or changed.
   */
  public void prefetchPtes(PageTable pt, long[] vpns, int count) {
    prefetch.ptes(pt, vpns, count);
  }

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
    if (large.count() > 0) {
      for (int k = 0; k < mode.largeLevelCount(); k++) {
        int level = mode.largeLevel(k);
        int head = large.head(frame, level);
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
}
