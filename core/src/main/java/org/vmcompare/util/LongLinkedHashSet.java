package org.vmcompare.util;

import java.util.NoSuchElementException;

/**
 * A set of non-negative {@code long}s kept in a doubly linked order (oldest first), with O(1)
 * lookup, append, move-to-end and remove-first: the data structure of exact LRU and of FIFO.
 *
 * <p>It exists because the obvious build (a hash map from key to list node, plus the list in
 * separate arrays) costs about four cache misses per LRU hit. Here the list is threaded through the
 * hash table's own entries, and an entry's key and its two links share 16 bytes ({@code table[2i]},
 * {@code table[2i+1]}), so a hit touches one cache line for the entry and one for each neighbour,
 * nothing else. See {@code docs/performance.md} for the figures.
 *
 * <p>Open addressing with linear probing and backward-shift deletion; when deletion moves an entry
 * its neighbours' links are repointed. Entry indexes returned by {@link #indexOf} are therefore
 * valid only until the next {@link #addLast}, {@link #removeFirst} or {@link #remove}. Keys must be
 * {@code >= 0} (page numbers); the table stores {@code key + 1} so that 0 can mean empty. No
 * allocation unless the set grows past the size it was created for. Not thread-safe.
 */
public final class LongLinkedHashSet {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final int MAX_CAPACITY = 1 << 29;
  private static final int NIL = -1;

  /**
   * Entry i lives in {@code table[2i]} (its key + 1, or 0 when empty) and {@code table[2i+1]} (its
   * previous, older entry in the high 32 bits and its next entry in the low 32 bits), so a probe
   * that finds a key has its list links in the same cache line.
   */
  private long[] table;

  private int capacity;

  private int mask;
  private int shift;
  private int size;
  private int growAt;
  private int head = NIL;
  private int tail = NIL;

  /** A set sized so that {@code expectedEntries} keys fit without growing. */
  public LongLinkedHashSet(int expectedEntries) {
    if (expectedEntries < 0) {
      throw new IllegalArgumentException("expectedEntries must be >= 0, got " + expectedEntries);
    }
    long wanted = Math.max(8L, (long) expectedEntries * 2);
    int capacity = (int) Math.min(MAX_CAPACITY, Long.highestOneBit(wanted - 1) << 1);
    allocate(capacity);
  }

  private void allocate(int capacity) {
    this.capacity = capacity;
    table = new long[2 * capacity];
    mask = capacity - 1;
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
    growAt = capacity / 2;
  }

  private int home(long stored) {
    return (int) ((stored * GOLDEN) >>> shift);
  }

  private static long checkKey(long key) {
    if (key < 0) {
      throw new IllegalArgumentException("key must be >= 0, got " + key);
    }
    return key + 1;
  }

  /** The entry index holding {@code key}, or -1. Valid until the next structural change. */
  public int indexOf(long key) {
    final long stored = checkKey(key);
    final long[] t = table;
    final int m = mask;
    int i = home(stored);
    while (true) {
      long ki = t[2 * i];
      if (ki == stored) {
        return i;
      }
      if (ki == 0) {
        return NIL;
      }
      i = (i + 1) & m;
    }
  }

  /**
   * Reads the slot where {@code key} would start its probe and returns it, for the caller to fold
   * into a value it keeps: issued a few references ahead, the load brings that cache line in while
   * the current reference is being processed (Java has no prefetch instruction; a consumed load is
   * the portable equivalent). Has no effect on the set.
   */
  public long touch(long key) {
    return table[2 * home(key + 1)];
  }

  /** Whether {@code key} is in the set. */
  public boolean contains(long key) {
    return indexOf(key) >= 0;
  }

  /** The key at entry {@code index} (from {@link #indexOf}). */
  public long keyAt(int index) {
    long k = table[2 * index];
    if (k == 0) {
      throw new IllegalArgumentException("entry " + index + " is empty");
    }
    return k - 1;
  }

  /**
   * Appends {@code key} at the end (newest position).
   *
   * @throws IllegalStateException if it is already present
   */
  public void addLast(long key) {
    final long stored = checkKey(key);
    final long[] t = table;
    final int m = mask;
    int i = home(stored);
    while (true) {
      long ki = t[2 * i];
      if (ki == 0) {
        break;
      }
      if (ki == stored) {
        throw new IllegalStateException("key " + key + " is already in the set");
      }
      i = (i + 1) & m;
    }
    t[2 * i] = stored;
    linkLast(i);
    if (++size > growAt) {
      grow();
    }
  }

