package org.vmcompare.windows;

import java.util.Arrays;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.ReverseMap;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;

/**
 * The PFN database: the physical page lists (Zeroed, Free, Standby by priority 0-7, Modified,
 * ModifiedNoWrite, Bad, and Transition for pages with I/O in progress) and, for every frame, the
 * PTE that maps or points at it, its pagefile copy and its priority. A frame in a working set is on
 * no list.
 *
 * <p>Its per-frame state is packed, since at a million frames every byte of it is a megabyte: the
 * lists' links and list number (9 bytes, core's {@link FrameLists}); the pagefile slot (4); the
 * write generation (2); the priority and the owner's pid in {@link PhysicalMemory}'s model flag
 * bits; the owner's VPN from the frame's object and page ({@link PfnOwners}); and, in the spare
 * list link of a frame in a working set (on no list then, {@link FrameLists#spare}), a private
 * page's working-set entry index or a section page's share count. 15 bytes a frame in all.
 */
final class PageLists {
  static final int ZEROED = 0;
  static final int FREE = 1;
  static final int STANDBY0 = 2;
  static final int MODIFIED = STANDBY0 + 8;
  static final int MODIFIED_NO_WRITE = MODIFIED + 1;
  static final int BAD = MODIFIED + 2;
  static final int TRANSITION = MODIFIED + 3;

  /** PFN flag: the page was offered (OfferVirtualMemory); it is never written to the pagefile. */
  static final int F_OFFERED = 1 << PhysicalMemory.F_MODEL_SHIFT;

  /** PFN flag: the page belongs to a mapped file's section (prototype PTE), not to one process. */
  static final int F_SECTION = 2 << PhysicalMemory.F_MODEL_SHIFT;

  /** PFN flag: the page is being read in (a hard fault); a fault on it waits for the read. */
  static final int F_READING = 8 << PhysicalMemory.F_MODEL_SHIFT;

  /** The page's priority (0-7) in the PFN flags: three bits. */
  private static final int PRIORITY_SHIFT = PhysicalMemory.F_MODEL_SHIFT + 4;

  private static final int PRIORITY_BITS = 7 << PRIORITY_SHIFT;

  /** Bits of a VPN a PFN owner may have: 40, for virtual addresses up to 52 bits of 4 KiB pages. */
  private static final int VPN_BITS = 40;

  private final Nt nt;
  final FrameLists lists;

  /** A private page's owner: its pid and VPN. */
  private final PfnOwners owners;

  private final int[] slot;

  /**
   * Write generations, 16 bits: a write's completion is mistaken for the current one's only if the
   * frame's generation moved on by a multiple of 65,536 while that one write was in flight.
   */
  private final char[] writeGen;

  PageLists(Nt nt) {
    this.nt = nt;
    int frames = nt.memory.frames();
    String[] names = new String[TRANSITION + 1];
    names[ZEROED] = "zeroed";
    names[FREE] = "free";
    for (int i = 0; i < 8; i++) {
      names[STANDBY0 + i] = "standby" + i;
    }
    names[MODIFIED] = "modified";
    names[MODIFIED_NO_WRITE] = "modified-no-write";
    names[BAD] = "bad";
    names[TRANSITION] = "transition";
    lists = new FrameLists(frames, names);
    owners = new PfnOwners(nt.memory);
    slot = new int[frames];
    Arrays.fill(slot, -1);
    writeGen = new char[frames];
    for (int f = nt.memory.kernelFrames(); f < frames; f++) {
      lists.addTail(FREE, f);
    }
    int[] availableLists = new int[10];
    availableLists[0] = ZEROED;
    availableLists[1] = FREE;
    for (int i = 0; i < 8; i++) {
      availableLists[2 + i] = STANDBY0 + i;
    }
    // MmAvailablePagesEventHigh: set as a page added to Zeroed, Free or Standby brings available
    // to MM_HIGH_LIMIT (WRK base/ntos/mm/pfnlist.c, MiInsertPageInList); the faults waiting for
    // it (AvailableWait) try again.
    lists.watch(availableLists, (int) nt.faultWait, nt::availableReachedHigh);
  }

