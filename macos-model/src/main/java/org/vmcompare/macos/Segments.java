package org.vmcompare.macos;

import java.util.Arrays;
import java.util.Objects;
import org.vmcompare.os.Proc;
import org.vmcompare.util.LongArrayList;
import org.vmcompare.vm.MemoryObject;

/**
 * The compressor's segments (c_segment in osfmk/vm/vm_compressor.c): each has the live bytes of the
 * pages in it, the bytes appended so far, and its real frames, claimed as its bytes pass each page
 * boundary (owned by the compressor pool's object, kept on the {@code compressor} queue). A segment
 * gives its frames back when its last page leaves it, and is compacted (c_seg_minor_compaction: its
 * live data copied together, charged copyPageNs a frame kept) when its live bytes would fit in half
 * its frames. Past the swap threshold the oldest closed segments go whole to {@link Swapfiles}; a
 * fault reads one back.
 */
final class Segments {
  private final Mach m;
  private final MemoryObject pool;
  private final long segmentBytes;
  final Swapfiles swap;

  private long[] live = new long[0];
  private long[] filled = new long[0];
  private LongArrayList[] frames = new LongArrayList[0];

  /** Per segment: written out to a swapfile, and when it was opened or read back (its age). */
  private boolean[] swapped = new boolean[0];

  private long[] stamp = new long[0];
  private long clock;
  private int segments;
  private int open = -1;
  private int[] freeSegments = new int[16];
  private int freeSegmentCount;

  Segments(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.segmentBytes = bytes(m.options.compressorSegment(), m.pageSize);
    this.pool = m.kernel.newObject(MemoryObject.Kind.SHARED, "compressor pool", 0, null);
    this.swap = new Swapfiles(m);
  }

  static long bytes(String option, long pageSize) {
    return switch (option) {
      case "64KiB" -> 64 << 10;
      case "256KiB" -> 256 << 10;
      default -> pageSize >= 16 << 10 ? 64 << 10 : 256 << 10;
    };
  }

  /** Room for {@code bytes} in the open segment (a new one when it is full): its id, or -1. */
  int place(int bytes) {
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
    filled[open] += bytes;
    live[open] += bytes;
    return open;
  }

  /** A page of {@code bytes} left segment {@code seg}. */
  void remove(int seg, int bytes) {
    live[seg] -= bytes;
    long needed = pages(seg);
    if (swapped[seg]) {
      if (live[seg] == 0) {
        swap.release(seg);
        swapped[seg] = false;
        filled[seg] = 0;
        recycle(seg);
      }
    } else if (needed > 0 && needed * 2 <= frames[seg].size()) {
      compact(seg, (int) needed);
    } else if (live[seg] == 0) {
      releaseFrames(seg);
      filled[seg] = 0;
      if (seg != open) { // the open one stays open, empty
        recycle(seg);
      }
    }
  }

  boolean swapped(int seg) {
    return swapped[seg];
  }

  /** The frames segment {@code seg}'s live data needs, compacted. */
  int pages(int seg) {
    return (int) ((live[seg] + m.pageSize - 1) / m.pageSize);
  }

  /**
   * vm_compressor's swap trigger: while uncompressed memory (active + inactive + speculative +
   * free) is below {@code swapThresholdPercent} of available memory (that + the compressor's
   * frames), the oldest closed segment goes to a swapfile and its frames are freed.
   */
  void swapOutIfNeeded() {
    while (swap.enabled() && pressed()) {
      int seg = oldestResident();
      if (seg < 0 || !swap.write(seg, frames[seg].size())) {
        return;
      }
      releaseFrames(seg);
      swapped[seg] = true;
    }
  }

  /**
   * c_seg_swapin: segment {@code seg} comes back into frames claimed now (the caller made sure
   * enough are free), compacted, and {@code p} waits for the read.
   */
  void swapIn(Proc p, int seg) {
    for (int i = pages(seg); i > 0; i--) {
      int frame = m.queues.takeFree();
      m.memory.claim(frame, pool.id(), seg);
      m.queues.compressor(frame);
      frames[seg].add(frame);
    }
    filled[seg] = live[seg];
    swapped[seg] = false;
    stamp[seg] = ++clock;
    swap.read(p, seg);
  }

  private boolean pressed() {
    PageQueues q = m.queues;
    long occupied = q.size(PageQueues.COMPRESSOR);
    long available =
        q.size(PageQueues.FREE)
            + q.size(PageQueues.ACTIVE)
            + q.inactiveCount()
            + q.speculativeCount()
            + occupied;
    return (available - occupied) * 100 < available * m.options.swapThresholdPercent();
  }

  private int oldestResident() {
    int oldest = -1;
    for (int seg = 0; seg < segments; seg++) {
      if (seg != open
          && !swapped[seg]
          && frames[seg].size() > 0
          && (oldest < 0 || stamp[seg] < stamp[oldest])) {
        oldest = seg;
      }
    }
    return oldest;
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

  private void releaseFrames(int seg) {
    for (int i = 0; i < frames[seg].size(); i++) {
      m.release((int) frames[seg].get(i));
    }
    frames[seg].clear();
  }

  private void recycle(int seg) {
    if (freeSegmentCount == freeSegments.length) {
      freeSegments = Arrays.copyOf(freeSegments, freeSegmentCount * 2);
    }
    freeSegments[freeSegmentCount++] = seg;
  }

  private int newSegment() {
    if (freeSegmentCount > 0) {
      int seg = freeSegments[--freeSegmentCount];
      stamp[seg] = ++clock;
      return seg;
    }
    if (segments == live.length) {
      int n = Math.max(16, segments * 2);
      live = Arrays.copyOf(live, n);
      filled = Arrays.copyOf(filled, n);
      frames = Arrays.copyOf(frames, n);
      swapped = Arrays.copyOf(swapped, n);
      stamp = Arrays.copyOf(stamp, n);
    }
    frames[segments] = new LongArrayList();
    stamp[segments] = ++clock;
    return segments++;
  }
}
