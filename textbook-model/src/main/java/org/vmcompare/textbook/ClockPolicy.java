package org.vmcompare.textbook;

/**
 * CLOCK, or second chance: one reference bit per frame, set whenever the page is referenced
 * (loading counts). On a miss with all frames in use the hand sweeps forward, clearing set bits,
 * and evicts the first page whose bit is already clear; the new page takes that frame and the hand
 * moves past it. An approximation of LRU that real kernels can afford.
 *
 * <p>This is the classic one-bit algorithm, not OSTEP's randomised multi-bit variant, so its
 * numbers are not meant to match {@code paging-policy.py -p CLOCK}.
 */
final class ClockPolicy extends SlotPolicy {
  private final boolean[] referenced;
  private int hand;

  ClockPolicy(int frames) {
    super(frames);
    this.referenced = new boolean[frames];
  }

  /** Tests and clears the reference bit of the page in a slot. */
  private boolean testAndClear(int slot) {
    boolean was = referenced[slot];
    referenced[slot] = false;
    return was;
  }

  @Override
  public boolean access(long page) {
    checkPage(page);
    lastVictim = -1;
    int slot = slotOf.get(page);
    if (slot >= 0) {
      referenced[slot] = true;
      return true;
    }
    slot = takeFreeSlot();
    if (slot < 0) {
      while (testAndClear(hand)) {
        hand = hand + 1 == frames ? 0 : hand + 1;
      }
      slot = hand;
      hand = hand + 1 == frames ? 0 : hand + 1;
      lastVictim = slotPage[slot];
      slotOf.remove(lastVictim);
    }
    slotPage[slot] = page;
    referenced[slot] = true;
    slotOf.put(page, slot);
    return false;
  }

  @Override
  public boolean remove(long page) {
    int slot = releasePage(page);
    if (slot < 0) {
      return false;
    }
    referenced[slot] = false;
    return true;
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
    return "CLOCK";
  }

  @Override
  public long[] residentInOrder() {
    return circularFrom(hand);
  }
}
