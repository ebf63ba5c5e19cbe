package org.vmcompare.textbook;

import org.vmcompare.util.LongIntHashMap;

/**
 * What the slot-based policies (CLOCK, RANDOM, OPT) share: frames as slots {@code 0 .. frames-1},
 * the page in each slot ({@code -1} when free), a page-to-slot map and a stack of free slots.
 * Subclasses decide which occupied slot to reuse when none is free.
 */
abstract class SlotPolicy implements ReplacementPolicy {
  static final long EMPTY = -1;

  final int frames;
  final long[] slotPage;
  final LongIntHashMap slotOf;
  private final int[] freeSlots;
  int freeCount;
  long lastVictim = -1;

  SlotPolicy(int frames) {
    this.frames = Policies.checkFrames(frames);
    this.slotPage = new long[frames];
    this.slotOf = new LongIntHashMap(frames);
    this.freeSlots = new int[frames];
    for (int i = 0; i < frames; i++) {
      slotPage[i] = EMPTY;
      freeSlots[i] = frames - 1 - i; // slot 0 is handed out first
    }
    this.freeCount = frames;
  }

  static void checkPage(long page) {
    if (page < 0) {
      throw new IllegalArgumentException("page must be >= 0, got " + page);
    }
  }

  /** A free slot, or -1 when every frame is in use. */
  final int takeFreeSlot() {
    return freeCount > 0 ? freeSlots[--freeCount] : -1;
  }

  /** Unmaps {@code page}'s slot and returns it to the free stack; the slot, or -1. */
  final int releasePage(long page) {
    int slot = slotOf.remove(page);
    if (slot >= 0) {
      slotPage[slot] = EMPTY;
      freeSlots[freeCount++] = slot;
    }
    return slot;
  }

  @Override
  public final long lastVictim() {
    return lastVictim;
  }

  @Override
  public final int resident() {
    return frames - freeCount;
  }

  @Override
  public final int frames() {
    return frames;
  }

  /** Resident pages in slot order starting at slot {@code first} and wrapping: a clock hand's. */
  final long[] circularFrom(int first) {
    long[] out = new long[resident()];
    int n = 0;
    for (int i = 0; i < frames; i++) {
      long page = slotPage[(first + i) % frames];
      if (page != EMPTY) {
        out[n++] = page;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return name() + "(" + frames + " frames)";
  }
}
