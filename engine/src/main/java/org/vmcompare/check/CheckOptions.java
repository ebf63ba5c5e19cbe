package org.vmcompare.check;

import java.util.List;
import java.util.Objects;

/**
 * What {@code vmcompare check} is asked to do.
 *
 * @param systems system names to check; empty for every implemented one
 * @param tries random experiments to generate and check, at most
 * @param seed the seed every try's experiment derives from
 * @param maxMillis wall-clock budget in milliseconds (0: none); the tries stop when it is spent
 * @param faults test-only faults the models plant ({@code FaultInjection})
 */
public record CheckOptions(
    List<String> systems, int tries, long seed, long maxMillis, List<String> faults) {
  public CheckOptions {
    systems = List.copyOf(Objects.requireNonNull(systems, "systems is null"));
    faults = List.copyOf(Objects.requireNonNull(faults, "faults is null"));
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1, got " + tries);
    }
    if (maxMillis < 0) {
      throw new IllegalArgumentException("maxMillis must not be negative, got " + maxMillis);
    }
  }

  /** {@code tries} tries from {@code seed} on every implemented system, without a time limit. */
  public static CheckOptions of(int tries, long seed) {
    return new CheckOptions(List.of(), tries, seed, 0, List.of());
  }

  public CheckOptions withSystems(List<String> names) {
    return new CheckOptions(names, tries, seed, maxMillis, faults);
  }

  public CheckOptions withFaults(List<String> names) {
    return new CheckOptions(systems, tries, seed, maxMillis, names);
  }

  public CheckOptions withMaxMillis(long millis) {
    return new CheckOptions(systems, tries, seed, millis, faults);
  }
}
