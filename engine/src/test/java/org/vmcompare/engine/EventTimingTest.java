package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.Op;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.Outcome;
import org.vmcompare.os.Proc;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.vm.Region;

/**
 * When events and idle work run relative to the processes: an event that falls due inside a quantum
 * runs at its time, a daemon a fault wakes runs right after that reference, a yield lets a woken
 * daemon run before the reference is re-issued, and idle work runs only when nothing is runnable,
 * before the clock jumps.
 */
final class EventTimingTest {
  /** One process, one quantum for everything: 16 pages, then about 160k TLB hits (~1 ns each). */
  static final String ONE_LONG_QUANTUM =
      """
      name: timing
      machine: {ram: 8MiB}
      systems: [toy]
      scheduler: {quantum: 1M}
      processes:
        - name: p
          steps:
            - allocate: {name: m, size: 16pages}
            - touch: {region: m, pattern: sequential, passes: 10000}
      """;

  /** An event set at boot for 10 µs records when it ran ("test.ran.at"). */
  static final class Timer implements OsPersonality {
    private DemandPaging paging;

    @Inject
    Timer() {}

    @Override
    public String name() {
      return "timer";
    }

    @Override
    public void boot(Kernel k) {
      paging = new DemandPaging(k);
      int ranAt = k.metrics().register("test.ran.at", "when the 10 us event ran");
      k.events()
          .at(10_000, EventQueue.PRIORITY_DAEMON, "tick", () -> k.metrics().set(ranAt, k.now()));
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      return paging.allocate(p, op);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      paging.mapNew(p, r, vaddr);
      return FaultResult.RESOLVED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      return paging.exit(p);
    }
  }

