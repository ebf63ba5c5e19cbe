package org.vmcompare.baseline;

import java.util.function.LongToIntFunction;
import org.vmcompare.hw.Machine;
import org.vmcompare.textbook.ReplacementPolicy;
import org.vmcompare.util.LongIntHashMap;

/**
 * CLOCK as the hardware lets a kernel run it: the policy never sees hits; on a miss the hand sweeps
 * the frames asking the MMU's accessed bits, through the reverse map ({@link
 * Machine#testAndClearAccessed}), clearing them as it goes. Slot order, free-slot reuse and hand
 * movement are those of the software {@code ClockPolicy}, so on the same references both evict the
 * same pages: a check that the MMU sets and the kernel clears accessed bits as they should.
 */
final class AccessedBitClock implements ReplacementPolicy {
  private static final long EMPTY = -1;

  private final int frames;
  private final Machine machine;
  private final LongToIntFunction frameOf;
  private final long[] slotKey;
  private final LongIntHashMap slotOf;
  private final int[] freeSlots;
  private int freeCount;
  private int hand;
  private long lastVictim = -1;

  AccessedBitClock(int frames, Machine machine, LongToIntFunction frameOf) {
    this.frames = frames;
    this.machine = machine;
    this.frameOf = frameOf;
    this.slotKey = new long[frames];
    this.slotOf = new LongIntHashMap(frames);
    this.freeSlots = new int[frames];
    for (int i = 0; i < frames; i++) {
      slotKey[i] = EMPTY;
      freeSlots[i] = frames - 1 - i;
    }
    this.freeCount = frames;
  }

  /** Called on misses only: finds the page a slot, evicting by second chance when full. */
  @Override
  public boolean access(long key) {
    lastVictim = -1;
    if (slotOf.get(key) >= 0) {
      return true;
    }
    int slot = freeCount > 0 ? freeSlots[--freeCount] : -1;
    if (slot < 0) {
      while (machine.testAndClearAccessed(frameOf.applyAsInt(slotKey[hand]))) {
        hand = hand + 1 == frames ? 0 : hand + 1;
      }
      slot = hand;
      hand = hand + 1 == frames ? 0 : hand + 1;
      lastVictim = slotKey[slot];
      slotOf.remove(lastVictim);
    }
    slotKey[slot] = key;
    slotOf.put(key, slot);
    return false;
  }

  @Override
  public long accessAll(long[] pages, int from, int to) {
    throw new UnsupportedOperationException("the accessed-bit CLOCK sees misses only");
  }

  @Override
  public boolean remove(long key) {
    int slot = slotOf.remove(key);
    if (slot < 0) {
      return false;
    }
    slotKey[slot] = EMPTY;
    freeSlots[freeCount++] = slot;
    return true;
  }

  @Override
  public long lastVictim() {
    return lastVictim;
  }

  @Override
  public int resident() {
    return frames - freeCount;
  }

  @Override
  public int frames() {
    return frames;
  }

  @Override
  public String name() {
    return "CLOCK";
  }

  @Override
  public long[] residentInOrder() {
    long[] out = new long[resident()];
    int n = 0;
    for (int i = 0; i < frames; i++) {
      long k = slotKey[(hand + i) % frames];
      if (k != EMPTY) {
        out[n++] = k;
      }
    }
    return out;
  }
}
