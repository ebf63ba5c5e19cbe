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
 * fault reads one back. No segment is opened while the pool is at its limits ({@link PoolLimits}):
 * c_seg_allocate returns no segment then, and the page is not compressed. {@link MajorCompaction}
 * merges sparse segments.
 */
final class Segments {
  private final Mach m;
  private final MemoryObject pool;
  private final long segmentBytes;
  final Swapfiles swap;
  final PoolLimits limits;

  /** What {@link #place} answers when the pool is at its limits. */
  static final int FULL = -2;

  private long[] live = new long[0];
  private long[] filled = new long[0];
  private LongArrayList[] frames = new LongArrayList[0];

  /** Per segment: written out to a swapfile, and when it was opened or read back (its age). */
  private boolean[] swapped = new boolean[0];

  private long[] stamp = new long[0];

  /** Per segment: when it was last read back from a swapfile (simulated ns), or MIN_VALUE. */
  private long[] swappedInAt = new long[0];

  /** Per segment: the pid of the task it was last read back for (its fault pending), or 0. */
  private int[] readFor = new int[0];

  /** C_SEGMENT_SWAPPEDIN_AGE_LIMIT: a segment read back waits this long to rejoin the age queue. */
  static final long SWAPPED_IN_AGE_NS = 10_000_000_000L;

  private long clock;
  private int segments;
  private int open = -1;
  private int[] freeSegments = new int[16];
  private int freeSegmentCount;
  private int swappedCount;

  /**
   * Compressed bytes that left segments in memory, or that a segment read back lacks, since the
   * last major compaction pass ({@link MajorCompaction#pass}).
   */
  long freedSinceCompaction;

