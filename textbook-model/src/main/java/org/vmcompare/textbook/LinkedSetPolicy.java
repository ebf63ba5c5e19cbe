package org.vmcompare.textbook;

import org.vmcompare.util.LongLinkedHashSet;

/**
 * FIFO and LRU share one structure: the resident pages in a {@link LongLinkedHashSet}, oldest
 * first; a miss with every frame in use evicts the first. They differ only in what a hit does
 * ({@link #onHit}): nothing for FIFO, move to the end for LRU. O(1) per reference, no allocation.
 */
abstract class LinkedSetPolicy implements ReplacementPolicy {
  private final int frames;
  final LongLinkedHashSet pages;
  private long lastVictim = -1;

  LinkedSetPolicy(int frames) {
    this.frames = Policies.checkFrames(frames);
    this.pages = new LongLinkedHashSet(frames);
  }

  /** What a hit on the entry at {@code index} does to the order. */
  abstract void onHit(LongLinkedHashSet set, int index);

  @Override
  public final boolean access(long page) {
    lastVictim = -1;
    LongLinkedHashSet set = pages;
    int e = set.indexOf(page);
    if (e >= 0) {
      onHit(set, e);
      return true;
    }
    if (set.size() == frames) {
      lastVictim = set.removeFirst();
    }
    set.addLast(page);
    return false;
  }

  @Override
  public final boolean remove(long page) {
    return pages.remove(page);
  }

  /** How many references ahead {@link #accessAll} starts loading a page's hash slot. */
  private static final int LOOKAHEAD = 16;

  /** Keeps the look-ahead loads alive (a value nobody reads could be optimised away). */
  @SuppressWarnings("unused")
  private long lookaheadSink;

  @Override
  public final long accessAll(long[] refs, int from, int to) {
    long hits = 0;
    long sink = 0;
    LongLinkedHashSet set = pages;
    int warm = Math.min(to, from + LOOKAHEAD);
    for (int i = from; i < warm; i++) {
      sink += set.touch(refs[i]);
    }
    for (int i = from; i < to; i++) {
      int ahead = i + LOOKAHEAD;
      if (ahead < to) {
        sink += set.touch(refs[ahead]);
      }
      if (access(refs[i])) {
        hits++;
      }
    }
    lookaheadSink = sink;
    return hits;
  }

  @Override
  public final long lastVictim() {
    return lastVictim;
  }

  @Override
  public final int resident() {
    return pages.size();
  }

  @Override
  public final int frames() {
    return frames;
  }

  @Override
  public final long[] residentInOrder() {
    return pages.toArray();
  }

  @Override
  public String toString() {
    return name() + "(" + frames + " frames)";
  }
}
