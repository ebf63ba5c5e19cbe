package org.vmcompare.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vmcompare.hw.Clock;

/**
 * The run's pending events, and its idle-priority work. Scheduling is deterministic: same schedule
 * calls in the same order give the same firing order, whatever the host.
 *
 * <p>{@link #nextTime()} is a field read, so the engine can compare the clock against it after
 * every memory reference and run an event when it falls due, inside a process's quantum, at no real
 * cost on the hot path.
 */
public final class EventQueue {
  /** Priorities used by core; models pick values in between. */
  public static final int PRIORITY_HARDWARE = 0;

  /** Disk completions (interrupts): before daemons due at the same time, so they see the I/O. */
  public static final int PRIORITY_DISK = 5;

  public static final int PRIORITY_DAEMON = 10;
  public static final int PRIORITY_PROCESS = 20;
  public static final int PRIORITY_SAMPLE = 30;

  /**
   * A binary heap in (time, priority, serial) order, written out rather than a {@code
   * PriorityQueue} with {@link Event#ORDER}: every disk completion passes through it, and the
   * comparator's calls were a few per cent of a paging run. The order is total (serials are
   * unique), so which heap holds the events does not change the order they run in.
   */
  private Event[] heap = new Event[16];

  private int size;
  private final Clock clock;
  private final List<String> idleNames = new ArrayList<>();
  private final List<IdleWork> idleWork = new ArrayList<>();
  private long serial;
  private long next = Long.MAX_VALUE;

  public EventQueue(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock is null");
  }

  /** Schedules an action at an absolute simulated time (not before now). */
  public Event at(long time, int priority, String name, Runnable action) {
    Event e = new Event(Math.max(time, clock.now()), priority, serial++, name, action);
    push(e);
    if (e.time() < next) {
      next = e.time();
    }
    return e;
  }

  /**
   * Schedules an action at {@code time} even when the clock has passed it: it then runs at the next
   * {@link #runDue}, in its place in (time, priority, serial) order. For a device that keeps its
   * own queue of completions and hands them over one at a time: a completion that fell due while
   * the clock ran past it keeps the time it had, so it still runs before events due after it.
   */
  public Event atExactly(long time, int priority, String name, Runnable action) {
    Event e = new Event(time, priority, serial++, name, action);
    push(e);
    if (e.time() < next) {
      next = e.time();
    }
    return e;
  }

  /** Schedules an action {@code delay} nanoseconds from now. */
  public Event after(long delay, int priority, String name, Runnable action) {
    return at(clock.now() + delay, priority, name, action);
  }

  public boolean cancel(Event e) {
    boolean removed = false;
    for (int i = 0; i < size; i++) {
      if (heap[i] == e) {
        removeAt(i);
        removed = true;
        break;
      }
    }
    next = peekTime();
    return removed;
  }

  /** Time of the next event, or Long.MAX_VALUE if none; a field read. */
  public long nextTime() {
    return next;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int size() {
    return size;
  }

  /** Runs every event due at or before now, advancing nothing. Returns how many ran. */
  public int runDue() {
    int n = 0;
    while (next <= clock.now()) {
      Event e = heap[0];
      removeAt(0);
      next = peekTime();
      e.action().run();
      n++;
    }
    return n;
  }

  /** Advances the clock to the next event and runs everything due then; false if none. */
  public boolean runNext() {
    if (size == 0) {
      return false;
    }
    Event e = heap[0];
    clock.advanceTo(e.time());
    runDue();
    return true;
  }

  /**
   * Registers idle-priority work (a zero page thread): run only when no process is runnable, before
   * the clock jumps ahead. Several are asked in registration order, one slice at a time.
   */
  public void idle(String name, IdleWork work) {
    idleNames.add(Objects.requireNonNull(name, "name is null"));
    idleWork.add(Objects.requireNonNull(work, "work is null"));
  }

  /**
   * Runs one slice of the first registered idle work that has something to do; false when none had
   * (the clock may then jump).
   */
  public boolean runIdle() {
    for (int i = 0; i < idleWork.size(); i++) {
      if (idleWork.get(i).runSlice()) {
        return true;
      }
    }
    return false;
  }

  /** The names of the registered idle work, in the order it is asked. */
  public List<String> idleNames() {
    return List.copyOf(idleNames);
  }

  private long peekTime() {
    return size == 0 ? Long.MAX_VALUE : heap[0].time();
  }

  /** Whether {@code a} runs before {@code b}: by time, then priority, then serial. */
  private static boolean before(Event a, Event b) {
    if (a.time() != b.time()) {
      return a.time() < b.time();
    }
    if (a.priority() != b.priority()) {
      return a.priority() < b.priority();
    }
    return a.serial() < b.serial();
  }

  private void push(Event e) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    siftUp(size++, e);
  }

  /** Puts {@code e} at heap index {@code k} or above, moving the events it runs before down. */
  private void siftUp(int k, Event e) {
    while (k > 0) {
      int parent = (k - 1) >>> 1;
      Event p = heap[parent];
      if (!before(e, p)) {
        break;
      }
      heap[k] = p;
      k = parent;
    }
    heap[k] = e;
  }

  /** Removes the event at heap index {@code i}, the last one taking its place. */
  private void removeAt(int i) {
    Event last = heap[--size];
    heap[size] = null;
    if (i == size) {
      return;
    }
    // sift the last event down from i, or up when it runs before i's parent
    int half = size >>> 1;
    int k = i;
    while (k < half) {
      int child = 2 * k + 1;
      Event c = heap[child];
      int right = child + 1;
      if (right < size && before(heap[right], c)) {
        child = right;
        c = heap[child];
      }
      if (!before(c, last)) {
        break;
      }
      heap[k] = c;
      k = child;
    }
    if (k == i) {
      siftUp(k, last); // it did not go down: it may have to go up
    } else {
      heap[k] = last;
    }
  }
}
