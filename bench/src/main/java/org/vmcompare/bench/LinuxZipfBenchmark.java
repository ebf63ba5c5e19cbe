package org.vmcompare.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * The Linux model on the foundation issue's zipf trace, through the whole engine: one process
 * replays 10,000,000 references over 1,000,000 pages (zipf 0.9, seed 42: the bytes {@code vmcompare
 * trace generate --pattern zipf:0.9 --pages 1M --refs 10M --seed 42} writes) on a machine with RAM
 * for 262,144 frames (1 GiB) and 8 GiB of swap. Scores are references per second, a whole run per
 * invocation (the injector, the machine and the trace reading included, as {@code vmcompare run}).
 *
 * <p>{@code writes} is the trace's write fraction. At 0 (the trace) every page is read
 * before it is written, so Linux maps the shared zero page for each one: no frame is used and
 * nothing is reclaimed, each first touch is a minor fault and the rest is the MMU. At 0.3 the
 * written pages take frames, so RAM fills, kswapd and direct reclaim run, anonymous pages go to
 * swap and come back as major faults: the model's reclaim path under load. See docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages"})
public class LinuxZipfBenchmark {
  static final int REFERENCES = 10_000_000;
  static final int PAGES = 1_000_000;
  static final long SEED = 42;

  @Param({"0", "0.3"})
  public double writes;

  private Path dir;
  private LoadedExperiment experiment;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("linux-zipf");
    experiment = load(dir, writes);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(dir.resolve("zipf10m.vmct"));
    Files.deleteIfExists(dir);
  }

  /**
   * Writes the trace into {@code dir} and loads the experiment that replays it on linux.
   *
   * @param writes the trace's write fraction
   */
  static LoadedExperiment load(Path dir, double writes) {
    return load(dir, writes, PAGES, "8GiB");
  }

  /**
   * The same over {@code pages} distinct pages with {@code swap} of swap.
   *
   * @param writes the trace's write fraction
   */
  static LoadedExperiment load(Path dir, double writes, int pages, String swap) {
    return load(dir, writes, pages, swap, "linux");
  }

  /**
   * The same on {@code system}: {@code linux}, or {@code windows} with the process's working-set
   * maximum raised to RAM (issue 9's "raised to fit").
   *
   * @param writes the trace's write fraction
   */
  static LoadedExperiment load(Path dir, double writes, int pages, String swap, String system) {
    Path trace = dir.resolve("zipf10m.vmct");
    try (BinaryTraceWriter w = new BinaryTraceWriter(trace, 12)) {
      TraceGenerator.generate(AccessPatterns.parse("zipf:0.9", pages), REFERENCES, SEED, writes, w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String yaml =
        String.format(
            Locale.ROOT,
            """
            name: %s-zipf
            machine: {ram: 1GiB, swap: %s}
            systems: [{os: %s}]
            processes: [{name: replay, %ssteps: [{trace: {file: %s}}]}]
            """,
            system,
            swap,
            system,
            system.equals("windows") ? "workingSetMax: 1GiB, " : "",
            trace.toAbsolutePath());
    return new ExperimentLoader(OsRegistry.load()).load(system + "-zipf.yaml", null, yaml);
  }

  /** One whole run; returns the references it counted (checked against the trace's). */
  static RunResult runOnce(LoadedExperiment exp) {
    List<RunPlan> plans = ExperimentRunner.plan(exp, List.of(SEED));
    RunResult r = ExperimentRunner.runOne(exp, plans.get(0));
    if (r.counter("references") != REFERENCES) {
      throw new IllegalStateException(
          r.system() + " ran " + r.counter("references") + " references: " + r.status() + " " + r);
    }
    return r;
  }

  @Benchmark
  @OperationsPerInvocation(REFERENCES)
  public long zipf() {
    return runOnce(experiment).counter("references");
  }
}
