package org.vmcompare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.vmcompare.workload.LoadedExperiment;

/**
 * Issue 9's target: the Windows model on {@link LinuxZipfBenchmark}'s trace (10,000,000 references
 * over 1,000,000 pages, zipf 0.9, seed 42, reads only) with RAM for 262,144 frames, 8 GiB of
 * pagefile, and the process's working-set maximum raised to RAM. Windows has no shared zero page,
 * so every first read takes a frame: the run pages throughout (demand-zero, trims, pagefile writes
 * and hard faults). Scores are references per second, a whole run per invocation. See
 * docs/performance.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseTransparentHugePages"})
public class WindowsZipfBenchmark {
  private Path dir;
  private LoadedExperiment experiment;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("windows-zipf");
    experiment = LinuxZipfBenchmark.load(dir, 0, LinuxZipfBenchmark.PAGES, "8GiB", "windows");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    Files.deleteIfExists(dir.resolve("zipf10m.vmct"));
    Files.deleteIfExists(dir);
  }

  @Benchmark
  @OperationsPerInvocation(LinuxZipfBenchmark.REFERENCES)
  public long zipf() {
    return LinuxZipfBenchmark.runOnce(experiment).counter("references");
  }
}
