package org.vmcompare.hw;

/**
 * Simulated time in nanoseconds. Every cost the machine or an OS model charges advances it; it
 * never reads the wall clock, so results are the same on every host.
 */
public final class Clock {
  private long now;

  public long now() {
    return now;
  }

  public void advance(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("time cannot go backwards: " + nanos);
    }
    now += nanos;
  }

  /** Moves to an absolute time (an event's time); never backwards. */
  public void advanceTo(long time) {
    if (time > now) {
      now = time;
    }
  }
}
