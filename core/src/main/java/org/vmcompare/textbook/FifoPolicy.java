package org.vmcompare.textbook;

import org.vmcompare.util.LongLinkedHashSet;

/**
 * First in, first out: evicts the page loaded longest ago, whatever its use. The policy that shows
 * Belady's anomaly (more frames, more misses).
 *
 * <p>O(1) per reference with no allocation, on a {@link LongLinkedHashSet} in load order: a hit
 * changes nothing, a miss with all frames in use evicts the first entry.
 */
final class FifoPolicy implements ReplacementPolicy {
  private final int frames;
  private final LongLinkedHashSet pages;
  private long lastVictim = -1;

  FifoPolicy(int frames) {
    this.frames = Policies.checkFrames(frames);
    this.pages = new LongLinkedHashSet(frames);
  }

  @Override
  public boolean access(long page) {
    lastVictim = -1;
    LongLinkedHashSet set = pages;
    if (set.contains(page)) {
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
    return "FIFO";
  }

  @Override
  public long[] residentInOrder() {
    return pages.toArray();
  }

  @Override
  public String toString() {
    return "FIFO(" + frames + " frames)";
  }
}
