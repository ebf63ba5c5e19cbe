package org.vmcompare.macos;

import java.util.Arrays;
import java.util.Objects;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;
import org.vmcompare.os.Proc;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.Tokens;

/**
 * XNU's compressor (osfmk/vm/vm_compressor.c): a compressed page keeps its content token in a slot
 * of an in-memory {@link BackingStore} (its handle), and takes {@code (1 - compressibility)} of a
 * page in the current segment ({@link Segments}), the compressibility being the one the workload
 * wrote into the token; a page of zeroes takes nothing (XNU keeps single-value pages without
 * segment space). The segments' frames are vm_stat's "occupied by compressor", the handles in use
 * its "stored in compressor" (swapped-out segments included).
 *
 * <p>The pool has XNU's limits ({@link PoolLimits}): when a page needs a new segment and the pool
 * holds its limit of pages or of segments, the page is not compressed (vm_compressor_put fails;
 * vm_pageout_compress_page puts the page back on active and counts vm_compressor_failed, here
 * {@code macos.compressions.failed}). Every page compressed while the pool is near its limits first
 * asks for the paging space action (c_seg_allocate calls vm_compressor_take_paging_space_action on
 * macOS; {@link PagingSpace}).
 */
final class Compressor {
  private final Mach m;
  private final BackingStore store = new BackingStore("compressor", 0, Integer.MAX_VALUE);
  private final Segments segments;
  private final MajorCompaction major;
  final Swapfiles swap;
  final PoolLimits limits;

  /**
   * macos.compressions.failed: pages the pool at its limits did not take (vm_compressor_failed).
   */
  private final int failed;

  private Runnable lowOnSpaceAction = () -> {};

  /** The segment of a page of zeroes (C_SV_CSEG_ID): none. */
  private static final int NO_SEGMENT = Integer.MAX_VALUE;

  /** Per handle: its segment and its compressed bytes. */
  private int[] segmentOf = new int[0];

  private int[] bytesOf = new int[0];

  Compressor(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.segments = new Segments(m);
    this.major = new MajorCompaction(m, segments);
    this.swap = segments.swap;
    this.limits = segments.limits;
    this.failed =
        m.metrics.register(
            "macos.compressions.failed",
            "pages not compressed because the compressor pool was at its limit");
    m.metrics.registerGauge(
        MetricSpec.of("macos.compressor.stored", Unit.PAGES, "pages stored in compressor"),
        this::stored);
    m.metrics.registerGauge(
        MetricSpec.of("macos.compressor.occupied", Unit.PAGES, "pages occupied by compressor"),
        this::occupied);
    m.metrics.registerGauge(
        MetricSpec.of(
            "macos.compressor.segments",
            Unit.COUNT,
            "compressor segments in use, in memory or in swapfiles (c_segment_count)"),
        segments::inUse);
  }

  /**
   * What runs when a page is compressed while the pool is near its limits ({@link PagingSpace}).
   */
  void onLowOnSpace(Runnable action) {
    this.lowOnSpaceAction = Objects.requireNonNull(action, "action is null");
  }

  /** vm_compressor_low_on_space: more than 98% of the page limit or of the segment limit. */
  boolean lowOnSpace() {
    return stored() > limits.pagesNearing() || segments.inUse() > limits.segmentsNearing();
  }

  /** vm_compressor_out_of_space: the page limit or the segment limit reached. */
  boolean outOfSpace() {
    return stored() >= limits.pages() || segments.inUse() >= limits.segments();
  }

  /** c_segment_count. */
  int segmentsInUse() {
    return segments.inUse();
  }

  static long segmentBytes(String option, long pageSize) {
    return Segments.bytes(option, pageSize);
  }

  long stored() {
    return store.used();
  }

  long occupied() {
    return m.queues.size(PageQueues.COMPRESSOR);
  }

  /**
   * Compresses a page's content (vm_compressor_put), charging compressNs: returns its handle, or -1
   * when the segment needs a frame and none is free, or a new segment is needed and the pool is at
   * its limits.
   */
  int put(long token) {
    if (lowOnSpace()) {
      lowOnSpaceAction.run();
    }
    int bytes = token == Tokens.ZERO ? 0 : compressedBytes(token);
    int seg = segments.place(bytes, stored());
    if (seg == Segments.FULL) {
      m.metrics.increment(failed);
      return -1;
    }
    if (seg < 0) {
      return -1;
    }
    int handle = store.allocate();
    if (handle < 0) {
      store.grow(store.capacity() + 4096);
      handle = store.allocate();
    }
    store.write(handle, token);
    if (handle >= segmentOf.length) {
      segmentOf = Arrays.copyOf(segmentOf, Math.max(1024, handle * 2));
      bytesOf = Arrays.copyOf(bytesOf, segmentOf.length);
    }
    segmentOf[handle] = bytes == 0 ? NO_SEGMENT : seg; // a single value lives in no segment
    bytesOf[handle] = bytes;
    m.charge(m.costs.compressNs());
    m.metrics.increment(m.compressions);
    return handle;
  }

  /** Decompresses a page (vm_compressor_get), charging decompressNs, and frees its slot. */
  long get(int handle) {
    long token = store.read(handle);
    m.charge(m.costs.decompressNs());
    m.metrics.increment(m.decompressions);
    free(handle);
    return token;
  }

  /** Drops a compressed page nobody will read (its object went): its segment space goes. */
  void free(int handle) {
    store.release(handle);
    if (segmentOf[handle] != NO_SEGMENT) {
      segments.remove(segmentOf[handle], bytesOf[handle]);
    }
  }

  /**
   * The compactor-swapper's work after each page the scan took (vm_compressor_compact_and_swap): a
   * major compaction pass when one is due ({@link MajorCompaction}), its moved pages' handles
   * pointed at their new segments, then segments out to swapfiles while memory is short ({@link
   * Segments#swapOutIfNeeded}).
   */
  void swapOutIfNeeded() {
    int[] forward = major.pass();
    if (forward != null) {
      for (int h = 0; h < segmentOf.length; h++) {
        int seg = segmentOf[h];
        if (seg < forward.length) {
          segmentOf[h] = forward[seg];
        }
      }
    }
    segments.swapOutIfNeeded();
  }

  /** Whether a compressed page's segment is out in a swapfile. */
  boolean swappedOut(int handle) {
    return segmentOf[handle] != NO_SEGMENT && segments.swapped(segmentOf[handle]);
  }

  /** The frames reading back the segment of {@code handle} takes (its live data, compacted). */
  int swapInPages(int handle) {
    return segments.pages(segmentOf[handle]);
  }

  /** Reads the segment of {@code handle} back; {@code p} waits for the disk. */
  void swapIn(Proc p, int handle) {
    segments.swapIn(p, segmentOf[handle]);
  }

  private int compressedBytes(long token) {
    double saved = Tokens.compressibility(token);
    return (int) Math.max(1, Math.ceil(m.pageSize * (1 - saved)));
  }
}
