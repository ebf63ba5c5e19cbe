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
  public static final Comparator<Event> ORDER =
      Comparator.comparingLong(Event::time)
          .thenComparingInt(Event::priority)
          .thenComparingLong(Event::serial);

  public Event {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(action, "action is null");
  }
}
