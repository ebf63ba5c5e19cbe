package org.vmcompare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.pattern.AccessPatterns;
import org.vmcompare.trace.BinaryTraceWriter;
import org.vmcompare.trace.TraceGenerator;
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
 * {@link #clockZipf} is the paging path: textbook CLOCK on the MMU's accessed bits over the
 * 10M-reference zipf(0.9) trace of 1M pages with 262,144 frames (the trace {@code vmcompare trace
 * generate --pattern zipf:0.9 --pages 1M --refs 10M --seed 42} writes, generated once into a
 * temporary file), where most references miss the TLB and a quarter fault. Scores are references
 * per second, setup included (the injector and the machine are built in each invocation).
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

  static final int ZIPF_REFERENCES = 10_000_000;

  /** docs/performance.md's {@code clock.yaml}, reading the trace from the setup's directory. */
  static final String CLOCK_ZIPF =
      """
      name: clock-engine
      machine: {ram: 1200MiB, swap: 8GiB}
      systems: [{os: textbook, options: {policy: CLOCK, frames: 262144}}]
      processes: [{name: replay, steps: [{trace: {file: zipf10m.vmct}}]}]
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

  /**
   * The zipf trace of {@link #clockZipf}, written once per trial as {@code trace generate} writes
   * it, into a temporary directory (80 MB); a state of its own so the other benchmarks skip it. Not
   * final: JMH subclasses it.
   */
  @State(Scope.Benchmark)
  public static class ZipfTrace {
    LoadedExperiment experiment;
    private Path dir;

    @Setup(Level.Trial)
    public void write() throws IOException {
      dir = Files.createTempDirectory("vmcompare-bench");
      try (BinaryTraceWriter out = new BinaryTraceWriter(dir.resolve("zipf10m.vmct"), 12)) {
        TraceGenerator.generate(
            AccessPatterns.parse("zipf:0.9", 1_000_000), ZIPF_REFERENCES, 42, 0, out);
      }
      experiment = new ExperimentLoader(OsRegistry.load()).load("clock.yaml", dir, CLOCK_ZIPF);
      RunPlan plan = ExperimentRunner.plan(experiment, List.of(42L)).get(0);
      RunResult r = ExperimentRunner.runOne(experiment, plan);
      long[] got = {
        r.counter("references"),
        r.counter("faults.minor"),
        r.counter("evictions"),
        r.counter("tlb.misses"),
        r.simulatedNs()
      };
      long[] want = {ZIPF_REFERENCES, 2_453_044, 2_190_900, 9_937_977, 4_079_580_547L};
      if (!Arrays.equals(got, want)) {
        throw new IllegalStateException(
            "clock.yaml gave "
                + Arrays.toString(got)
                + " (references, faults, evictions, TLB misses, simulated ns); docs say "
                + Arrays.toString(want));
      }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
      Files.deleteIfExists(dir.resolve("zipf10m.vmct"));
      Files.deleteIfExists(dir);
    }
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

  /**
   * Textbook CLOCK paging over the zipf trace: 9,937,977 TLB misses, 2,453,044 faults, 2,190,900
   * evictions, each eviction's hand reading accessed bits through the reverse map. One invocation
   * is one whole run (seconds), so each iteration is a single invocation.
   */
  @Benchmark
  @OperationsPerInvocation(ZIPF_REFERENCES)
  @Warmup(iterations = 3, time = 1)
  @Measurement(iterations = 5, time = 1)
  public long clockZipf(ZipfTrace trace) {
    return runAll(trace.experiment);
  }

  /** The bundled default experiment, its five variants one after the other. */
  @Benchmark
  @OperationsPerInvocation(DEFAULT_REFERENCES)
  public long defaultExperiment() {
    return runAll(defaults);
  }
}