  Segments(Mach m) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.segmentBytes = bytes(m.options.compressorSegment(), m.pageSize);
    this.pool = m.kernel.newObject(MemoryObject.Kind.SHARED, "compressor pool", 0, null);
    this.swap = new Swapfiles(m);
    this.limits =
        PoolLimits.of(
            (long) m.memory.frames() * m.pageSize,
            segmentBytes,
            m.pageSize,
            m.options.compressionLimit());
  }

  static long bytes(String option, long pageSize) {
    return switch (option) {
      case "64KiB" -> 64 << 10;
      case "256KiB" -> 256 << 10;
      default -> pageSize >= 16 << 10 ? 64 << 10 : 256 << 10;
    };
  }

  /**
   * Room for {@code bytes} in the open segment (a new one when it is full): its id, -1 when a frame
   * is wanted and none is free, or {@link #FULL} when a new segment is wanted and the pool holds
   * {@code stored} pages or its segments, at their limits (vm_compressor_out_of_space).
   */
  int place(int bytes, long stored) {
    if (open < 0 || filled[open] + bytes > segmentBytes) {
      if (stored >= limits.pages() || inUse() >= limits.segments()) {
        return FULL;
      }
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
    if (!swapped[seg]) {
      freedSinceCompaction += bytes;
    }
    long needed = pages(seg);
    if (swapped[seg]) {
      if (live[seg] == 0) {
        swap.release(seg);
        swapped[seg] = false;
        swappedCount--;
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
      swappedCount++;
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
    swappedCount--;
    freedSinceCompaction += segmentBytes - live[seg];
    swappedInAt[seg] = m.kernel.now();
    stamp[seg] = ++clock;
    readFor[seg] = p.pid();
    swap.read(p, seg);
  }

  /** Segment ids handed out so far (in use or free). */
  int count() {
    return segments;
  }

  /** c_segment_count: segments in use, in memory or in a swapfile. */
  int inUse() {
    return segments - freeSegmentCount;
  }

  /** Segments in use and in memory. */
  int inCore() {
    return inUse() - swappedCount;
  }

  /** COMPRESSOR_NEEDS_TO_SWAP with swapfiles allowed: segments must go out. */
  boolean needsToSwap() {
    return swap.enabled() && pressed();
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

  /**
   * The oldest closed segment in memory that is not busy: a segment read back for a fault is busy
   * (C_SEG_BUSY in XNU) until that fault has taken its page, so the scan the fault runs before it
   * decompresses never writes the same segment out again (before this, a fault and its scan could
   * take turns for ever: `vmcompare check` found such a run, kept in MacosCheckReprosTest).
   */
  private int oldestResident() {
    int oldest = -1;
    for (int seg = 0; seg < segments; seg++) {
      if (seg != open
          && !swapped[seg]
          && frames[seg].size() > 0
          && !busy(seg)
          && (oldest < 0 || stamp[seg] < stamp[oldest])) {
        oldest = seg;
      }
    }
    return oldest;
  }

  /** Whether the task that read segment {@code seg} back still waits to take its page. */
  private boolean busy(int seg) {
    int pid = readFor[seg];
    if (pid == 0) {
      return false;
    }
    Proc p = m.kernel.process(pid);
    return p != null && p.alive() && Task.of(p).swapinPending;
  }

  /**
   * The closed segments in memory that hold data, oldest first (XNU's age queue): a segment read
   * back from a swapfile joins it 10 s later (vm_compressor_process_regular_swapped_in_segments).
   */
  int[] ageOrder() {
    long[] keys = new long[segments];
    int n = 0;
    long now = m.kernel.now();
    for (int seg = 0; seg < segments; seg++) {
      if (seg != open
          && !swapped[seg]
          && live[seg] > 0
          && frames[seg].size() > 0
          && (swappedInAt[seg] == Long.MIN_VALUE || now - swappedInAt[seg] >= SWAPPED_IN_AGE_NS)) {
        keys[n++] = (stamp[seg] << 22) | seg; // stamps are unique; ids stay below 2^22
      }
    }
    Arrays.sort(keys, 0, n);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) (keys[i] & ((1 << 22) - 1));
    }
    return order;
  }

  long live(int seg) {
    return live[seg];
  }

  long filled(int seg) {
    return filled[seg];
  }

  long segmentBytes() {
    return segmentBytes;
  }

  /** c_seg_minor_compaction_and_unlock on {@code seg}: its live data packed, spare frames freed. */
  void minorCompact(int seg) {
    int needed = pages(seg);
    if (needed > 0 && needed < frames[seg].size()) {
      compact(seg, needed);
    } else {
      filled[seg] = live[seg];
    }
  }

  /**
   * c_seg_major_compact: every live byte of {@code src} appended to {@code dst} (the caller made
   * sure they fit), charged copyPageNs for each page of data moved; {@code src}'s frames are freed
   * first, so the frames {@code dst} needs more are there, and {@code src} goes back to the free
   * segments. Its pages' handles must be moved to {@code dst} before another segment is opened.
   */
  void merge(int dst, int src) {
    long moved = live[src];
    releaseFrames(src);
    long needed = (filled[dst] + moved + m.pageSize - 1) / m.pageSize;
    while (frames[dst].size() < needed) {
      int frame = m.queues.takeFree();
      m.memory.claim(frame, pool.id(), dst);
      m.queues.compressor(frame);
      frames[dst].add(frame);
    }
    filled[dst] += moved;
    live[dst] += moved;
    live[src] = 0;
    filled[src] = 0;
    recycle(src);
    m.charge(m.costs.copyPageNs() * ((moved + m.pageSize - 1) / m.pageSize));
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
    frames[seg] = new LongArrayList(0); // a segment out in a swapfile keeps no room for frames
  }

  private void recycle(int seg) {
    swappedInAt[seg] = Long.MIN_VALUE;
    readFor[seg] = 0;
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
      swappedInAt = Arrays.copyOf(swappedInAt, n);
      readFor = Arrays.copyOf(readFor, n);
      Arrays.fill(swappedInAt, segments, n, Long.MIN_VALUE);
    }
    frames[segments] = new LongArrayList();
    stamp[segments] = ++clock;
    return segments++;
  }
}
