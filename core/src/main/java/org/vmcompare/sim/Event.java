package org.vmcompare.sim;

import java.util.Comparator;
import java.util.Objects;

/**
 * Something that happens at a simulated time: a daemon waking (kswapd, the balance set manager, the
 * compressor), a sleeping process becoming runnable, a sample being taken.
 *
 * @param time simulated nanoseconds
 * @param priority lower runs first among events at the same time
 * @param serial insertion order; breaks remaining ties so order never depends on hashing
 * @param name for logs and tests
 * @param action what to do
 */
public record Event(long time, int priority, long serial, String name, Runnable action) {
  /**
   * By time, then priority, then serial: ties stable. Written out rather than chained from {@code
   * Comparator.comparingLong(...).thenComparing(...)}, whose nested lambdas the event queue paid
   * for on every sift of every disk completion and daemon wake-up.
   */
  public static final Comparator<Event> ORDER =
      (a, b) -> {
        int c = Long.compare(a.time, b.time);
        if (c != 0) {
          return c;
        }
        c = Integer.compare(a.priority, b.priority);
        return c != 0 ? c : Long.compare(a.serial, b.serial);
      };

  public Event {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(action, "action is null");
  }
}
