package org.vmcompare.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.Clock;

final class EventQueueTest {
  private final Clock clock = new Clock();
  private final EventQueue events = new EventQueue(clock);
  private final List<String> fired = new ArrayList<>();

  @Test
  void events_fireByTimeThenPriorityThenInsertionOrder() {
    events.at(200, EventQueue.PRIORITY_DAEMON, "late", () -> fired.add("late"));
    events.at(100, EventQueue.PRIORITY_SAMPLE, "sample", () -> fired.add("sample"));
    events.at(100, EventQueue.PRIORITY_DAEMON, "kswapd", () -> fired.add("kswapd"));
    events.at(100, EventQueue.PRIORITY_DAEMON, "writer", () -> fired.add("writer"));

    while (events.runNext()) {
      // drain
    }

    assertThat(fired).containsExactly("kswapd", "writer", "sample", "late");
    assertThat(clock.now()).isEqualTo(200);
  }

  @Test
  void runDue_runsOnlyWhatIsDue_andEventsMayScheduleMore() {
    events.after(
        10,
        0,
        "tick",
        () -> {
          fired.add("tick@" + clock.now());
          events.after(10, 0, "tock", () -> fired.add("tock@" + clock.now()));
        });
    clock.advance(5);
    assertThat(events.runDue()).isZero();
    clock.advance(5);
    assertThat(events.runDue()).isEqualTo(1);
    assertThat(events.nextTime()).isEqualTo(20);
    events.runNext();

    assertThat(fired).containsExactly("tick@10", "tock@20");
    assertThat(events.isEmpty()).isTrue();
  }

  @Test
  void nextTime_followsScheduleCancelAndRun() {
    assertThat(events.nextTime()).isEqualTo(Long.MAX_VALUE);
    Event late = events.at(300, 0, "late", () -> fired.add("late"));
    events.at(100, 0, "early", () -> fired.add("early"));
    assertThat(events.nextTime()).isEqualTo(100);

    clock.advanceTo(100);
    events.runDue();
    assertThat(events.nextTime()).isEqualTo(300);

    events.cancel(late);
    assertThat(events.nextTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(fired).containsExactly("early");
  }

  @Test
  void manyEvents_scheduledRunAndCancelledAtRandom_fireInSortedOrder() {
    // the queue's own heap against a sorted set of the same events, over thousands of schedules
    // (many at equal times and priorities), cancels of arbitrary pending events, and runs
    SplittableRandom random = new SplittableRandom(7);
    TreeSet<Event> expected = new TreeSet<>(Event.ORDER);
    List<Event> pending = new ArrayList<>();
    List<Event> ran = new ArrayList<>();
    List<Event> expectedRan = new ArrayList<>();
    for (int step = 0; step < 20_000; step++) {
      int what = random.nextInt(10);
      if (what < 6) {
        long time = clock.now() + random.nextInt(50);
        Event[] self = new Event[1];
        Event e =
            random.nextBoolean()
                ? events.at(time, random.nextInt(3), "e", () -> ran.add(self[0]))
                : events.atExactly(time, random.nextInt(3), "e", () -> ran.add(self[0]));
        self[0] = e;
        expected.add(e);
        pending.add(e);
      } else if (what < 8 && !pending.isEmpty()) {
        Event victim = pending.remove(random.nextInt(pending.size()));
        boolean wasPending = expected.remove(victim);
        assertThat(events.cancel(victim)).isEqualTo(wasPending);
      } else {
        clock.advance(random.nextInt(20));
        while (!expected.isEmpty() && expected.first().time() <= clock.now()) {
          expectedRan.add(expected.pollFirst());
        }
        events.runDue();
        pending.removeAll(ran);
      }
      assertThat(events.size()).isEqualTo(expected.size());
      assertThat(events.nextTime())
          .isEqualTo(expected.isEmpty() ? Long.MAX_VALUE : expected.first().time());
    }
    while (events.runNext()) {
      // drain
    }
    expectedRan.addAll(expected);
    assertThat(ran).containsExactlyElementsOf(expectedRan);
    assertThat(events.cancel(ran.get(0))).isFalse();
  }

  @Test
  void runIdle_asksIdleWorkInRegistrationOrder_oneSliceAtATime() {
    int[] zeroed = {0};
    events.idle(
        "zero-page-thread",
        () -> {
          if (zeroed[0] == 2) {
            return false;
          }
          zeroed[0]++;
          fired.add("zero");
          return true;
        });
    events.idle(
        "compactor",
        () -> {
          fired.add("compact");
          return false;
        });

    assertThat(events.runIdle()).isTrue();
    assertThat(events.runIdle()).isTrue();
    assertThat(events.runIdle()).isFalse();

    assertThat(fired).containsExactly("zero", "zero", "compact");
    assertThat(events.idleNames()).containsExactly("zero-page-thread", "compactor");
  }

  @Test
  void pastTime_isClampedToNow_neverBackwards() {
    clock.advance(50);
    Event e = events.at(10, 0, "past", () -> {});

    assertThat(e.time()).isEqualTo(50);
  }
}
