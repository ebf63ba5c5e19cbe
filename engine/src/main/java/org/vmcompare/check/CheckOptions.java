package org.vmcompare.check;

import java.util.List;
import java.util.Objects;

/**
 * What {@code vmcompare check} is asked to do.
 *
 * @param systems system names to check; empty for every implemented one
 * @param tries random experiments to generate and check, at most
 * @param seed the seed every try's experiment derives from
 * @param maxMillis wall-clock budget in milliseconds for the tries (0: none); when it is spent the
 *     try under way is abandoned and the tries stop
 * @param shrinkMillis wall-clock budget in milliseconds for shrinking a failure (0: none); when it
 *     is spent the smallest failing experiment found so far is the repro
 * @param faults test-only faults the models plant ({@code FaultInjection})
 * @param threads tries run at once; the report is the same whatever the number
 */
public record CheckOptions(
    List<String> systems,
    int tries,
    long seed,
    long maxMillis,
    long shrinkMillis,
    List<String> faults,
    int threads) {
  /** The shrinking's budget when none is given: five minutes. */
  public static final long DEFAULT_SHRINK_MILLIS = 300_000;

  public CheckOptions {
    systems = List.copyOf(Objects.requireNonNull(systems, "systems is null"));
    faults = List.copyOf(Objects.requireNonNull(faults, "faults is null"));
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1, got " + tries);
    }
    if (maxMillis < 0) {
      throw new IllegalArgumentException("maxMillis must not be negative, got " + maxMillis);
    }
    if (shrinkMillis < 0) {
      throw new IllegalArgumentException("shrinkMillis must not be negative, got " + shrinkMillis);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
  }

  /**
   * {@code tries} tries from {@code seed} on every implemented system, without a time limit for the
   * tries, with the default one for shrinking, on one thread.
   */
  public static CheckOptions of(int tries, long seed) {
    return new CheckOptions(List.of(), tries, seed, 0, DEFAULT_SHRINK_MILLIS, List.of(), 1);
  }

  public CheckOptions withSystems(List<String> names) {
    return new CheckOptions(names, tries, seed, maxMillis, shrinkMillis, faults, threads);
  }

  public CheckOptions withFaults(List<String> names) {
    return new CheckOptions(systems, tries, seed, maxMillis, shrinkMillis, names, threads);
  }

  public CheckOptions withMaxMillis(long millis) {
    return new CheckOptions(systems, tries, seed, millis, shrinkMillis, faults, threads);
  }

  public CheckOptions withShrinkMillis(long millis) {
    return new CheckOptions(systems, tries, seed, maxMillis, millis, faults, threads);
  }

  public CheckOptions withThreads(int n) {
    return new CheckOptions(systems, tries, seed, maxMillis, shrinkMillis, faults, n);
  }
}
