package org.vmcompare.state;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The model state one core object carries: values by {@link StateKey}, any number of models' keys
 * side by side, each value read back as its key's type.
 *
 * <p>It is kept as a flat array of key/value pairs searched by key identity, sized to the keys
 * actually set on this object (one or two in practice). An object no model has touched holds one
 * shared empty array, and a lookup is a short scan with no hashing and no boxing: cheap enough for
 * fault paths, without a map per region or per object.
 *
 * <p>Values are never null: {@link #get} answers null for "not set". Like the objects that carry
 * it, a holder belongs to one run and is not thread-safe.
 */
public final class ModelState {
  private static final Object[] EMPTY = {};

  /** key0, value0, key1, value1, …: keys are distinct {@link StateKey}s, values non-null. */
  private Object[] entries = EMPTY;

  /**
   * The value stored under {@code key}, or null when none is. The cast is unchecked: {@link #put}
   * checked the value against the key's type when it stored it, and a checked cast here would load
   * the value's class from its header on every lookup (a fault path's wait for memory).
   */
  @SuppressWarnings("unchecked")
  public <T> T get(StateKey<T> key) {
    int i = indexOf(key);
    return i < 0 ? null : (T) entries[i + 1];
  }

  /**
   * The value stored under {@code key}, for state a model always sets before it reads it (in {@code
   * processCreated}, or when it creates the region or object).
   *
   * @throws IllegalStateException naming the key when no value is stored
   */
  public <T> T require(StateKey<T> key) {
    T value = get(key);
    if (value == null) {
      throw new IllegalStateException("no model state " + key + " on this object");
    }
    return value;
  }

  /**
   * Stores {@code value} under {@code key}; returns the value it replaces, or null.
   *
   * <p>The value is checked against the key's type here, so that a caller who defeated the generics
   * (a raw {@code StateKey}) fails at the store and never at a later read.
   */
  public <T> T put(StateKey<T> key, T value) {
    Objects.requireNonNull(value, "value is null (use remove)");
    T checked = key.type().cast(value);
    int i = indexOf(key);
    if (i >= 0) {
      T old = key.type().cast(entries[i + 1]);
      entries[i + 1] = checked;
      return old;
    }
    int n = entries.length;
    entries = Arrays.copyOf(entries, n + 2);
    entries[n] = key;
    entries[n + 1] = checked;
    return null;
  }

  /** Removes the value stored under {@code key}; returns it, or null when none was. */
  public <T> T remove(StateKey<T> key) {
    int i = indexOf(key);
    if (i < 0) {
      return null;
    }
    T old = key.type().cast(entries[i + 1]);
    int n = entries.length;
    if (n == 2) {
      entries = EMPTY;
    } else {
      Object[] kept = new Object[n - 2];
      System.arraycopy(entries, 0, kept, 0, i);
      System.arraycopy(entries, i + 2, kept, i, n - i - 2);
      entries = kept;
    }
    return old;
  }

  /**
   * The value stored under {@code key}; when there is none, stores and returns what {@code create}
   * makes (which must not be null).
   */
  public <T> T computeIfAbsent(StateKey<T> key, Supplier<? extends T> create) {
    T value = get(key);
    if (value != null) {
      return value;
    }
    T created = create.get();
    if (created == null) {
      throw new IllegalStateException("the supplier for " + key + " returned null");
    }
    put(key, created);
    return created;
  }

  /** Whether no key has a value. */
  public boolean isEmpty() {
    return entries.length == 0;
  }

  private int indexOf(StateKey<?> key) {
    Objects.requireNonNull(key, "key is null");
    Object[] e = entries;
    for (int i = 0; i < e.length; i += 2) {
      if (e[i] == key) {
        return i;
      }
    }
    return -1;
  }

  /** The keys set, by name, in the order they were first set: {@code [linux.lru, macos.purge]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < entries.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(((StateKey<?>) entries[i]).name());
    }
    return sb.append(']').toString();
  }
}
