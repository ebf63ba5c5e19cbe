package org.vmcompare.state;

import java.util.Objects;

/**
 * The typed name of one piece of model state on a core object (a {@code Proc}, a {@code Region}, a
 * {@code MemoryObject}), so that a model reads back the type it stored without writing a cast.
 *
 * <p>A model creates each key once, as a {@code static final} constant next to the state it names:
 *
 * <pre>{@code
 * static final StateKey<WorkingSet> WORKING_SET = StateKey.of("windows.workingSet", WorkingSet.class);
 * }</pre>
 *
 * <p>Keys are compared by identity: two keys with the same name are still two keys, so several
 * models (and the engine) can keep state on one object without seeing each other's. The name is for
 * diagnostics only; by convention it starts with the model's prefix.
 *
 * <p>The type is checked with {@link Class#cast} when a value is stored and when it is read, which
 * is why it must be a class, not a parameterized type: keep a model's own class (a working set, a
 * purgeable state) rather than a bare {@code List<Long>}.
 *
 * @param <T> the type of the value stored under this key
 */
public final class StateKey<T> {
  private final String name;
  private final Class<T> type;

  private StateKey(String name, Class<T> type) {
    this.name = name;
    this.type = type;
  }

  /**
   * A new key, distinct from every other.
   *
   * @throws IllegalArgumentException for a primitive type ({@code int.class} casts nothing; use
   *     {@code Integer.class} or, better, a mutable holder of the model's own)
   */
  public static <T> StateKey<T> of(String name, Class<T> type) {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(type, "type is null");
    if (type.isPrimitive()) {
      throw new IllegalArgumentException(
          "state key " + name + ": a primitive type cannot hold state; use its wrapper class");
    }
    return new StateKey<>(name, type);
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  @Override
  public String toString() {
    return name + " (" + type.getSimpleName() + ")";
  }
}
