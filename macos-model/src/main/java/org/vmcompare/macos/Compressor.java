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
 */
final class Compressor {
  private final Mach m;
  private final BackingStore store = new BackingStore("compressor", 0, Integer.MAX_VALUE);
  private final Segments segments;
  final Swapfiles swap;

  /** Per handle: its segment and its compressed bytes. */
  private int[] segmentOf = new int[0];

  private int[] bytesOf = new int[0];

  Compressor(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.segments = new Segments(m);
    this.swap = segments.swap;
    m.metrics.registerGauge(
        MetricSpec.of("macos.compressor.stored", Unit.PAGES, "pages stored in compressor"),
        this::stored);
    m.metrics.registerGauge(
        MetricSpec.of("macos.compressor.occupied", Unit.PAGES, "pages occupied by compressor"),
        this::occupied);
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
   * when the segment needs a frame and none is free.
   */
  int put(long token) {
    int bytes = token == Tokens.ZERO ? 0 : compressedBytes(token);
    int seg = segments.place(bytes);
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
    segmentOf[handle] = seg;
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
    segments.remove(segmentOf[handle], bytesOf[handle]);
  }

  /** Segments out to swapfiles while memory is short ({@link Segments#swapOutIfNeeded}). */
  void swapOutIfNeeded() {
    segments.swapOutIfNeeded();
  }

  /** Whether a compressed page's segment is out in a swapfile. */
  boolean swappedOut(int handle) {
    return segments.swapped(segmentOf[handle]);
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
