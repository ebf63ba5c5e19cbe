package org.vmcompare.os;

import java.util.Locale;

/**
 * The portable operations by kind, without their arguments: what a provider says it supports before
 * anything runs, so an experiment fails at the step's line instead of halfway through a run. Each
 * {@link Op} record has exactly one kind; the workload language maps each step to at most one.
 */
public enum OpKind {
  ALLOCATE,
  COMMIT,
  SHARE,
  MAP_FILE,
  READ_FILE,
  WRITE_FILE,
  RELEASE,
  OFFER,
  RECLAIM,
  FORK,
  EXIT,
  DROP_CACHES,
  PROTECT,
  UNMAP,
  /** An OS-specific call; which calls a system accepts is asked separately, by call name. */
  NATIVE;

  /** The name the workload language writes: {@code map-file}, {@code drop-caches}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return yamlName();
  }
}
