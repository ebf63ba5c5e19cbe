package org.vmcompare.macos;

/**
 * The compressor pool's limits, as vm_compressor_set_size (osfmk/vm/vm_compressor.c) sets them on
 * macOS, applied to the simulated machine's RAM as XNU applies them to max_mem: the pool is 16 x
 * RAM up to 4 GiB, 8 x up to 8 GiB, 4 x up to 32 GiB and 2 x above, at most 192 GiB (or {@code
 * compressionLimit} pages, XNU's vm_compression_limit boot-arg); c_segments_limit is the pool over
 * c_seg_allocsize (the segment's buffer, plus a page on Apple silicon, taken here as a machine of
 * 16 KiB pages); c_segment_pages_compressed_limit is that many segments' pages times
 * compressor_pool_multiplier (1 up to 8 GiB, 2 up to 32 GiB, 4 above), and at least RAM's pages
 * unless the boot-arg is set. Both limits count every segment and every compressed page the
 * compressor tracks, in memory or in a swapfile (c_segment_count, c_segment_pages_compressed);
 * "near" the limit is above 98% of it (c_segments_nearing_limit,
 * c_segment_pages_compressed_nearing_limit).
 *
 * @param segments c_segments_limit
 * @param pages c_segment_pages_compressed_limit
 * @param segmentPages c_seg_max_pages: the pages of one segment's buffer
 */
record PoolLimits(long segments, long pages, long segmentPages) {
  private static final long GIB = 1L << 30;

  /** VM_COMPRESSOR_MAX_POOL_SIZE on macOS. */
  static final long MAX_POOL_BYTES = 192 * GIB;

  /** The segment numbers a c_slot_mapping can hold (22 bits, one value kept for single values). */
  static final long MAX_SEGMENTS = (1L << 22) - 2;

  PoolLimits {
    if (segments < 1 || pages < 1 || segmentPages < 1) {
      throw new IllegalArgumentException(
          "pool limits must be positive: " + segments + ", " + pages + ", " + segmentPages);
    }
  }

  /** The limits for a machine of {@code ramBytes} with this segment and page size. */
  static PoolLimits of(long ramBytes, long segmentBytes, long pageSize, long compressionLimit) {
    long pool =
        compressionLimit > 0 ? compressionLimit * pageSize : poolMultiple(ramBytes) * ramBytes;
    pool = Math.min(pool, MAX_POOL_BYTES);
    long allocBytes = pageSize >= 16 << 10 ? segmentBytes + pageSize : segmentBytes;
    long segments = Math.max(1, Math.min(MAX_SEGMENTS, pool / allocBytes));
    long segmentPages = Math.max(1, segmentBytes / pageSize);
    long pages = segments * segmentPages * poolMultiplier(ramBytes);
    if (compressionLimit == 0) {
      pages = Math.max(pages, ramBytes / pageSize);
    }
    return new PoolLimits(segments, pages, segmentPages);
  }

  /** compressor_pool_size as a multiple of max_mem on macOS. */
  static long poolMultiple(long ramBytes) {
    if (ramBytes <= 4 * GIB) {
      return 16;
    }
    if (ramBytes <= 8 * GIB) {
      return 8;
    }
    return ramBytes <= 32 * GIB ? 4 : 2;
  }

  /** compressor_pool_multiplier on macOS. */
  static long poolMultiplier(long ramBytes) {
    if (ramBytes <= 8 * GIB) {
      return 1;
    }
    return ramBytes <= 32 * GIB ? 2 : 4;
  }

  /** c_segments_nearing_limit: 98% of the segment limit. */
  long segmentsNearing() {
    return segments * 98 / 100;
  }

  /** c_segment_pages_compressed_nearing_limit: 98% of the page limit. */
  long pagesNearing() {
    return pages * 98 / 100;
  }
}
