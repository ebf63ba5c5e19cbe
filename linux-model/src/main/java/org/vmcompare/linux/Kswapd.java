package org.vmcompare.linux;

import java.util.Objects;
import org.vmcompare.sim.EventQueue;

/**
 * kswapd (balance_pgdat): woken when an allocation finds free memory at or below the low watermark,
 * it reclaims until free memory is above the high one, raising its priority (scanning more) while a
 * pass scans less than it hoped or frees nothing, and gives up at priority 0.
 *
 * <p>It runs as a daemon event on a CPU of its own: each pass is charged {@code minorFault} ns per
 * page it scanned as a delay before its next pass, not to the processes' clock, so a process that
 * allocates faster than kswapd reclaims reaches the min watermark and reclaims directly. After
 * {@link #MAX_FAILURES} passes in a row that free nothing it is no longer woken until some reclaim
 * succeeds (kswapd_failures).
 */
final class Kswapd {
  private static final int MAX_FAILURES = 16;

  private final Mm mm;
  private final Lru lru;
  private final Vmscan vmscan;
  private final Watermarks marks;
  private boolean pending;
  private int priority = Vmscan.DEF_PRIORITY;
  private int failures;

  Kswapd(Mm mm, Lru lru, Vmscan vmscan, Watermarks marks) {
    this.mm = Objects.requireNonNull(mm, "mm is null");
    this.lru = Objects.requireNonNull(lru, "lru is null");
    this.vmscan = Objects.requireNonNull(vmscan, "vmscan is null");
    this.marks = Objects.requireNonNull(marks, "marks is null");
  }

  /** wakeup_kswapd: called by an allocation below the low watermark. */
  void wake() {
    if (pending || failures >= MAX_FAILURES) {
      return;
    }
    pending = true;
    mm.metrics.increment(mm.kswapdWakeups);
    schedule(mm.kernel.now());
  }

  /** Reclaim outside kswapd made progress: it may be woken again. */
  void progress() {
    failures = 0;
  }

  private void schedule(long at) {
    mm.kernel.events().at(at, EventQueue.PRIORITY_DAEMON, "kswapd", this::run);
  }

  private boolean balanced() {
    return lru.free() > marks.high();
  }

  /** One pass of balance_pgdat, then sleep when balanced or beaten, else another pass later. */
  private void run() {
    if (balanced()) {
      sleep();
      return;
    }
    long target = Math.max(PageAllocator.SWAP_CLUSTER_MAX, marks.high());
    long before = vmscan.scanned();
    long freed = 0;
    long progress = 0;
    while (progress == 0 && priority >= 1) {
      long scannedBefore = vmscan.scanned();
      long writtenBefore = vmscan.writebacks();
      freed = vmscan.shrinkNode(priority, target, false);
      progress = freed + vmscan.writebacks() - writtenBefore;
      if (progress == 0 || vmscan.scanned() - scannedBefore < target) {
        priority--;
      }
    }
    mm.metrics.add(mm.reclaimKswapd, freed);
    if (freed > 0) {
      failures = 0;
    }
    if (balanced() || priority < 1) {
      if (progress == 0) {
        failures++;
      }
      sleep();
      return;
    }
    schedule(mm.kernel.now() + (vmscan.scanned() - before) * mm.costs.minorFaultNs());
  }

  private void sleep() {
    pending = false;
    priority = Vmscan.DEF_PRIORITY;
  }
}
