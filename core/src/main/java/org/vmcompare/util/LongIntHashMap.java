package org.vmcompare.util;

import java.util.Arrays;

/**
 * A map from {@code long} keys to {@code int} values for hot loops (page number to frame slot).
 *
 * <p>It exists because {@code HashMap<Long, Integer>} boxes every key and value and chases a
 * pointer per entry; a textbook LRU over a million pages spends most of its time there. This map is
 * open addressing with linear probing over one flat {@code long[]} in which a key and its value sit
 * side by side, so a successful lookup usually touches a single cache line. Deletion uses backward
 * shifting, so there are no tombstones and no periodic rehash.
 *
 * <p>{@link #get}, {@link #put} and {@link #remove} allocate nothing unless the map grows past the
 * size it was created for; it then doubles its table. Not thread-safe.
 */
public final class LongIntHashMap {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final int MAX_CAPACITY = 1 << 29;

  /** Empty slots hold key 0; the real key 0 lives outside the table. */
  private long[] table;

  private int mask;
  private int shift;
  private int size;
  private int growAt;
  private boolean hasZeroKey;
  private int zeroValue;
  private final int missingValue;

  /** A map sized for {@code expectedEntries} with {@code -1} as the missing value. */
  public LongIntHashMap(int expectedEntries) {
    this(expectedEntries, -1);
  }

  /**
   * A map sized so that {@code expectedEntries} entries fit without growing, answering {@code
   * missingValue} for absent keys.
   */
  public LongIntHashMap(int expectedEntries, int missingValue) {
    if (expectedEntries < 0) {
      throw new IllegalArgumentException("expectedEntries must be >= 0, got " + expectedEntries);
    }
    this.missingValue = missingValue;
    // Load factor at most 1/2: short probe sequences matter more than memory here.
    long wanted = Math.max(8L, (long) expectedEntries * 2);
    int capacity = (int) Math.min(MAX_CAPACITY, Long.highestOneBit(wanted - 1) << 1);
    allocate(capacity);
  }

  private void allocate(int capacity) {
    table = new long[capacity * 2];
    mask = capacity - 1;
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
    growAt = capacity / 2;
  }

  private int slotOf(long key) {
    return (int) ((key * GOLDEN) >>> shift);
  }

  /** The value for {@code key}, or the missing value given at construction. */
  public int get(long key) {
    if (key == 0) {
      return hasZeroKey ? zeroValue : missingValue;
    }
    final long[] t = table;
    final int m = mask;
    int i = slotOf(key);
    while (true) {
      long k = t[i << 1];
      if (k == key) {
        return (int) t[(i << 1) + 1];
      }
      if (k == 0) {
        return missingValue;
      }
      i = (i + 1) & m;
    }
  }

  /** Whether {@code key} is present. */
  public boolean containsKey(long key) {
    if (key == 0) {
      return hasZeroKey;
    }
    final long[] t = table;
    int i = slotOf(key);
    while (true) {
      long k = t[i << 1];
      if (k == key) {
        return true;
      }
      if (k == 0) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  /** Associates {@code value} with {@code key}; returns the previous value or the missing value. */
  public int put(long key, int value) {
    if (key == 0) {
      int previous = hasZeroKey ? zeroValue : missingValue;
      if (!hasZeroKey) {
        hasZeroKey = true;
        size++;
      }
      zeroValue = value;
      return previous;
    }
    final long[] t = table;
    int i = slotOf(key);
    while (true) {
      long k = t[i << 1];
      if (k == key) {
        int previous = (int) t[(i << 1) + 1];
        t[(i << 1) + 1] = value;
        return previous;
      }
      if (k == 0) {
        t[i << 1] = key;
        t[(i << 1) + 1] = value;
        if (++size > growAt) {
          grow();
        }
        return missingValue;
      }
      i = (i + 1) & mask;
    }
  }

  /** Removes {@code key}; returns its value, or the missing value if it was absent. */
  public int remove(long key) {
    if (key == 0) {
      if (!hasZeroKey) {
        return missingValue;
      }
      hasZeroKey = false;
      size--;
      return zeroValue;
    }
    final long[] t = table;
    final int m = mask;
    int i = slotOf(key);
    while (true) {
      long k = t[i << 1];
      if (k == 0) {
        return missingValue;
      }
      if (k == key) {
        int previous = (int) t[(i << 1) + 1];
        shiftBack(i);
        size--;
        return previous;
      }
      i = (i + 1) & m;
    }
  }

  /**
   * Backward-shift deletion: closes the hole at {@code hole} by moving later entries of the same
   * probe run into it, so lookups never need tombstones.
   */
  private void shiftBack(int hole) {
    final long[] t = table;
    final int m = mask;
    int gap = hole;
    int i = (hole + 1) & m;
    while (true) {
      long k = t[i << 1];
      if (k == 0) {
        break;
      }
      int home = slotOf(k);
      // Move the entry at i into the gap if its home is not cyclically inside (gap, i].
      if (((i - home) & m) >= ((i - gap) & m)) {
        t[gap << 1] = k;
        t[(gap << 1) + 1] = t[(i << 1) + 1];
        gap = i;
      }
      i = (i + 1) & m;
    }
    t[gap << 1] = 0;
    t[(gap << 1) + 1] = 0;
  }

  private void grow() {
    long[] old = table;
    int oldCapacity = old.length >>> 1;
    if (oldCapacity >= MAX_CAPACITY) {
      throw new IllegalStateException("LongIntHashMap cannot grow past " + MAX_CAPACITY + " slots");
    }
    allocate(oldCapacity * 2);
    final long[] t = table;
    for (int j = 0; j < oldCapacity; j++) {
      long k = old[j << 1];
      if (k != 0) {
        int i = slotOf(k);
        while (t[i << 1] != 0) {
          i = (i + 1) & mask;
        }
        t[i << 1] = k;
        t[(i << 1) + 1] = old[(j << 1) + 1];
      }
    }
  }

  /** Number of entries. */
  public int size() {
    return size;
  }

  /** Whether the map is empty. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** The value {@link #get} answers for absent keys. */
  public int missingValue() {
    return missingValue;
  }

  /** Removes every entry, keeping the table's capacity. */
  public void clear() {
    Arrays.fill(table, 0L);
    hasZeroKey = false;
    size = 0;
  }
}
