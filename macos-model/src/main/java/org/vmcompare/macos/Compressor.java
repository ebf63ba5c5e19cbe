package org.vmcompare.macos;

import java.util.Arrays;
import java.util.Objects;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.BackingStore;
import org.vmcompare.vm.MemoryObject;
import org.vmcompare.vm.Tokens;

/**
 * XNU's compressor (osfmk/vm/vm_compressor.c): a compressed page keeps its content token in a slot
 * of an in-memory {@link BackingStore} (its handle), and takes {@code (1 - compressibility)} of a
 * page in the current segment, the compressibility being the one the workload wrote into the token;
 * a page of zeroes takes nothing (XNU keeps single-value pages without segment space). Segments
 * hold real frames, claimed as their bytes pass each page boundary and kept on the {@code
 * compressor} queue: that queue is vm_stat's "occupied by compressor", the handles in use its
 * "stored in compressor". A segment gives its frames back when its last page leaves it, and is
 * compacted (c_seg_minor_compaction: its live data copied together, charged copyPageNs a frame
 * kept) when its live bytes would fit in half the frames it holds.
 */
final class Compressor {
  private final Mach m;
  private final BackingStore store = new BackingStore("compressor", 0, Integer.MAX_VALUE);
  private final MemoryObject pool;
  private final long segmentBytes;

  /** Per handle: its segment and its compressed bytes. */
  private int[] segmentOf = new int[0];

  private int[] bytesOf = new int[0];

  /** Per segment: live bytes, bytes appended, and its frames. */
  private long[] live = new long[0];

  private long[] filled = new long[0];
  private LongArrayList[] frames = new LongArrayList[0];
  private int segments;
  private int open = -1;
  private int[] freeSegments = new int[16];
  private int freeSegmentCount;

  Compressor(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.segmentBytes = segmentBytes(m.options.compressorSegment(), m.pageSize);
    this.pool = m.kernel.newObject(MemoryObject.Kind.SHARED, "compressor pool", 0, null);
    m.metrics.registerGauge(
        MetricSpec.of("macos.compressor.stored", Unit.PAGES, "pages stored in compressor"),
        this::stored);
    m.metrics.registerGauge(
        MetricSpec.of("macos.compressor.occupied", Unit.PAGES, "pages occupied by compressor"),
        this::occupied);
  }

  static long segmentBytes(String option, long pageSize) {
    return switch (option) {
      case "64KiB" -> 64 << 10;
      case "256KiB" -> 256 << 10;
      default -> pageSize >= 16 << 10 ? 64 << 10 : 256 << 10;
    };
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
    if (open < 0 || filled[open] + bytes > segmentBytes) {
      open = newSegment();
    }
    long pagesNeeded = (filled[open] + bytes + m.pageSize - 1) / m.pageSize;
    while (frames[open].size() < pagesNeeded) {
      int frame = m.queues.takeFree();
      if (frame < 0) {
        return -1;
      }
      m.memory.claim(frame, pool.id(), open);
      m.queues.compressor(frame);
      frames[open].add(frame);
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
    segmentOf[handle] = open;
    bytesOf[handle] = bytes;
    filled[open] += bytes;
    live[open] += bytes;
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
    int seg = segmentOf[handle];
    live[seg] -= bytesOf[handle];
    store.release(handle);
    long needed = (live[seg] + m.pageSize - 1) / m.pageSize;
    if (needed > 0 && needed * 2 <= frames[seg].size()) {
      compact(seg, (int) needed);
    } else if (live[seg] == 0) {
      for (int i = 0; i < frames[seg].size(); i++) {
        m.release((int) frames[seg].get(i));
      }
      frames[seg].clear();
      filled[seg] = 0;
      if (seg != open) { // the open one stays open, empty
        if (freeSegmentCount == freeSegments.length) {
          freeSegments = Arrays.copyOf(freeSegments, freeSegmentCount * 2);
        }
        freeSegments[freeSegmentCount++] = seg;
      }
    }
  }

  /** The segment's live bytes moved together into its first {@code keep} frames; the rest go. */
  private void compact(int seg, int keep) {
    LongArrayList held = frames[seg];
    for (int i = held.size() - 1; i >= keep; i--) {
      m.release((int) held.get(i));
    }
    LongArrayList kept = new LongArrayList(keep);
    for (int i = 0; i < keep; i++) {
      kept.add(held.get(i));
    }
    frames[seg] = kept;
    filled[seg] = live[seg];
    m.charge(m.costs.copyPageNs() * keep);
    m.metrics.increment(m.compactions);
  }

  private int compressedBytes(long token) {
    double saved = Tokens.compressibility(token);
    return (int) Math.max(1, Math.ceil(m.pageSize * (1 - saved)));
  }

  private int newSegment() {
    if (freeSegmentCount > 0) {
      return freeSegments[--freeSegmentCount];
    }
    if (segments == live.length) {
      int n = Math.max(16, segments * 2);
      live = Arrays.copyOf(live, n);
      filled = Arrays.copyOf(filled, n);
      frames = Arrays.copyOf(frames, n);
    }
    frames[segments] = new LongArrayList();
    return segments++;
  }
}
