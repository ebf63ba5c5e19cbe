package org.vmcompare.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.MachineConfig;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.Step;
import org.vmcompare.workload.SystemConfig;

/**
 * Delta debugging over an experiment that breaks an invariant: removes processes, then chunks of
 * steps (halves, quarters, … single steps, fork children's too), then makes numbers smaller (sizes,
 * counts, RAM, swap) and patterns plainer, keeping each change only while the experiment still
 * breaks the same invariant on the same system; until nothing more goes, or the budget of
 * candidates or the wall-clock deadline is spent, whichever comes first ({@link #end}). A candidate
 * the loader refuses (a touch whose allocate went) simply does not count.
 */
public final class Shrinker {
  /** Runs a candidate: its violation, or null when it passes or does not load. */
  @FunctionalInterface
  public interface Test {
    Violation run(Experiment candidate);
  }

  /** Hears each candidate run: how many have run, and the steps of the smallest failing one. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (candidates, steps) -> {};

    void candidate(int candidates, int steps);
  }

  /** Why shrinking ended. */
  public enum End {
    /** No candidate of the smallest experiment still fails: it is as small as the passes get. */
    NOTHING_MORE,
    /** The budget of candidates was spent. */
    CANDIDATES,
    /** The wall-clock deadline passed. */
    TIME
  }

  private final Test test;
  private Progress progress = Progress.NONE;
  private LongSupplier clock = System::nanoTime;
  private long deadlineNanos = CheckedRun.NO_DEADLINE;
  private End end = End.NOTHING_MORE;
  private int bestSteps;
  private final Violation target;
  private final int maxTries;
  private int tries;
  private Violation last;

  public Shrinker(Test test, Violation target, int maxTries) {
    this.test = Objects.requireNonNull(test, "test is null");
    this.target = Objects.requireNonNull(target, "target is null");
    this.maxTries = maxTries;
    this.last = target;
  }

  /** Tells {@code progress} about every candidate from now on. */
  public Shrinker onProgress(Progress progress) {
    this.progress = Objects.requireNonNull(progress, "progress is null");
    return this;
  }

  /**
   * Runs no candidate once {@code clock} (nanoseconds, as {@link System#nanoTime}) has passed
   * {@code deadlineNanos}; {@link CheckedRun#NO_DEADLINE} for none.
   */
  public Shrinker until(long deadlineNanos, LongSupplier clock) {
    this.deadlineNanos = deadlineNanos;
    this.clock = Objects.requireNonNull(clock, "clock is null");
    return this;
  }

  /** The smallest experiment found that still fails like {@code target}. */
  public Experiment shrink(Experiment start) {
    Experiment best = start;
    bestSteps = countSteps(start);
    end = End.NOTHING_MORE;
    boolean progress = true;
    while (progress && !spent()) {
      progress = false;
      for (Function<Experiment, List<Experiment>> pass :
          List.<Function<Experiment, List<Experiment>>>of(
              Shrinks::withoutProcesses, Shrinks::withoutSteps, Shrinks::smaller)) {
        for (Experiment candidate : pass.apply(best)) {
          if (spent()) {
            break;
          }
          if (fails(candidate)) {
            best = candidate;
            bestSteps = countSteps(candidate);
            progress = true;
          }
          this.progress.candidate(tries, bestSteps);
          if (progress) {
            break; // recompute candidates from the smaller experiment
          }
        }
        if (progress) {
          break;
        }
      }
    }
    return best;
  }

  /** Whether a budget is spent, noting which in {@link #end}. */
  private boolean spent() {
    if (tries >= maxTries) {
      end = End.CANDIDATES;
    } else if (deadlineNanos != CheckedRun.NO_DEADLINE && clock.getAsLong() - deadlineNanos >= 0) {
      end = End.TIME;
    }
    return end != End.NOTHING_MORE;
  }

  /** Why the last {@link #shrink} ended. */
  public End end() {
    return end;
  }

  /** The violation of the experiment {@link #shrink} returned last. */
  public Violation violation() {
    return last;
  }

  /** Candidates run so far. */
  public int tries() {
    return tries;
  }

  private boolean fails(Experiment candidate) {
    tries++;
    Violation v;
    try {
      v = test.run(candidate);
    } catch (IllegalArgumentException e) {
      return false; // a record the language refuses
    }
    if (target.sameFailure(v)) {
      last = v;
      return true;
    }
    return false;
  }

  /** Steps of an experiment, fork children's included. */
  public static int countSteps(Experiment e) {
    int n = 0;
    for (ProcessConfig p : e.processes()) {
      n += countSteps(p.steps());
    }
    return n;
  }

  static int countSteps(List<Step> steps) {
    int n = 0;
    for (Step s : steps) {
      n++;
      if (s instanceof Step.Fork f) {
        n += countSteps(f.steps());
      } else if (s instanceof Step.Repeat r) {
        n += countSteps(r.steps());
      }
    }
    return n;
  }

  static Experiment with(Experiment e, List<ProcessConfig> processes) {
    return new Experiment(
        e.name(),
        e.description(),
        e.machine(),
        e.systems(),
        e.seeds(),
        e.scheduler(),
        e.sampling(),
        e.files(),
        processes,
        e.sweep());
  }

  static Experiment with(Experiment e, MachineConfig machine) {
    return new Experiment(
        e.name(),
        e.description(),
        machine,
        e.systems(),
        e.seeds(),
        e.scheduler(),
        e.sampling(),
        e.files(),
        e.processes(),
        e.sweep());
  }

  static Experiment with(Experiment e, SystemConfig system) {
    return new Experiment(
        e.name(),
        e.description(),
        e.machine(),
        List.of(system),
        e.seeds(),
        e.scheduler(),
        e.sampling(),
        e.files(),
        e.processes(),
        e.sweep());
  }

  static List<Experiment> valid(List<Supplier<Experiment>> makers) {
    List<Experiment> out = new ArrayList<>();
    for (var m : makers) {
      try {
        out.add(m.get());
      } catch (IllegalArgumentException e) {
        // not a valid experiment (a process starting after one removed): skip it
      }
    }
    return out;
  }
}
