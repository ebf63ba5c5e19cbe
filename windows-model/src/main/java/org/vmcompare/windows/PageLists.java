package org.vmcompare.windows;

import java.util.Arrays;
import org.vmcompare.hw.FrameLists;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.hw.Pte;
import org.vmcompare.metrics.Counter;
import org.vmcompare.os.Proc;

/**
 * The PFN database: the physical page lists (Zeroed, Free, Standby by priority 0-7, Modified,
 * ModifiedNoWrite, Bad, and Transition for pages with I/O in progress) and, for every frame, the
 * PTE that maps or points at it, its pagefile copy and its priority. A frame in a working set is on
 * no list.
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

  /** Bits of a VPN in {@link #owner}: 40, for virtual addresses up to 52 bits of 4 KiB pages. */
  private static final int VPN_BITS = 40;

  private final Nt nt;
  final FrameLists lists;

  /**
   * A private page's owner: its process's pid above {@link #VPN_BITS}, its VPN below, one word a
   * frame (pids are below 2^23, VPNs below 2^36 on every paging mode the machine has).
   */
  private final long[] owner;

  private final int[] slot;
  private final byte[] priority;

  /**
   * Write generations, 16 bits: a write's completion is mistaken for the current one's only if the
   * frame's generation moved on by a multiple of 65,536 while that one write was in flight.
   */
  private final char[] writeGen;

  /** Share counts, 16 bits: at most a working set a process plus the system cache's. */
  private final char[] shares;

  /** A private frame's index in the one working set it is in, or -1 (see {@link WorkingSet}). */
  private final int[] wsEntry;

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
    owner = new long[frames];
    slot = new int[frames];
    Arrays.fill(slot, -1);
    priority = new byte[frames];
    writeGen = new char[frames];
    shares = new char[frames];
    wsEntry = new int[frames];
    Arrays.fill(wsEntry, -1);
    for (int f = nt.memory.kernelFrames(); f < frames; f++) {
      lists.addTail(FREE, f);
    }
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
    return standby() + lists.size(FREE) + lists.size(ZEROED);
  }

  /** Records the PTE of a private page that now owns the frame. */
  void own(int frame, Proc p, long vpn, int pagePriority) {
    if (vpn >>> VPN_BITS != 0 || p.pid() >>> (63 - VPN_BITS) != 0) {
      throw new IllegalStateException(
          "windows: the PFN database packs a pid below 2^23 and a VPN below 2^40 in one word;"
              + " pid "
              + p.pid()
              + " vpn 0x"
              + Long.toHexString(vpn)
              + " does not fit");
    }
    owner[frame] = (long) p.pid() << VPN_BITS | vpn;
    priority[frame] = (byte) pagePriority;
  }

  /** A section page's share count: the working sets it is valid in. */
  int shares(int frame) {
    return shares[frame];
  }

  void share(int frame, int pagePriority) {
    if (shares[frame] == Character.MAX_VALUE) {
      throw new IllegalStateException("frame " + frame + " is in 65,535 working sets already");
    }
    shares[frame]++;
    priority[frame] = (byte) pagePriority;
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
    if (--shares[frame] > 0) {
      return false;
    }
    if (!nt.memory.hasFlag(frame, PhysicalMemory.F_DIRTY)) {
      lists.addTail(STANDBY0 + priority[frame], frame);
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

  int ownerPid(int frame) {
    return (int) (owner[frame] >>> VPN_BITS);
  }

  long ownerVpn(int frame) {
    return owner[frame] & ((1L << VPN_BITS) - 1);
  }

  int priority(int frame) {
    return priority[frame];
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

  int wsEntry(int frame) {
    return wsEntry[frame];
  }

  void setWsEntry(int frame, int entry) {
    wsEntry[frame] = entry;
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
      lists.addTail(STANDBY0 + priority[frame], frame);
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
    nt.memory.release(f);
  }
}
