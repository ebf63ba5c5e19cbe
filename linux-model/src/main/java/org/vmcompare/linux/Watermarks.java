package org.vmcompare.linux;

/**
 * The zone watermarks of SEMANTICS.md, for the machine's one pool of frames
 * (init_per_zone_wmark_min and setup_per_zone_wmarks in mm/page_alloc.c,
 * set_recommended_min_free_kbytes in mm/khugepaged.c). kswapd wakes below {@code low} and sleeps
 * again at {@code high}; an allocation that would leave {@code min} or less reclaims directly.
 *
 * @param minFreeKbytes vm.min_free_kbytes as the kernel computes it (THP's bump included)
 * @param min pages kept free for the kernel's own allocations
 * @param low kswapd's wake-up mark
 * @param high kswapd's goal
 */
record Watermarks(long minFreeKbytes, long min, long low, long high) {
  /** MIGRATE_PCPTYPES: unmovable, movable, reclaimable. */
  private static final int PCP_TYPES = 3;

  Watermarks {
    if (min < 0 || low < min || high < low) {
      throw new IllegalArgumentException(
          "watermarks out of order: min " + min + ", low " + low + ", high " + high);
    }
  }

  /**
   * Computes the watermarks.
   *
   * @param managedPages the pages the allocator manages (RAM minus the kernel image)
   * @param pageSize bytes a page
   * @param scaleFactor vm.watermark_scale_factor
   * @param thp whether khugepaged runs (transparent huge pages not "never")
   * @param pageblockPages pages of a pageblock (a PMD-sized huge page)
   * @param zones populated zones up to ZONE_NORMAL (DMA, DMA32, Normal on x86-64)
   */
  static Watermarks compute(
      long managedPages,
      long pageSize,
      int scaleFactor,
      boolean thp,
      long pageblockPages,
      int zones) {
    long kbPerPage = pageSize / 1024;
    long lowmemKbytes = managedPages * kbPerPage;
    long minFreeKbytes = Math.max(128, Math.min(65536, intSqrt(lowmemKbytes * 16)));
    if (thp) {
      long recommended = pageblockPages * zones * (2 + PCP_TYPES * PCP_TYPES);
      long high = marks(managedPages, minFreeKbytes / kbPerPage, scaleFactor)[2];
      recommended = Math.min(recommended, (managedPages - high) / 20) * kbPerPage;
      minFreeKbytes = Math.max(minFreeKbytes, recommended);
    }
    long[] m = marks(managedPages, minFreeKbytes / kbPerPage, scaleFactor);
    return new Watermarks(minFreeKbytes, m[0], m[1], m[2]);
  }

  /** min, low, high from the min pages: {@code low = min + Δ}, {@code high = min + 2Δ}. */
  private static long[] marks(long managedPages, long minPages, int scaleFactor) {
    long delta = Math.max(minPages / 4, managedPages * scaleFactor / 10000);
    return new long[] {minPages, minPages + delta, minPages + 2 * delta};
  }

  /** The kernel's int_sqrt: the largest r with r * r <= x. */
  static long intSqrt(long x) {
    long r = (long) Math.sqrt((double) x);
    while (r * r > x) {
      r--;
    }
    while ((r + 1) * (r + 1) <= x) {
      r++;
    }
    return r;
  }

  /**
   * Populated zones up to ZONE_NORMAL on x86-64: ZONE_DMA (the first 16 MiB) always, ZONE_DMA32 up
   * to 4 GiB when there is more, ZONE_NORMAL from 4 GiB of RAM (the PCI hole moves part of a 4 GiB
   * machine above 4 GiB).
   */
  static int zones(long ramBytes) {
    if (ramBytes >= 4L << 30) {
      return 3;
    }
    return ramBytes > 16L << 20 ? 2 : 1;
  }
}
