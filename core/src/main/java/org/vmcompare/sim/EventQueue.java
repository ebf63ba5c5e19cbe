package org.vmcompare.sim;

import java.util.PriorityQueue;
import org.vmcompare.hw.Clock;

/**
 * The run's pending events. Scheduling is deterministic: same schedule calls in the same order give
 * the same firing order, whatever the host.
 */
public final class EventQueue {
  /** Priorities used by core; models pick values in between. */
  public static final int PRIORITY_HARDWARE = 0;

  public static final int PRIORITY_DAEMON = 10;
  public static final int PRIORITY_PROCESS = 20;
  public static final int PRIORITY_SAMPLE = 30;

  private final PriorityQueue<Event> queue = new PriorityQueue<>(Event.ORDER);
  private final Clock clock;
  private long serial;

  public EventQueue(Clock clock) {
    this.clock = clock;
  }

  /** Schedules an action at an absolute simulated time (not before now). */
  public Event at(long time, int priority, String name, Runnable action) {
    Event e = new Event(Math.max(time, clock.now()), priority, serial++, name, action);
    queue.add(e);
    return e;
  }

  /** Schedules an action {@code delay} nanoseconds from now. */
  public Event after(long delay, int priority, String name, Runnable action) {
    return at(clock.now() + delay, priority, name, action);
  }

  public boolean cancel(Event e) {
    return queue.remove(e);
  }

  /** Time of the next event, or Long.MAX_VALUE if none. */
  public long nextTime() {
    Event e = queue.peek();
    return e == null ? Long.MAX_VALUE : e.time();
  }

  public boolean isEmpty() {
    return queue.isEmpty();
  }

  public int size() {
    return queue.size();
  }

  /** Runs every event due at or before now, advancing nothing. Returns how many ran. */
  public int runDue() {
    int n = 0;
    while (!queue.isEmpty() && queue.peek().time() <= clock.now()) {
      queue.poll().action().run();
      n++;
    }
    return n;
  }

  /** Advances the clock to the next event and runs everything due then; false if none. */
  public boolean runNext() {
    Event e = queue.peek();
    if (e == null) {
      return false;
    }
    clock.advanceTo(e.time());
    runDue();
    return true;
  }
}
