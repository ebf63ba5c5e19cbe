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
  /** Slots per storage chunk: arrays are allocated a chunk at a time, as slots are first used. */
  private static final int CHUNK_SHIFT = 12;

  private static final int CHUNK = 1 << CHUNK_SHIFT;

  private final String name;
  private long[][] tokens = new long[0][];
  private int[][] refs = new int[0][];
  private int capacity;
  private final int maxCapacity;

  /** Slots [0, fresh) have been handed out at least once; the ones above never were. */
  private int fresh;

  /** Released slots, handed out again last-released first, before any fresh one. */
  private int[] freeStack = new int[0];

  private int freeTop;
  private int usedCount;
  private long writes;
  private long reads;

  /**
   * A store of {@code initialSlots} that may grow to {@code maxSlots}. Its memory grows with the
   * slots in use, a chunk of {@value #CHUNK} slots at a time (12 bytes a slot, and 4 for each slot
   * released and not yet reused), not with its capacity: a large swap device costs nothing until
   * pages go to it.
   */
  public BackingStore(String name, int initialSlots, int maxSlots) {
    if (initialSlots < 0 || maxSlots < initialSlots) {
      throw new IllegalArgumentException(
          name + ": need 0 <= initial <= max slots, got " + initialSlots + ", " + maxSlots);
    }
    this.name = name;
    this.maxCapacity = maxSlots;
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
    capacity = Math.max(capacity, Math.min(slots, maxCapacity));
    return capacity;
  }

  /**
   * Takes a free slot, or returns -1 when full (the caller may {@link #grow} and retry): the slot
   * released last, else the lowest-numbered slot never used (a deterministic layout).
   */
  public int allocate() {
    int slot;
    if (freeTop > 0) {
      slot = freeStack[--freeTop];
    } else if (fresh < capacity) {
      slot = fresh++;
      int c = slot >>> CHUNK_SHIFT;
      if (c >= tokens.length) {
        tokens = Arrays.copyOf(tokens, Math.max(c + 1, tokens.length * 2));
        refs = Arrays.copyOf(refs, tokens.length);
      }
      if (tokens[c] == null) {
        tokens[c] = new long[CHUNK];
        refs[c] = new int[CHUNK];
      }
    } else {
      return -1;
    }
    refs[slot >>> CHUNK_SHIFT][slot & (CHUNK - 1)] = 1;
    usedCount++;
    return slot;
  }

  /**
   * Adds a reference to a slot: after fork, the parent's and the child's PTEs can hold the same
   * swap entry (Linux's swap_map count). The slot is freed when the last reference is released.
   */
  public void retain(int slot) {
    requireUsed(slot);
    refs[slot >>> CHUNK_SHIFT][slot & (CHUNK - 1)]++;
  }

  /** References held on a slot (0 when free). */
  public int refs(int slot) {
    return slot >= 0 && slot < fresh ? refs[slot >>> CHUNK_SHIFT][slot & (CHUNK - 1)] : 0;
  }

  /**
   * A hint with no effect: loads a slot's token and reference count into the host's caches (a page
   * about to be read back), returning their sum so the loads stay. Any slot number is accepted.
   */
  public long hint(int slot) {
    if (slot < 0 || slot >= fresh) {
      return 0;
    }
    int c = slot >>> CHUNK_SHIFT;
    int i = slot & (CHUNK - 1);
    return tokens[c][i] + refs[c][i];
  }

  public void write(int slot, long token) {
    requireUsed(slot);
    tokens[slot >>> CHUNK_SHIFT][slot & (CHUNK - 1)] = token;
    writes++;
  }

  public long read(int slot) {
    requireUsed(slot);
    reads++;
    return tokens[slot >>> CHUNK_SHIFT][slot & (CHUNK - 1)];
  }

  /** Drops one reference; the slot becomes free at the last one. Returns true when freed. */
  public boolean release(int slot) {
    requireUsed(slot);
    int[] chunk = refs[slot >>> CHUNK_SHIFT];
    if (--chunk[slot & (CHUNK - 1)] > 0) {
      return false;
    }
    tokens[slot >>> CHUNK_SHIFT][slot & (CHUNK - 1)] = 0;
    usedCount--;
    if (freeTop == freeStack.length) {
      freeStack = Arrays.copyOf(freeStack, Math.max(16, freeStack.length * 2));
    }
    freeStack[freeTop++] = slot;
    return true;
  }

  private void requireUsed(int slot) {
    if (slot < 0 || slot >= fresh || refs[slot >>> CHUNK_SHIFT][slot & (CHUNK - 1)] == 0) {
      throw new IllegalStateException(name + ": slot " + slot + " is not in use");
    }
  }
}