  /** Moves entry {@code index} (from {@link #indexOf}) to the end (newest position). */
  public void moveToLast(int index) {
    if (index != tail) {
      unlink(index);
      linkLast(index);
    }
  }

  /**
   * Removes and returns the first (oldest) key.
   *
   * @throws java.util.NoSuchElementException if the set is empty
   */
  public long removeFirst() {
    int e = head;
    if (e == NIL) {
      throw new NoSuchElementException("the set is empty");
    }
    long key = table[2 * e] - 1;
    unlink(e);
    deleteEntry(e);
    return key;
  }

  /** Removes {@code key}; false if it was absent. */
  public boolean remove(long key) {
    int e = indexOf(key);
    if (e < 0) {
      return false;
    }
    unlink(e);
    deleteEntry(e);
    return true;
  }

  /**
   * The oldest key.
   *
   * @throws java.util.NoSuchElementException if the set is empty
   */
  public long first() {
    if (head == NIL) {
      throw new NoSuchElementException("the set is empty");
    }
    return table[2 * head] - 1;
  }

  /**
   * The newest key.
   *
   * @throws java.util.NoSuchElementException if the set is empty
   */
  public long last() {
    if (tail == NIL) {
      throw new NoSuchElementException("the set is empty");
    }
    return table[2 * tail] - 1;
  }

  /** Number of keys. */
  public int size() {
    return size;
  }

  /** Whether the set is empty. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** The keys oldest first. Allocates. */
  public long[] toArray() {
    long[] out = new long[size];
    int n = 0;
    for (int e = head; e != NIL; e = next(table, e)) {
      out[n++] = table[2 * e] - 1;
    }
    return out;
  }

  private static int prev(long[] t, int e) {
    return (int) (t[2 * e + 1] >> 32);
  }

  private static int next(long[] t, int e) {
    return (int) t[2 * e + 1];
  }

  private static long links(int prev, int next) {
    return ((long) prev << 32) | (next & 0xFFFF_FFFFL);
  }

  private static void setPrev(long[] t, int e, int prev) {
    t[2 * e + 1] = links(prev, next(t, e));
  }

  private static void setNext(long[] t, int e, int next) {
    t[2 * e + 1] = links(prev(t, e), next);
  }

  private void unlink(int e) {
    final long[] t = table;
    int p = prev(t, e);
    int n = next(t, e);
    if (p == NIL) {
      head = n;
    } else {
      setNext(t, p, n);
    }
    if (n == NIL) {
      tail = p;
    } else {
      setPrev(t, n, p);
    }
  }

  private void linkLast(int e) {
    final long[] t = table;
    int last = tail;
    t[2 * e + 1] = links(last, NIL);
    if (last == NIL) {
      head = e;
    } else {
      setNext(t, last, e);
    }
    tail = e;
  }

  /**
   * Empties entry {@code hole} (already unlinked) by backward shifting: later entries of the same
   * probe run move into the hole, and their list neighbours are repointed to their new index.
   */
  private void deleteEntry(int hole) {
    final long[] t = table;
    final int m = mask;
    int gap = hole;
    int i = (hole + 1) & m;
    while (true) {
      long ki = t[2 * i];
      if (ki == 0) {
        break;
      }
      if (((i - home(ki)) & m) >= ((i - gap) & m)) {
        int p = prev(t, i);
        int n = next(t, i);
        t[2 * gap] = ki;
        t[2 * gap + 1] = t[2 * i + 1];
        if (p == NIL) {
          head = gap;
        } else {
          setNext(t, p, gap);
        }
        if (n == NIL) {
          tail = gap;
        } else {
          setPrev(t, n, gap);
        }
        gap = i;
      }
      i = (i + 1) & m;
    }
    t[2 * gap] = 0;
    size--;
  }

  private void grow() {
    long[] old = table;
    int oldHead = head;
    if (capacity >= MAX_CAPACITY) {
      throw new IllegalStateException(
          "LongLinkedHashSet cannot grow past " + MAX_CAPACITY + " entries");
    }
    allocate(capacity * 2);
    head = NIL;
    tail = NIL;
    final long[] t = table;
    for (int e = oldHead; e != NIL; e = next(old, e)) {
      long stored = old[2 * e];
      int i = home(stored);
      while (t[2 * i] != 0) {
        i = (i + 1) & mask;
      }
      t[2 * i] = stored;
      linkLast(i);
    }
  }
}