  int size(int list) {
    return lists.size(list);
  }

  int listOf(int frame) {
    return lists.listOf(frame);
  }

  long standby() {
    long n = 0;
    for (int i = 0; i < 8; i++) {
      n += lists.size(STANDBY0 + i);
    }
    return n;
  }

  /** Available = Standby + Free + Zeroed, as Task Manager and the working set manager count it. */
  long available() {
    return lists.watchedTotal();
  }

  /**
   * Records the PTE of a private page that now owns the frame, which is claimed for the page's
   * object and page already.
   */
  void own(int frame, Proc p, long vpn, int pagePriority) {
    if (vpn >>> VPN_BITS != 0 || p.pid() >>> (63 - VPN_BITS) != 0) {
      throw new IllegalStateException(
          "windows: the PFN database keeps a pid below 2^23 and a VPN below 2^40;"
              + " pid "
              + p.pid()
              + " vpn 0x"
              + Long.toHexString(vpn)
              + " does not fit");
    }
    owners.own(frame, p.pid(), vpn);
    setPriority(frame, pagePriority);
  }

  private void setPriority(int frame, int pagePriority) {
    nt.memory.clearFlag(frame, PRIORITY_BITS);
    nt.memory.setFlag(frame, pagePriority << PRIORITY_SHIFT);
  }

  /**
   * A section page's share count: the working sets it is valid in. While it is in any it is on no
   * list, so the count lives in its spare list link (less one: a frame fresh off a list reads 0).
   */
  int shares(int frame) {
    return lists.listOf(frame) == FrameLists.NONE ? lists.spare(frame) + 1 : 0;
  }

  /** A section page enters one more working set, which gives it its priority. */
  void share(int frame, int pagePriority) {
    lists.setSpare(frame, shares(frame)); // the count plus one, less one
    setPriority(frame, pagePriority);
  }

  /**
   * A working set lets go of a section page; at share count 0 it leaves RAM's active pages: a dirty
   * page goes to Modified (a file page for the mapped page writer to write to its file, a
   * pagefile-backed or clone page, its stale pagefile copy dropped, for the modified page writer),
   * a clean one to Standby. Returns whether the share count reached 0.
   */
  boolean unshare(int frame, long oldPte) {
    if (Pte.is(oldPte, Pte.DIRTY)) {
      nt.memory.setFlag(frame, PhysicalMemory.F_DIRTY); // the PTE's dirty bit saved in the PFN
    }
    int left = shares(frame) - 1;
    if (left < 0) {
      throw new IllegalStateException("windows: section frame " + frame + " is in no working set");
    }
    lists.setSpare(frame, left - 1);
    if (left > 0) {
      return false;
    }
    if (!nt.memory.hasFlag(frame, PhysicalMemory.F_DIRTY)) {
      lists.addTail(STANDBY0 + priority(frame), frame);
      return true;
    }
    dropSlot(frame); // a file page has none: its file is where it goes
    lists.addTail(MODIFIED, frame);
    if (mappedModified != null && mappedFile(frame)) {
      mappedModified.run();
    }
    return true;
  }

  /** Told whenever a dirty file page goes to Modified: the mapped page writer; may be null. */
  private Runnable mappedModified;

  /** Tells {@code hook} whenever a dirty file page goes to Modified. */
  void onMappedModified(Runnable hook) {
    mappedModified = hook;
  }

  /** Whether the frame is a mapped file's page: written to its file, never to the pagefile. */
  boolean mappedFile(int frame) {
    return section(frame) && sectionOf(frame).kind == Section.Kind.FILE;
  }

  /** The section a section page belongs to. */
  Section sectionOf(int frame) {
    return Section.of(nt.kernel.object(nt.memory.owner(frame)));
  }

  boolean section(int frame) {
    return nt.memory.hasFlag(frame, F_SECTION);
  }

  /** A private page's owner's pid. */
  int ownerPid(int frame) {
    return owners.pid(frame);
  }

