package org.vmcompare.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
