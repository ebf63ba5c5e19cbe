package org.vmcompare.util;

import java.util.Arrays;

/**
 * A growable list of primitive {@code long}s.
 *
 * <p>It exists to hold a whole trace in memory when a policy needs the future (OPT) without a
 * {@code List<Long>}'s 16+ bytes of boxing per reference.
 */
public final class LongArrayList {
  private long[] data;
  private int size;

  /** An empty list with room for {@code initialCapacity} elements before it grows. */
  public LongArrayList(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity must be >= 0, got " + initialCapacity);
    }
    data = new long[Math.max(initialCapacity, 4)];
  }

  /** An empty list. */
  public LongArrayList() {
    this(16);
  }

  /** Appends {@code value}. */
  public void add(long value) {
    if (size == data.length) {
      grow(size + 1);
    }
    data[size++] = value;
  }

  /** Appends {@code count} values from {@code values} starting at {@code from}. */
  public void addAll(long[] values, int from, int count) {
    if (count < 0 || from < 0 || from + count > values.length) {
      throw new IndexOutOfBoundsException(
          "from=" + from + " count=" + count + " length=" + values.length);
    }
    if (size + count > data.length) {
      grow(size + count);
    }
    System.arraycopy(values, from, data, size, count);
    size += count;
  }

  private void grow(long minCapacity) {
    long wanted = Math.max(minCapacity, (long) data.length * 2);
    if (wanted > Integer.MAX_VALUE - 8) {
      if (minCapacity > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("LongArrayList cannot hold more than 2^31-9 elements");
      }
      wanted = Integer.MAX_VALUE - 8;
    }
    data = Arrays.copyOf(data, (int) wanted);
  }

  /** The element at {@code index}. */
  public long get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " out of [0, " + size + ")");
    }
    return data[index];
  }

  /** Replaces the element at {@code index}. */
  public void set(int index, long value) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " out of [0, " + size + ")");
    }
    data[index] = value;
  }

  /** Number of elements. */
  public int size() {
    return size;
  }

  /** Removes every element, keeping the capacity. */
  public void clear() {
    size = 0;
  }

  /** A copy of the elements, exactly {@link #size()} long. */
  public long[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
