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
  void pastTime_isClampedToNow_neverBackwards() {
    clock.advance(50);
    Event e = events.at(10, 0, "past", () -> {});

    assertThat(e.time()).isEqualTo(50);
  }
}