  @Test
  void eventDueMidQuantum_runsAtItsTime_notAtTheQuantumsEnd() {
    RunResult r = TestRuns.run(Timer.class, ONE_LONG_QUANTUM);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.simulatedNs()).isGreaterThan(100_000);
    // The first reference boundary at or after 10 us: a TLB hit costs 1 ns, a walk 40 ns.
    assertThat(r.counter("test.ran.at")).isBetween(10_000L, 10_040L);
  }

  /**
   * A fault on page 8 wakes "kswapd" for now, as a Linux allocator below the low watermark does;
   * kswapd records its delay after the fault ("test.kswapd.delay").
   */
  static final class WakesKswapd implements OsPersonality {
    private DemandPaging paging;
    private Kernel kernel;
    private int delay;
    private int runs;

    @Inject
    WakesKswapd() {}

    @Override
    public String name() {
      return "wakes-kswapd";
    }

    @Override
    public void boot(Kernel k) {
      kernel = k;
      paging = new DemandPaging(k);
      delay = k.metrics().register("test.kswapd.delay", "ns from the waking fault to kswapd");
      runs = k.metrics().register("test.kswapd.runs", "kswapd runs");
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      return paging.allocate(p, op);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      paging.mapNew(p, r, vaddr);
      if (r.objectPage(vaddr >>> 12) == 8) {
        long woken = kernel.now();
        kernel
            .events()
            .at(
                woken,
                EventQueue.PRIORITY_DAEMON,
                "kswapd",
                () -> {
                  kernel.metrics().set(delay, kernel.now() - woken);
                  kernel.metrics().increment(runs);
                });
      }
      return FaultResult.RESOLVED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      return paging.exit(p);
    }
  }

  @Test
  void daemonWokenByAFault_runsRightAfterThatReference_withinTheQuantum() {
    RunResult r = TestRuns.run(WakesKswapd.class, ONE_LONG_QUANTUM);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("test.kswapd.runs")).isEqualTo(1);
    // Only the rest of the faulting reference (its retried walk) lies between: tens of ns.
    assertThat(r.counter("test.kswapd.delay")).isLessThan(100);
  }

  /**
   * A fault does not map the page itself: it wakes a daemon for now and yields, and the daemon maps
   * it. Works only if the daemon runs before the reference is re-issued.
   */
  static final class YieldsToDaemon implements OsPersonality {
    private DemandPaging paging;
    private Kernel kernel;
    private int faults;
    private int daemonRuns;
    private int lateDaemons;

    @Inject
    YieldsToDaemon() {}

    @Override
    public String name() {
      return "yields-to-daemon";
    }

    @Override
    public void boot(Kernel k) {
      kernel = k;
      paging = new DemandPaging(k);
      faults = k.metrics().register("test.faults", "faults handled");
      daemonRuns = k.metrics().register("test.daemon.runs", "daemon runs");
      lateDaemons = k.metrics().register("test.daemon.late", "daemon runs after time passed");
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      return paging.allocate(p, op);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      kernel.metrics().increment(faults);
      long woken = kernel.now();
      kernel
          .events()
          .at(
              woken,
              EventQueue.PRIORITY_DAEMON,
              "mapper",
              () -> {
                kernel.metrics().increment(daemonRuns);
                if (kernel.now() != woken) {
                  kernel.metrics().increment(lateDaemons);
                }
                paging.mapNew(p, r, vaddr);
              });
      kernel.yield(p);
      return FaultResult.BLOCKED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      return paging.exit(p);
    }
  }

  @Test
  void yield_letsTheDaemonItWokeRunFirst_thenTheReferenceIsReissued() {
    RunResult r = TestRuns.run(YieldsToDaemon.class, ONE_LONG_QUANTUM);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("references")).isEqualTo(160_000);
    // One fault a page: the re-issued reference found the daemon's mapping.
    assertThat(r.counter("test.faults")).isEqualTo(16);
    assertThat(r.counter("test.daemon.runs")).isEqualTo(16);
    assertThat(r.counter("test.daemon.late")).isZero();
  }

  /**
   * Fifty slices of idle work, 100 ns each. Records when the first ran ("test.idle.first.at"), how
   * many ran while some process could have ("test.idle.while.runnable"), and when "busy" exited.
   */
  static final class Idler implements OsPersonality {
    private DemandPaging paging;
    private Kernel kernel;
    private Metrics metrics;
    private int slices;
    private int firstAt;
    private int whileRunnable;
    private int busyExitAt;

    @Inject
    Idler() {}

    @Override
    public String name() {
      return "idler";
    }

    @Override
    public void boot(Kernel k) {
      kernel = k;
      metrics = k.metrics();
      paging = new DemandPaging(k);
      slices = metrics.register("test.idle.slices", "idle slices run");
      firstAt = metrics.register("test.idle.first.at", "when the first idle slice ran");
      whileRunnable =
          metrics.register("test.idle.while.runnable", "slices with a runnable process");
      busyExitAt = metrics.register("test.busy.exit.at", "when busy exited");
      k.events().idle("zero-page-thread", this::slice);
    }

    private boolean slice() {
      if (metrics.get(slices) == 50) {
        return false;
      }
      if (metrics.get(slices) == 0) {
        metrics.set(firstAt, kernel.now());
      }
      for (Proc p : kernel.processes()) {
        if (p.alive() && p.wakeAt() <= kernel.now()) {
          metrics.increment(whileRunnable);
        }
      }
      metrics.increment(slices);
      kernel.machine().clock().advance(100);
      return true;
    }

    @Override
    public Outcome allocate(Proc p, Op.Allocate op) {
      return paging.allocate(p, op);
    }

    @Override
    public FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region r) {
      paging.mapNew(p, r, vaddr);
      kernel.machine().clock().advance(1_500);
      return FaultResult.RESOLVED;
    }

    @Override
    public Outcome exit(Proc p, Op.Exit op) {
      if (p.name().equals("busy")) {
        metrics.set(busyExitAt, kernel.now());
      }
      return paging.exit(p);
    }
  }

  @Test
  void idleWork_runsOnlyWhenNothingIsRunnable_beforeTheClockJumps() {
    RunResult r =
        TestRuns.run(
            Idler.class,
            """
            name: idle
            machine: {ram: 8MiB}
            systems: [toy]
            scheduler: {quantum: 100}
            processes:
              - name: sleeper
                steps:
                  - sleep: 1ms
                  - allocate: {name: m, size: 4pages}
                  - touch: {region: m, passes: 1}
              - name: busy
                steps:
                  - allocate: {name: m, size: 64pages}
                  - touch: {region: m, pattern: sequential, passes: 20}
            """);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("test.idle.slices")).isEqualTo(50);
    assertThat(r.counter("test.idle.while.runnable")).isZero();
    // Busy kept the CPU (64 faults of 1.5 us) until it exited; idle work ran at once after,
    // while the sleeper slept, before the clock jumped to its wake-up at 1 ms.
    assertThat(r.counter("test.busy.exit.at")).isGreaterThanOrEqualTo(64 * 1_500L);
    assertThat(r.counter("test.idle.first.at")).isEqualTo(r.counter("test.busy.exit.at"));
    assertThat(r.simulatedNs()).isGreaterThan(1_000_000);
  }
}
