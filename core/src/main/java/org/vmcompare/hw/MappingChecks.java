package org.vmcompare.hw;

import java.util.Objects;

/**
 * The argument checks of {@link Machine}'s PTE operations. A model that passes a VPN outside the
 * user half, a frame outside the machine or a misaligned large leaf has a bug; the message says
 * which value was wrong and what the operation needed, so the bug is found where it is made rather
 * than as a corrupt page table later.
 */
final class MappingChecks {
  private final PagingMode mode;
  private final PhysicalMemory memory;
  private final ReverseMap rmap;
  private final long vpnLimit;

  MappingChecks(PagingMode mode, PhysicalMemory memory, ReverseMap rmap, long vpnLimit) {
    this.mode = Objects.requireNonNull(mode, "mode is null");
    this.memory = Objects.requireNonNull(memory, "memory is null");
    this.rmap = Objects.requireNonNull(rmap, "rmap is null");
    this.vpnLimit = vpnLimit;
  }

  /** Refuses a VPN outside the address space or in the kernel half. */
  void userVpn(PageTable pt, long vpn) {
    if (vpn < 0 || vpn >= vpnLimit) {
      throw new IllegalArgumentException(
          "VPN " + vpn + " is outside the " + mode.virtualAddressBits() + "-bit address space");
    }
    if (pt.inKernelHalf(vpn)) {
      throw new IllegalArgumentException(
          "VPN " + vpn + " lies in the kernel half, shared by every address space");
    }
  }

  /** Refuses frames [first, first + count) unless all of them are the machine's. */
  void frames(long first, long count) {
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

  /**
   * Refuses a frame whose mappings the reverse map does not record, for an operation needing them.
   */
  void tracked(int frame, String what) {
    frames(frame, 1);
    if (!rmap.isTracked(frame)) {
      throw new IllegalStateException(
          "frame "
              + frame
              + " is untracked: its mappings are not recorded, so nothing can "
              + what);
    }
  }

  /**
   * Refuses a large leaf the paging mode does not have, or whose VPN or head frame is not aligned
   * to its size; returns its size in base pages.
   */
  long large(PageTable pt, long vpn, int level, int headFrame) {
    if (!mode.largeLevelAllowed(level)) {
      throw new IllegalArgumentException(mode.id() + " has no large pages at level " + level);
    }
    userVpn(pt, vpn);
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
    frames(headFrame, pages);
    return pages;
  }

  /** The error for an operation on one page of a large leaf, naming the leaf and the way out. */
  IllegalStateException insideLarge(long vpn, int level, String what) {
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
