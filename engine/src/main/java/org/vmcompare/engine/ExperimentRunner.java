package org.vmcompare.engine;

import com.google.inject.Injector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.vmcompare.common.InputError;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.ProcessOptions;
import org.vmcompare.os.RunFailure;
import org.vmcompare.os.RunInfo;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.SweepPoint;
import org.vmcompare.workload.SystemVariant;

/**
 * Runs every (system variant × seed) of an experiment, each with its own injector and machine, in
 * parallel; results come back in plan order whatever order the runs finish in.
 */
public final class ExperimentRunner {
  private final int threads;

  public ExperimentRunner(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.threads = threads;
  }

  /** The runs an experiment asks for, in output order: sweep point, then variant, then seed. */
  public static List<RunPlan> plan(LoadedExperiment exp, List<Long> seeds) {
    List<RunPlan> plans = new ArrayList<>();
    for (int pi = 0; pi < exp.points().size(); pi++) {
      SweepPoint point = exp.points().get(pi);
      for (SystemVariant v : point.variants()) {
        for (long seed : seeds) {
          plans.add(new RunPlan(plans.size(), pi, v, seed, point.values()));
        }
      }
    }
    return plans;
  }

  /** Runs one plan on the calling thread. */
  public static RunResult runOne(LoadedExperiment exp, RunPlan plan) {
    return runOne(exp, plan, RunProgress.NONE);
  }

  /** One run, telling {@code progress} of its references as it goes. */
  public static RunResult runOne(LoadedExperiment exp, RunPlan plan, RunProgress progress) {
    return runOne(exp, plan, progress, RunObserver.NONE, FaultInjection.NONE);
  }

  /**
   * One run in checked mode: {@code observer} watches it from the inside and the personality plants
   * {@code faults} (test-only). The check engine's entry point.
   */
  public static RunResult runChecked(
      LoadedExperiment exp, RunPlan plan, RunObserver observer, FaultInjection faults) {
    return runOne(exp, plan, RunProgress.NONE, observer, faults);
  }

  private static RunResult runOne(
      LoadedExperiment exp,
      RunPlan plan,
      RunProgress progress,
      RunObserver observer,
      FaultInjection faults) {
    SystemVariant v = plan.variant();
    if (v.isSkipped()) {
      return new RunResult(
          v.os(),
          v.label(),
          plan.seed(),
          plan.point(),
          RunStatus.SKIPPED,
          v.skipped(),
          0,
          Map.of(),
          List.of(),
          List.of(),
          Map.of(),
          Map.of(),
          List.of(),
          List.of(),
          List.of());
    }
    SweepPoint point = exp.points().get(plan.pointIndex());
    RunInfo info = new RunInfo(v.os(), v.label(), plan.seed(), plan.point());
    List<ProcessOptions> options = new ArrayList<>();
    for (ProcessConfig pc : point.experiment().processes()) {
      options.add(pc.optionsFor(v.provider(), point.spec().pageSize()));
    }
    Workload workload =
        new Workload(
            point.experiment().processes(),
            options,
            point.experiment().files(),
            point.experiment().scheduler(),
            point.experiment().sampling(),
            exp.baseDir());
    Injector injector =
        Runs.injector(
            new HardwareModule(point.spec()),
            new SimulationModule(info, workload, progress, observer, faults),
            v.provider().module(v.options()));
    try {
      return injector.getInstance(Simulation.class).run();
    } catch (InputError | RunFailure e) {
      throw e;
    } catch (RuntimeException e) {
      // A model or engine bug: report it as this run's error, keep the other runs' results.
      return new RunResult(
          v.os(),
          v.label(),
          plan.seed(),
          plan.point(),
          RunStatus.ERROR,
          "internal error (please report): " + e,
          0,
          Map.of(),
          List.of(),
          List.of(),
          Map.of(),
          Map.of(),
          List.of(),
          List.of(),
          List.of());
    }
  }

  /**
   * The references all these plans make, as estimated from the file (0 where unknown); saturates at
   * {@code Long.MAX_VALUE}.
   */
  public static long estimatedReferences(LoadedExperiment exp, List<RunPlan> plans) {
    long total = 0;
    for (RunPlan plan : plans) {
      total += exp.points().get(plan.pointIndex()).references();
      if (total < 0) {
        return Long.MAX_VALUE;
      }
    }
    return total;
  }

  /**
   * Runs in parallel: the threads asked for, fewer when the heap cannot hold that many machines.
   */
  int parallelism(LoadedExperiment exp, int runs) {
    long need = 0;
    for (SweepPoint p : exp.points()) {
      need = Math.max(need, ExperimentLoader.heapNeeded(p.spec()));
    }
    long fit = Math.max(1, Runtime.getRuntime().maxMemory() / Math.max(1, need));
    return (int) Math.max(1, Math.min(Math.min(threads, runs), fit));
  }

  /**
   * Runs all plans. {@code onDone} is called (from worker threads) with the number finished so far.
   * An {@link InputError} in any run (an unreadable trace) is rethrown.
   */
  public List<RunResult> run(LoadedExperiment exp, List<RunPlan> plans, IntConsumer onDone) {
    return run(exp, plans, onDone, RunProgress.NONE);
  }

  /**
   * Runs all plans, counting their references and finished runs in {@code progress} as they go, for
   * a progress bar that moves during a long run.
   */
  public List<RunResult> run(
      LoadedExperiment exp, List<RunPlan> plans, IntConsumer onDone, RunProgress progress) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, Math.max(1, plans.size())));
    try {
      List<Future<RunResult>> futures = new ArrayList<>();
      AtomicInteger done = new AtomicInteger();
      for (RunPlan plan : plans) {
        futures.add(
            pool.submit(
                () -> {
                  RunResult r = runOne(exp, plan, progress);
                  progress.runDone();
                  onDone.accept(done.incrementAndGet());
                  return r;
                }));
      }
      List<RunResult> results = new ArrayList<>();
      for (Future<RunResult> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof InputError ie) {
            throw ie;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
