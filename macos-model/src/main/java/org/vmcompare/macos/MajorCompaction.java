package org.vmcompare.macos;

import java.util.Objects;

/**
 * Major compaction: the loop of vm_compressor_compact_and_swap (osfmk/vm/vm_compressor.c) over the
 * age queue. It runs while compressor_needs_to_swap() holds: uncompressed memory below the swap
 * threshold with swapfiles allowed (COMPRESSOR_NEEDS_TO_SWAP), or the pool fragmented
 * (vm_compressor_needs_to_major_compact: at least an eighth of c_segments_nearing_limit segments in
 * use, and the frames in-memory segments could hold but do not more than an eighth of what they
 * could hold). Each pass takes the oldest segment in memory, packs it (its minor compaction), and
 * appends to it the segments after it in age order (vm_compressor_major_compact_cseg) for as long
 * as c_seg_major_compact_ok allows (not both at least 90% used) and the next one's data fits whole;
 * then the next segment not taken in, and so on. Each segment emptied into another is counted in
 * {@code macos.compactions.major}; its frames are freed.
 */
final class MajorCompaction {
  private final Mach m;
  private final Segments segments;

  /** macos.compactions.major: segments whose data major compaction moved into another. */
  private final int merges;

  MajorCompaction(Mach m, Segments segments) {
    this.m = Objects.requireNonNull(m, "m is null");
    this.segments = Objects.requireNonNull(segments, "segments is null");
    this.merges =
        m.metrics.register(
            "macos.compactions.major",
            "compressor segments emptied into an older one by major compaction");
  }

  /** vm_compressor_needs_to_major_compact. */
  boolean fragmented() {
    long inCore = segments.inCore();
    long segmentPages = segments.limits.segmentPages();
    long occupied = m.queues.size(PageQueues.COMPRESSOR);
    return segments.inUse() >= segments.limits.segmentsNearing() / 8
        && inCore * segmentPages - occupied > (inCore / 8) * segmentPages;
  }

  /** compressor_needs_to_swap, as far as the model has its conditions. */
  boolean needed() {
    return segments.needsToSwap() || fragmented();
  }

  /**
   * One pass, once a segment's worth of compressed bytes has left segments in memory since the last
   * (no merge can empty a segment before): for each segment id, the segment its pages are in now,
   * or null when none moved.
   */
  int[] pass() {
    if (segments.freedSinceCompaction < segments.segmentBytes() || !needed()) {
      return null;
    }
    segments.freedSinceCompaction = 0;
    int[] order = segments.ageOrder();
    long full = segments.segmentBytes() * 9 / 10;
    int[] forward = null;
    int i = 0;
    while (i < order.length && needed()) {
      int dst = order[i++];
      segments.minorCompact(dst);
      while (i < order.length) {
        int src = order[i];
        boolean bothFull = segments.live(src) >= full && segments.live(dst) >= full;
        if (bothFull || segments.filled(dst) + segments.live(src) > segments.segmentBytes()) {
          break;
        }
        segments.merge(dst, src);
        if (forward == null) {
          forward = new int[segments.count()];
          for (int s = 0; s < forward.length; s++) {
            forward[s] = s;
          }
        }
        forward[src] = dst;
        m.metrics.increment(merges);
        i++;
      }
    }
    return forward;
  }
}
