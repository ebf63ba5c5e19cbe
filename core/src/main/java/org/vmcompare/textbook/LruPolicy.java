package org.vmcompare.textbook;

import org.vmcompare.util.LongLinkedHashSet;

/**
 * Exact least-recently-used: evicts the page whose last reference is oldest.
 *
 * <p>O(1) per reference with no allocation, on a {@link LongLinkedHashSet} ordered least to most
 * recently used: a hit moves the page's entry to the end, a miss with all frames in use evicts the
 * first entry. The list links live inside the hash entries, which is what makes a 262,144-frame LRU
 * run at tens of millions of references a second (see {@code docs/performance.md}).
 */
final class LruPolicy implements ReplacementPolicy {
  private final int frames;
  private final LongLinkedHashSet pages;
  private long lastVictim = -1;

  LruPolicy(int frames) {
    this.frames = Policies.checkFrames(frames);
    this.pages = new LongLinkedHashSet(frames);
  }

  @Override
  public boolean access(long page) {
    lastVictim = -1;
    LongLinkedHashSet set = pages;
    int e = set.indexOf(page);
    if (e >= 0) {
      set.moveToLast(e);
      return true;
    }
    if (set.size() == frames) {
      lastVictim = set.removeFirst();
    }
    set.addLast(page);
    return false;
  }

  @Override
  public boolean remove(long page) {
    return pages.remove(page);
  }

  @Override
  public long accessAll(long[] refs, int from, int to) {
    long hits = 0;
    for (int i = from; i < to; i++) {
      if (access(refs[i])) {
        hits++;
      }
    }
    return hits;
  }

  @Override
  public long lastVictim() {
    return lastVictim;
  }

  @Override
  public int resident() {
    return pages.size();
  }

  @Override
  public int frames() {
    return frames;
  }

  @Override
  public String name() {
    return "LRU";
  }

  @Override
  public long[] residentInOrder() {
    return pages.toArray();
  }

  @Override
  public String toString() {
    return "LRU(" + frames + " frames)";
  }
}
