package org.vmcompare.windows;

import java.util.Arrays;
import org.vmcompare.hw.PhysicalMemory;
import org.vmcompare.util.LongIntHashMap;

/**
 * The PFN database's record of which PTE owns a private page (its process and VPN), which the model
 * needs to find a Standby page's transition PTE when the page is repurposed, kept without a
 * per-frame word of its own: at a million frames that word was 8 bytes a resident page.
 *
 * <p>The VPN follows from what core records for every frame in use anyway, its memory object and
 * page ({@link PhysicalMemory#owner}, {@link PhysicalMemory#ownerIndex}), and one number per
 * object: the VPN its page 0 would have, learnt from the first private page of the object owned.
 * That holds because a private page's object is mapped at one address: VirtualAlloc's object has
 * one region, which never moves, and a fork's clone prototype is mapped at the same addresses in
 * parent and child. The pid takes the top 16 of the PFN's flag bits (the model's bits of {@link
 * PhysicalMemory}). An owner that does not fit — a pid of 65,536 or more, or a page of an object
 * already seen at another address (a copy-on-write view of one file mapped at two addresses) — is
 * kept apart in a hash map, and its frame's {@link #F_APART} flag says so. Nothing here is read for
 * a section page: its prototype PTE is found through its section.
 */
final class PfnOwners {
  /** PFN flag: the owner is kept apart (see the class comment). */
  static final int F_APART = 0x80 << PhysicalMemory.F_MODEL_SHIFT;

  /** The pid's place in the PFN flags: the top 16 bits. */
  private static final int PID_SHIFT = 16;

  /** Flag bits this class owns. */
  static final int OWNER_BITS = 0xFFFF << PID_SHIFT | F_APART;

  /** Bits of a VPN in an owner kept apart (pid above them). */
  private static final int VPN_BITS = 40;

  private static final long NO_BASE = Long.MIN_VALUE;

  private final PhysicalMemory memory;

  /** By object id: the VPN of the object's page 0 in its private pages' owners, or NO_BASE. */
  private long[] base = new long[64];

  /** Owners kept apart: the frame's slot in {@link #apart}. */
  private final LongIntHashMap apartSlot = new LongIntHashMap(16);

  /** Owners kept apart, pid above {@link #VPN_BITS} and VPN below; free slots chained. */
  private long[] apart = new long[0];

  private int apartFree = -1;
  private int apartUsed;

  PfnOwners(PhysicalMemory memory) {
    this.memory = memory;
    Arrays.fill(base, NO_BASE);
  }

  /** Records that process {@code pid}'s PTE at {@code vpn} owns the frame (claimed already). */
  void own(int frame, int pid, long vpn) {
    int object = memory.owner(frame);
    boolean fits =
        pid >>> (32 - PID_SHIFT) == 0
            && object >= 0
            && baseFits(object, vpn - memory.ownerIndex(frame));
    memory.clearFlag(frame, OWNER_BITS);
    if (fits) {
      memory.setFlag(frame, pid << PID_SHIFT);
      forget(frame);
    } else {
      memory.setFlag(frame, F_APART);
      keepApart(frame, (long) pid << VPN_BITS | vpn);
    }
  }

  int pid(int frame) {
    int flags = memory.flags(frame);
    return (flags & F_APART) != 0
        ? (int) (apart[apartSlot.get(frame)] >>> VPN_BITS)
        : flags >>> PID_SHIFT;
  }

  long vpn(int frame) {
    if (memory.hasFlag(frame, F_APART)) {
      return apart[apartSlot.get(frame)] & ((1L << VPN_BITS) - 1);
    }
    return base[memory.owner(frame)] + memory.ownerIndex(frame);
  }

  /** The frame holds nothing any more: its owner kept apart, if any, goes. */
  void forget(int frame) {
    if (apartSlot.isEmpty()) {
      return;
    }
    int s = apartSlot.remove(frame);
    if (s >= 0) {
      apart[s] = apartFree;
      apartFree = s;
    }
  }

  /** Owners kept apart now (for tests). */
  int apartCount() {
    return apartSlot.size();
  }

  private boolean baseFits(int object, long pageZeroVpn) {
    if (object >= base.length) {
      int old = base.length;
      base = Arrays.copyOf(base, Math.max(object + 1, old * 2));
      Arrays.fill(base, old, base.length, NO_BASE);
    }
    if (base[object] == NO_BASE) {
      base[object] = pageZeroVpn;
    }
    return base[object] == pageZeroVpn;
  }

  private void keepApart(int frame, long owner) {
    int s = apartSlot.get(frame);
    if (s < 0) {
      if (apartFree >= 0) {
        s = apartFree;
        apartFree = (int) apart[s];
      } else {
        if (apartUsed == apart.length) {
          apart = Arrays.copyOf(apart, Math.max(16, apartUsed * 2));
        }
        s = apartUsed++;
      }
      apartSlot.put(frame, s);
    }
    apart[s] = owner;
  }
}
