package org.vmcompare.baseline;

import java.util.Objects;
import org.vmcompare.hw.Machine;

/**
 * CLOCK as a kernel runs it: the hand walks the pool's frames themselves and reads each frame's
 * accessed bits through the reverse map ({@link Machine#testAndClearAccessed(int)}), so nothing is
 * looked up by page and nothing happens on a TLB hit.
 *
 * <p>It keeps the software {@code ClockPolicy}'s order exactly, so both evict the same pages on the
 * same references: frame {@code base + i} is slot {@code i}, free slots are handed out lowest first
 * and returned to the top of a stack, the hand sweeps forward past referenced frames (clearing
 * their bits) and stops one past the victim.
 */
final class FrameClock {
  private final Machine machine;
  private final int base;
  private final int frames;
  private final int[] freeSlots;
  private int freeCount;
  private int hand;

  FrameClock(Machine machine, int base, int frames) {
    this.machine = Objects.requireNonNull(machine, "machine is null");
    if (frames < 1) {
      throw new IllegalArgumentException("a clock needs at least one frame, got " + frames);
    }
    this.base = base;
    this.frames = frames;
    this.freeSlots = new int[frames];
    for (int i = 0; i < frames; i++) {
      freeSlots[i] = frames - 1 - i; // slot 0 is handed out first
    }
    this.freeCount = frames;
  }

  /** A free frame, or -1 when every frame of the pool holds a page. */
  int takeFree() {
    return freeCount > 0 ? base + freeSlots[--freeCount] : -1;
  }

  /**
   * The frame whose page goes next: the first one under the hand whose accessed bits are all clear,
   * clearing (and so giving a second chance to) every referenced frame it passes. Its page is still
   * mapped; the caller evicts it and reuses the frame.
   */
  int victim() {
    while (true) {
      if ((hand & (PREFETCH - 1)) == 0) {
        prefetchAhead();
      }
      if (!machine.testAndClearAccessed(base + hand)) {
        break;
      }
      hand = hand + 1 == frames ? 0 : hand + 1;
    }
    int victim = base + hand;
    hand = hand + 1 == frames ? 0 : hand + 1;
    return victim;
  }

  /**
   * Frames the hand reads ahead of itself: each time it enters a block of this many, it has the
   * PTEs of the next block loaded ({@link Machine#prefetchMappings}). A probe's PTE lies anywhere
   * in megabytes of page tables; loaded one by one as the hand gets there, each costs a memory
   * latency, while a block's loads overlap. The order of the probes, and so every result, is
   * unchanged.
   */
  private static final int PREFETCH = 16;

  private void prefetchAhead() {
    int from = (hand + PREFETCH) % frames;
    int n = Math.min(PREFETCH, frames - from);
    machine.prefetchMappings(base + from, n);
    if (n < PREFETCH) {
      machine.prefetchMappings(base, Math.min(PREFETCH - n, frames));
    }
  }

  /** A frame whose page left the pool (released, unmapped, its process exited) is free again. */
  void release(int frame) {
    freeSlots[freeCount++] = frame - base;
  }

  int free() {
    return freeCount;
  }
}
