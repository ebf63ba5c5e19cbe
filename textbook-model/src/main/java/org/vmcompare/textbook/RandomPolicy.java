package org.vmcompare.textbook;

import java.util.SplittableRandom;

/**
 * Evicts a frame chosen uniformly at random (seeded, so a seed gives one exact result). The
 * baseline that shows how much the other policies' bookkeeping buys.
 */
final class RandomPolicy extends SlotPolicy {
  private final SplittableRandom rnd;

  RandomPolicy(int frames, long seed) {
    super(frames);
    this.rnd = new SplittableRandom(seed);
  }

  @Override
  public boolean access(long page) {
    checkPage(page);
    lastVictim = -1;
    if (slotOf.get(page) >= 0) {
      return true;
    }
    int slot = takeFreeSlot();
    if (slot < 0) {
      slot = rnd.nextInt(frames);
      lastVictim = slotPage[slot];
      slotOf.remove(lastVictim);
    }
    slotPage[slot] = page;
    slotOf.put(page, slot);
    return false;
  }

  @Override
  public boolean remove(long page) {
    return releasePage(page) >= 0;
  }

  @Override
  public long accessAll(long[] pages, int from, int to) {
    long hits = 0;
    for (int i = from; i < to; i++) {
      if (access(pages[i])) {
        hits++;
      }
    }
    return hits;
  }

  @Override
  public String name() {
    return "RANDOM";
  }

  @Override
  public long[] residentInOrder() {
    return circularFrom(0);
  }
}
