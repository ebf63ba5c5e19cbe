package org.vmcompare.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.Clock;
import org.vmcompare.hw.CostModel;
import org.vmcompare.metrics.Counter;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.sim.EventQueue;

final class DiskTest {
  private final Clock clock = new Clock();
  private final EventQueue events = new EventQueue(clock);
  private final Metrics metrics = new Metrics();
  private final Disk disk = new Disk(clock, events, CostModel.DEFAULT, metrics);
  private final List<String> done = new ArrayList<>();

  private void drain() {
    while (events.runNext()) {
      // every completion, in time order
    }
  }

  @Test
  void requests_areServedOneAtATimeInArrivalOrder_completionsAreEvents() {
    long first = disk.read(1, () -> done.add("read@" + clock.now()));
    long second = disk.write(1, () -> done.add("write@" + clock.now()));

    assertThat(first).isEqualTo(80_000);
    assertThat(second).isEqualTo(110_000);
    assertThat(disk.queueDepth()).isEqualTo(2);
    assertThat(clock.now()).isZero();

    drain();

    assertThat(done).containsExactly("read@80000", "write@110000");
    assertThat(disk.queueDepth()).isZero();
    assertThat(metrics.get(Counter.DISK_READS)).isEqualTo(1);
    assertThat(metrics.get(Counter.DISK_WRITES)).isEqualTo(1);
    assertThat(metrics.get(Counter.DISK_QUEUE_MAX)).isEqualTo(2);
    assertThat(metrics.get(Counter.DISK_BUSY_NS)).isEqualTo(110_000);
  }

  @Test
  void queuedCompletions_overtakenByTheClock_stillRunBeforeEventsDueAfterThem() {
    disk.read(1, () -> done.add("read1@" + clock.now())); // due at 80,000
    disk.read(1, () -> done.add("read2@" + clock.now())); // due at 160,000
    events.at(170_000, EventQueue.PRIORITY_HARDWARE, "later", () -> done.add("later"));
    assertThat(events.size()).isEqualTo(2); // the disk hands over one completion at a time

    clock.advanceTo(200_000); // a long quantum ran past both completions
    events.runDue();

    assertThat(done).containsExactly("read1@200000", "read2@200000", "later");
    assertThat(disk.queueDepth()).isZero();
  }

  @Test
  void idleDisk_startsARequestNow_andIdleTimeIsNotBusyTime() {
    disk.read(1, null);
    drain();
    clock.advanceTo(1_000_000);

    long end = disk.read(1, null);
    drain();

    assertThat(end).isEqualTo(1_080_000);
    assertThat(metrics.get(Counter.DISK_BUSY_NS)).isEqualTo(160_000);
    assertThat(metrics.get(Counter.DISK_QUEUE_MAX)).isEqualTo(1);
    assertThat(disk.idleAt()).isEqualTo(clock.now());
  }

  @Test
  void multiPageRequests_readIsMostlyLatency_writeIsPerPage() {
    assertThat(disk.readNs(1)).isEqualTo(80_000);
    assertThat(disk.readNs(4)).isEqualTo(80_000 + 3 * 20_000);
    assertThat(disk.writeNs(16)).isEqualTo(16 * 30_000);
  }

  @Test
  void completionAtTheSameTimeAsADaemon_runsFirst() {
    disk.read(1, () -> done.add("disk"));
    events.at(80_000, EventQueue.PRIORITY_DAEMON, "daemon", () -> done.add("daemon"));

    drain();

    assertThat(done).containsExactly("disk", "daemon");
  }

  @Test
  void requestOfNoPages_isRefused() {
    assertThatThrownBy(() -> disk.write(0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one page");
  }
}