  /** A private page's owner's VPN, where its PTE is (valid, or a transition PTE). */
  long ownerVpn(int frame) {
    return owners.vpn(frame);
  }

  /**
   * A private page's VPN while its PTE is valid: the reverse map's one record of the frame (one
   * load, which the working set manager's aging pays for each entry), else {@link #ownerVpn}.
   */
  long mappedVpn(int frame) {
    long key = nt.machine.rmap().soleMapping(frame);
    return key >= 0 ? ReverseMap.keyVpn(key) : owners.vpn(frame);
  }

  int priority(int frame) {
    return (nt.memory.flags(frame) & PRIORITY_BITS) >>> PRIORITY_SHIFT;
  }

  /** The pagefile slot holding a copy of the page, or -1. */
  int slot(int frame) {
    return slot[frame];
  }

  void setSlot(int frame, int s) {
    slot[frame] = s;
  }

  /** Drops the frame's pagefile copy, if it has one (the page was written to since). */
  void dropSlot(int frame) {
    if (slot[frame] >= 0) {
      nt.pagefile.release(slot[frame]);
      slot[frame] = -1;
    }
  }

  /**
   * A private frame's index in the one working set it is in, or -1 (see {@link WorkingSet}). It
   * lives in the frame's spare list link: a frame in a working set is on no page list (a section
   * page keeps its share count there instead, see {@link #shares}).
   */
  int wsEntry(int frame) {
    return lists.listOf(frame) == FrameLists.NONE ? lists.spare(frame) : -1;
  }

  /** Sets a private frame's working-set entry index; the frame is on no list. */
  void setWsEntry(int frame, int entry) {
    lists.setSpare(frame, entry);
  }

  int writeGen(int frame) {
    return writeGen[frame];
  }

  int startWrite(int frame) {
    return ++writeGen[frame];
  }

  /** A trimmed page: dirty ones to Modified (their stale copy dropped), clean ones to Standby. */
  void park(int frame, boolean dirty) {
    if (dirty && !nt.memory.hasFlag(frame, F_OFFERED)) {
      nt.memory.setFlag(frame, PhysicalMemory.F_DIRTY);
      dropSlot(frame);
      lists.addTail(MODIFIED, frame);
    } else {
      lists.addTail(STANDBY0 + priority(frame), frame);
    }
  }

  /** A frame taken from the lists but not used after all: back to the Free list. */
  void unused(int frame) {
    lists.addTail(FREE, frame);
  }

  /** A frame whose data nobody needs any more goes to the Free list. */
  void free(int frame) {
    if (lists.listOf(frame) != FrameLists.NONE) {
      lists.remove(frame);
    }
    dropSlot(frame);
    owners.forget(frame);
    nt.memory.release(frame);
    lists.addTail(FREE, frame);
  }

  /**
   * A page for a demand-zero fault: Zeroed, else Free (zeroed now, charged), else Standby
   * repurposed from priority 0 upward, oldest first. -1 when none is available. The frame is on no
   * list and holds zero; {@code zeroNs} receives what zeroing cost.
   */
  int takeZeroed(long[] zeroNs) {
    int f = lists.pollHead(ZEROED);
    zeroNs[0] = 0;
    if (f < 0) {
      f = lists.pollHead(FREE);
      if (f < 0) {
        f = repurposeStandby();
      }
      if (f >= 0) {
        zeroNs[0] = nt.machine.costs().zeroPageNs();
      }
    }
    return f;
  }

  /** A page for other allocations (a pagefile read): Free, Zeroed, then Standby. */
  int takeAny() {
    int f = lists.pollHead(FREE);
    if (f < 0) {
      f = lists.pollHead(ZEROED);
    }
    return f >= 0 ? f : repurposeStandby();
  }

