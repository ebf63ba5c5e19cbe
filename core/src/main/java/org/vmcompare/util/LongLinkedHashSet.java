package org.vmcompare.util;

import java.util.NoSuchElementException;

/**
 * A set of non-negative {@code long}s kept in a doubly linked order (oldest first), with O(1)
 * lookup, append, move-to-end and remove-first: the data structure of exact LRU and of FIFO.
 *
 * <p>It exists because the obvious build (a hash map from key to list node, plus the list in
 * separate arrays) costs about four cache misses per LRU hit. Here the list is threaded through the
 * hash table's own entries (entry i's links sit at {@code links[2i]}, {@code links[2i+1]}), so a
 * hit touches its entry and its two neighbours and nothing else. Measured on the 262,144-frame zipf
 * benchmark this halves the time per reference (see {@code docs/performance.md}).
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

  /** {@code keys[i]} is entry i's key + 1, or 0 when entry i is empty. */
  private long[] keys;

  /** {@code links[2i]} is entry i's previous (older) entry, {@code links[2i+1]} its next. */
  private int[] links;

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
    keys = new long[capacity];
    links = new int[2 * capacity];
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
    final long[] k = keys;
    final int m = mask;
    int i = home(stored);
    while (true) {
      long ki = k[i];
      if (ki == stored) {
        return i;
      }
      if (ki == 0) {
        return NIL;
      }
      i = (i + 1) & m;
    }
  }

  /** Whether {@code key} is in the set. */
  public boolean contains(long key) {
    return indexOf(key) >= 0;
  }

  /** The key at entry {@code index} (from {@link #indexOf}). */
  public long keyAt(int index) {
    long k = keys[index];
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
    final long[] k = keys;
    final int m = mask;
    int i = home(stored);
    while (true) {
      long ki = k[i];
      if (ki == 0) {
        break;
      }
      if (ki == stored) {
        throw new IllegalStateException("key " + key + " is already in the set");
      }
      i = (i + 1) & m;
    }
    k[i] = stored;
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
    long key = keys[e] - 1;
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
    return keys[head] - 1;
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
    return keys[tail] - 1;
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
    for (int e = head; e != NIL; e = links[2 * e + 1]) {
      out[n++] = keys[e] - 1;
    }
    return out;
  }

  private void unlink(int e) {
    final int[] l = links;
    int p = l[2 * e];
    int n = l[2 * e + 1];
    if (p == NIL) {
      head = n;
    } else {
      l[2 * p + 1] = n;
    }
    if (n == NIL) {
      tail = p;
    } else {
      l[2 * n] = p;
    }
  }

  private void linkLast(int e) {
    final int[] l = links;
    int t = tail;
    l[2 * e] = t;
    l[2 * e + 1] = NIL;
    if (t == NIL) {
      head = e;
    } else {
      l[2 * t + 1] = e;
    }
    tail = e;
  }

  /**
   * Empties entry {@code hole} (already unlinked) by backward shifting: later entries of the same
   * probe run move into the hole, and their list neighbours are repointed to their new index.
   */
  private void deleteEntry(int hole) {
    final long[] k = keys;
    final int[] l = links;
    final int m = mask;
    int gap = hole;
    int i = (hole + 1) & m;
    while (true) {
      long ki = k[i];
      if (ki == 0) {
        break;
      }
      if (((i - home(ki)) & m) >= ((i - gap) & m)) {
        int p = l[2 * i];
        int n = l[2 * i + 1];
        k[gap] = ki;
        l[2 * gap] = p;
        l[2 * gap + 1] = n;
        if (p == NIL) {
          head = gap;
        } else {
          l[2 * p + 1] = gap;
        }
        if (n == NIL) {
          tail = gap;
        } else {
          l[2 * n] = gap;
        }
        gap = i;
      }
      i = (i + 1) & m;
    }
    k[gap] = 0;
    size--;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldLinks = links;
    int oldHead = head;
    if (oldKeys.length >= MAX_CAPACITY) {
      throw new IllegalStateException(
          "LongLinkedHashSet cannot grow past " + MAX_CAPACITY + " entries");
    }
    allocate(oldKeys.length * 2);
    head = NIL;
    tail = NIL;
    final long[] k = keys;
    for (int e = oldHead; e != NIL; e = oldLinks[2 * e + 1]) {
      long stored = oldKeys[e];
      int i = home(stored);
      while (k[i] != 0) {
        i = (i + 1) & mask;
      }
      k[i] = stored;
      linkLast(i);
    }
  }
}
