package org.vmcompare.vm;

import java.util.Arrays;

/**
 * Slots on disk that keep page contents while they are out of memory: Linux's swap area, Windows'
 * pagefile, macOS's swapfiles (for compressor segments). A slot keeps the content token written to
 * it, so a later read-back can be checked.
 *
 * <p>Capacity may grow up to a maximum (the Windows pagefile growing from its initial to its
 * maximum size); Linux swap is fixed-size (initial == maximum).
 */
public final class BackingStore {
  private final String name;
  private long[] tokens;
  private int[] refs;
  private int capacity;
  private final int maxCapacity;
  private int[] freeStack;
  private int freeTop;
  private int usedCount;
  private long writes;
  private long reads;

  public BackingStore(String name, int initialSlots, int maxSlots) {
    if (initialSlots < 0 || maxSlots < initialSlots) {
      throw new IllegalArgumentException(
          name + ": need 0 <= initial <= max slots, got " + initialSlots + ", " + maxSlots);
    }
    this.name = name;
    this.maxCapacity = maxSlots;
    this.tokens = new long[0];
    this.refs = new int[0];
    this.freeStack = new int[0];
    grow(initialSlots);
  }

  public String name() {
    return name;
  }

  public int capacity() {
    return capacity;
  }

  public int maxCapacity() {
    return maxCapacity;
  }

  public int used() {
    return usedCount;
  }

  public int free() {
    return capacity - usedCount;
  }

  public long writes() {
    return writes;
  }

  public long reads() {
    return reads;
  }

  /** Grows to {@code slots} (bounded by the maximum); returns the new capacity. */
  public int grow(int slots) {
    int target = Math.min(slots, maxCapacity);
    if (target <= capacity) {
      return capacity;
    }
    tokens = Arrays.copyOf(tokens, target);
    refs = Arrays.copyOf(refs, target);
    int[] stack = new int[target];
    System.arraycopy(freeStack, 0, stack, 0, freeTop);
    // Push new slots so the lowest-numbered slot is handed out first (deterministic layout).
    int top = freeTop;
    for (int s = target - 1; s >= capacity; s--) {
      stack[top++] = s;
    }
    freeStack = stack;
    freeTop = top;
    capacity = target;
    return capacity;
  }

  /** Takes a free slot, or returns -1 when full (the caller may {@link #grow} and retry). */
  public int allocate() {
    if (freeTop == 0) {
      return -1;
    }
    int slot = freeStack[--freeTop];
    refs[slot] = 1;
    usedCount++;
    return slot;
  }

  /**
   * Adds a reference to a slot: after fork, the parent's and the child's PTEs can hold the same
   * swap entry (Linux's swap_map count). The slot is freed when the last reference is released.
   */
  public void retain(int slot) {
    requireUsed(slot);
    refs[slot]++;
  }

  /** References held on a slot (0 when free). */
  public int refs(int slot) {
    return slot >= 0 && slot < capacity ? refs[slot] : 0;
  }

  public void write(int slot, long token) {
    requireUsed(slot);
    tokens[slot] = token;
    writes++;
  }

  public long read(int slot) {
    requireUsed(slot);
    reads++;
    return tokens[slot];
  }

  /** Drops one reference; the slot becomes free at the last one. Returns true when freed. */
  public boolean release(int slot) {
    requireUsed(slot);
    if (--refs[slot] > 0) {
      return false;
    }
    tokens[slot] = 0;
    usedCount--;
    freeStack[freeTop++] = slot;
    return true;
  }

  private void requireUsed(int slot) {
    if (slot < 0 || slot >= capacity || refs[slot] == 0) {
      throw new IllegalStateException(name + ": slot " + slot + " is not in use");
    }
  }
}