  /**
   * Reuses the oldest page of the lowest Standby priority: its owner's transition PTE becomes a
   * pagefile PTE (or demand-zero, for a page with no copy: an offered page, now lost).
   */
  private int repurposeStandby() {
    for (int pr = 0; pr < 8; pr++) {
      if (lists.isEmpty(STANDBY0 + pr)) {
        continue;
      }
      if ((repurposed++ & (PREFETCH - 1)) == 0) {
        prefetchStandby(STANDBY0 + pr);
      }
      int f = lists.pollHead(STANDBY0 + pr);
      if (f >= 0) {
        unlinkStandby(f);
        nt.metrics.increment(Counter.EVICTIONS);
        nt.metrics.increment(nt.standbyRepurposed);
        nt.standbyReused++;
        return f;
      }
    }
    return -1;
  }

  /**
   * Standby pages read ahead: every {@code PREFETCH} repurposes, the PFN records, pagefile slots,
   * write generations and reverse-map words (which the fault that takes the page writes next) and
   * owners' transition PTEs of the next {@code 2 * PREFETCH} private pages of the list are loaded
   * ({@link org.vmcompare.hw.Machine#prefetchPtes}), so that their waits for memory overlap instead
   * of each repurpose waiting in turn. Nothing the model does changes.
   */
  private static final int PREFETCH = 16;

  private long repurposed;
  private final long[] aheadVpns = new long[2 * PREFETCH];

  private void prefetchStandby(int list) {
    int f = lists.head(list);
    if (f < 0 || section(f)) {
      return;
    }
    int pid = ownerPid(f);
    Proc proc = nt.process(pid);
    if (proc == null || !proc.alive()) {
      return;
    }
    int k = 0;
    long sum = 0;
    for (int n = 0; n < 2 * PREFETCH && f >= 0; n++, f = lists.next(f)) {
      sum += slot[f] + writeGen[f] + nt.machine.rmap().soleMapping(f);
      if (!section(f) && ownerPid(f) == pid) {
        aheadVpns[k++] = ownerVpn(f);
      }
    }
    prefetchSink += sum;
    nt.machine.prefetchPtes(proc.space().pageTable(), aheadVpns, k);
  }

  /** What {@link #prefetchStandby} loaded, kept so the loads cannot be optimised away. */
  private long prefetchSink;

  /**
   * Empties every Standby list to Free (RAMMap's "Empty Standby List", the model's drop-caches):
   * each page's owner loses it as in {@link #repurposeStandby}. Returns the pages freed.
   */
  long emptyStandby() {
    long n = 0;
    for (int pr = 0; pr < 8; pr++) {
      for (int f = lists.pollHead(STANDBY0 + pr); f >= 0; f = lists.pollHead(STANDBY0 + pr)) {
        unlinkStandby(f);
        lists.addTail(FREE, f);
        n++;
      }
    }
    return n;
  }

  /**
   * A page taken off Standby (on no list now) leaves its owner and holds nothing: a section page's
   * prototype points at its pagefile copy or at the file again; a private page's transition PTE
   * becomes a pagefile PTE, or {@link WindowsPtes#OFFERED_LOST} for an offered page (its contents
   * are gone).
   */
  private void unlinkStandby(int f) {
    if (section(f)) {
      // the prototype PTE points at the pagefile copy (which it now owns), or at the backing
      sectionOf(f).repurposed(nt.memory.ownerIndex(f), slot[f]);
      slot[f] = -1;
      nt.memory.release(f);
      return;
    }
    Proc proc = nt.process(ownerPid(f));
    long pte = slot[f] >= 0 ? Pte.notPresent(slot[f], Pte.SW_SWAP) : 0;
    if (nt.memory.hasFlag(f, F_OFFERED)) {
      pte = Pte.notPresent(0, WindowsPtes.OFFERED_LOST);
      nt.metrics.increment(nt.offerLost);
      nt.metrics.increment(Counter.DISCARDS);
    }
    if (nt.faults.on(WindowsModuleProvider.REPURPOSE_WITHOUT_COPY)) {
      pte = 0; // planted: the owner's page reads zero instead of its pagefile copy
    }
    nt.machine.replaceWithNotPresent(proc.space().pageTable(), ownerVpn(f), pte);
    slot[f] = -1;
    owners.forget(f);
    nt.memory.release(f);
  }
}
