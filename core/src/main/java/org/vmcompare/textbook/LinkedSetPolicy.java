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

  @Override
  public final long accessAll(long[] refs, int from, int to) {
    long hits = 0;
    for (int i = from; i < to; i++) {
      if (access(refs[i])) {
        hits++;
      }
    }
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
