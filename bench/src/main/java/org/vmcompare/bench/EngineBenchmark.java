package org.vmcompare.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * The whole engine, not a policy alone: a run built through the loader and the per-run injector,
 * with references going through {@code Simulation.reference}, the MMU and the TLB.
 *
 * <p>{@link #clockTlbHits} is the TLB-hit path: textbook CLOCK (which works from the MMU's accessed
 * bits, so its hits never reach the model) over 256 pages that all stay in the TLB, 10,240,000
 * references. {@link #defaultExperiment} runs {@code configs/default.yaml} (its four textbook
 * variants and the Linux model, 1,602,400 references in all); run it from the repository root.
 * Scores are references per second, setup included (the injector and the machine are built in each
 * invocation).
 *
 * <p>It exists to hold the engine's per-reference overhead (event checks, the reference hook) to
 * account; see {@code docs/performance.md}. Not final: JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EngineBenchmark {
  static final int CLOCK_HIT_REFERENCES = 10_240_000;
  static final int DEFAULT_REFERENCES = 1_602_400;

  static final String CLOCK_HITS =
      """
      name: clock-tlb-hits
      machine: {ram: 64MiB}
      systems:
        - {os: textbook, options: {policy: CLOCK}}
      processes:
        - name: p
          steps:
            - allocate: {name: m, size: 256pages}
            - touch: {region: m, pattern: sequential, passes: 40000, writes: 0.25}
      """;

  private LoadedExperiment clockHits;
  private LoadedExperiment defaults;

  @Setup(Level.Trial)
  public void load() {
    ExperimentLoader loader = new ExperimentLoader(OsRegistry.load());
    clockHits = loader.load("clock-tlb-hits.yaml", null, CLOCK_HITS);
    defaults = loader.load(Path.of("configs/default.yaml"));
    check(clockHits, CLOCK_HIT_REFERENCES);
    check(defaults, DEFAULT_REFERENCES);
  }

  private static long runAll(LoadedExperiment exp) {
    long references = 0;
    for (RunPlan plan : ExperimentRunner.plan(exp, List.of(42L))) {
      RunResult r = ExperimentRunner.runOne(exp, plan);
      references += r.counter("references");
    }
    return references;
  }

  private static void check(LoadedExperiment exp, long expected) {
    long got = runAll(exp);
    if (got != expected) {
      throw new IllegalStateException(
          exp.file() + ": " + got + " references, the benchmark declares " + expected);
    }
  }

  /** Textbook CLOCK, every reference after the first 256 a TLB hit. */
  @Benchmark
  @OperationsPerInvocation(CLOCK_HIT_REFERENCES)
  public long clockTlbHits() {
    return runAll(clockHits);
  }

  /** The bundled default experiment, its five variants one after the other. */
  @Benchmark
  @OperationsPerInvocation(DEFAULT_REFERENCES)
  public long defaultExperiment() {
    return runAll(defaults);
  }
}
