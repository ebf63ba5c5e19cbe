package org.vmcompare.check;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunObserver;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.SystemVariant;

/**
 * One system variant of one experiment, checked: a run in checked mode ({@link CheckedObserver}),
 * the after-run audits, the same run again without the observer (determinism, and proof that
 * checked mode changes nothing), and, when the experiment leaves room to spare, the no-pressure
 * agreement.
 */
final class CheckedRun {
  /** A deadline that never comes. */
  static final long NO_DEADLINE = Long.MAX_VALUE;

  /** A cutoff that never comes: the run goes on until it ends. */
  static final BooleanSupplier NEVER = () -> false;

  private CheckedRun() {}

  /**
   * What one checked run found.
   *
   * @param violation the first invariant broken, or null
   * @param checked the invariants this run was able to check
   * @param abandoned the run was stopped at its cutoff and proves nothing
   */
  record Result(Violation violation, Set<Invariant> checked, boolean abandoned) {
    Result {
      checked = Set.copyOf(checked);
    }

    Result(Violation violation, Set<Invariant> checked) {
      this(violation, checked, false);
    }

    boolean ok() {
      return violation == null;
    }
  }

  /** Checks variant {@code variant} of the experiment's single point, with its first seed. */
  static Result check(LoadedExperiment exp, int variant, FaultInjection faults) {
    return check(exp, variant, faults, true);
  }

  /**
   * As {@link #check(LoadedExperiment, int, FaultInjection)}; without {@code twice} the second run
   * (determinism) is left out, which halves the shrinker's work when it hunts another invariant.
   */
  static Result check(LoadedExperiment exp, int variant, FaultInjection faults, boolean twice) {
    return check(exp, variant, faults, twice, NEVER, CheckedObserver.FILE_TIME_LIMIT_NS);
  }

  /**
   * As {@link #check(LoadedExperiment, int, FaultInjection, boolean)}, but the checked run is
   * abandoned at the first scheduling round at which {@code cutoff} says so (a wall-clock deadline
   * passed, or the check no longer needs it): the result then says so and carries no violation. The
   * second run, for determinism, always goes to its end: it compares a run without an observer with
   * the checked one, and it is no longer than the checked one. Past {@code timeLimitNs} of
   * simulated time the run is a livelock ({@link CheckedObserver#GENERATED_TIME_LIMIT_NS} for a
   * generated experiment, {@link CheckedObserver#FILE_TIME_LIMIT_NS} for a file).
   */
  static Result check(
      LoadedExperiment exp,
      int variant,
      FaultInjection faults,
      boolean twice,
      BooleanSupplier cutoff,
      long timeLimitNs) {
    Objects.requireNonNull(faults, "faults is null");
    LoadedExperiment one = exp.withVariants(List.of(variant));
    RunPlan plan = ExperimentRunner.plan(one, List.of(one.experiment().seeds().get(0))).get(0);
    String label = plan.variant().label();
    Set<Invariant> checked =
        EnumSet.of(
            Invariant.CLEAN_RUN,
            Invariant.FRAME_CONSERVATION,
            Invariant.DATA_INTEGRITY,
            Invariant.TLB_COHERENCE,
            Invariant.ACCOUNTING);
    CheckedObserver observer =
        new CheckedObserver(label, strictOvercommit(plan.variant()), cutoff, timeLimitNs);
    RunResult first = ExperimentRunner.runChecked(one, plan, observer, faults);
    if (observer.abandoned() && observer.violation() == null) {
      return new Result(null, Set.of(), true);
    }
    if (observer.violation() != null) {
      return new Result(observer.violation(), checked);
    }
    if (!first.ok()) {
      observer.fail(Invariant.CLEAN_RUN, null, first.status() + ": " + first.error());
      return new Result(observer.violation(), checked);
    }
    observer.finish();
    if (observer.violation() == null && observer.kernel() != null) {
      String problem = Audits.counts(observer.kernel(), first);
      if (problem != null) {
        observer.fail(Invariant.ACCOUNTING, null, problem);
      }
    }
    if (observer.violation() != null) {
      return new Result(observer.violation(), checked);
    }
    if (twice) {
      checked.add(Invariant.DETERMINISM);
      RunResult again = ExperimentRunner.runChecked(one, plan, RunObserver.NONE, faults);
      if (!first.equals(again)) {
        observer.fail(Invariant.DETERMINISM, null, difference(first, again));
        return new Result(observer.violation(), checked);
      }
    }
    long reserve = observer.os() == null ? 0 : observer.os().reclaimsBelowFreePages();
    if (Pressure.roomy(one.points().get(0), plan.variant(), reserve)) {
      checked.add(Invariant.NO_PRESSURE_AGREEMENT);
      String problem = noPressure(first, observer.firstTouches());
      if (problem != null) {
        observer.fail(Invariant.NO_PRESSURE_AGREEMENT, null, problem);
      }
    }
    return new Result(observer.violation(), checked);
  }

  /**
   * Whether the variant enforces Linux's CommitLimit: an {@code overcommitMemory} option set to 2
   * (vm.overcommit_memory "never").
   */
  static boolean strictOvercommit(SystemVariant v) {
    boolean has = v.provider().options().stream().anyMatch(s -> s.key().equals("overcommitMemory"));
    return has && v.options().integer("overcommitMemory") == 2;
  }

  /** With room to spare: nothing evicted, swapped or killed, and one fault a first-touched page. */
  private static String noPressure(RunResult r, long firstTouches) {
    for (String counter : List.of("evictions", "swap.out", "kills")) {
      if (r.counter(counter) != 0) {
        return r.counter(counter) + " " + counter + " with more free RAM than the whole footprint";
      }
    }
    long faults = r.counter("faults.minor") + r.counter("faults.major");
    if (faults != firstTouches) {
      return faults
          + " faults for "
          + firstTouches
          + " first writes to fresh private pages (expected exactly one fault a page)";
    }
    return null;
  }

  /** The first thing that differs between two results of the same run, for the message. */
  static String difference(RunResult a, RunResult b) {
    for (Map.Entry<String, Long> e : a.counters().entrySet()) {
      if (!Objects.equals(e.getValue(), b.counters().get(e.getKey()))) {
        return "counter "
            + e.getKey()
            + " was "
            + e.getValue()
            + " the first time, "
            + b.counters().get(e.getKey())
            + " the second";
      }
    }
    if (a.simulatedNs() != b.simulatedNs()) {
      return "simulated time " + a.simulatedNs() + " ns, then " + b.simulatedNs() + " ns";
    }
    if (!a.processes().equals(b.processes())) {
      return "the processes' summaries differ: " + a.processes() + " vs " + b.processes();
    }
    return "the results differ (views, log or time series)";
  }
}
