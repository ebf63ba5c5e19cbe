package org.vmcompare.hw;

import java.util.Objects;
import org.vmcompare.util.LongArrayList;

/**
 * {@link Machine}'s large-page operations, and the count of large leaves mapped that lets every
 * other operation skip the large-page cases while there are none (nearly every run). A large leaf
 * is recorded once, on its head frame, with its level.
 */
final class LargeLeaves {
  private final PagingMode mode;
  private final PhysicalMemory memory;
  private final ReverseMap rmap;
  private final Tlb tlb;
  private final MappingChecks checks;
  private long count;

  LargeLeaves(
      PagingMode mode, PhysicalMemory memory, ReverseMap rmap, Tlb tlb, MappingChecks checks) {
    this.mode = Objects.requireNonNull(mode, "mode is null");
    this.memory = Objects.requireNonNull(memory, "memory is null");
    this.rmap = Objects.requireNonNull(rmap, "rmap is null");
    this.tlb = Objects.requireNonNull(tlb, "tlb is null");
    this.checks = Objects.requireNonNull(checks, "checks is null");
  }

  /** Large leaves installed and still mapped. */
  long count() {
    return count;
  }

  /** Drops a mapping's reverse-map record and, for a large leaf, the count of them. */
  void forget(int frame, int asid, long vpn, int level) {
    if (rmap.remove(frame, asid, vpn) && level > 0) {
      count--;
    }
  }

  /** The head frame of the level's large leaf that frame would lie in. */
  int head(int frame, int level) {
    return (int) (frame & ~(mode.pagesPerEntry(level) - 1));
  }

  /** Refuses a frame that lies inside a mapped large leaf without heading it. */
  void refuseInside(int frame, String what) {
    if (count == 0) {
      return;
    }
    for (int k = 0; k < mode.largeLevelCount(); k++) {
      int level = mode.largeLevel(k);
      int head = head(frame, level);
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

  /** {@link Machine#mapLarge}. */
  void map(PageTable pt, long vpn, int level, int headFrame, long pteBits) {
    long pages = checks.large(pt, vpn, level, headFrame);
    long old = pt.walk(vpn);
    int oldLevel = pt.lastLeafLevel();
    if (Pte.present(old) && oldLevel > level) {
      throw checks.insideLarge(vpn, oldLevel, "map a smaller large page there");
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
    count++;
  }

  /** {@link Machine#splitLarge}. */
  long split(PageTable pt, long vpn) {
    checks.userVpn(pt, vpn);
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

  /** {@link Machine#collapse}. */
  long collapse(PageTable pt, long vpn, int level, int headFrame, long pteBits) {
    long pages = checks.large(pt, vpn, level, headFrame);
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
    long mapped = 0;
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
      mapped += span;
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
    count++;
    return mapped;
  }
}
