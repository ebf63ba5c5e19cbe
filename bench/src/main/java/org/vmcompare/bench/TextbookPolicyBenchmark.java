package org.vmcompare.bench;

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
import org.openjdk.jmh.annotations.Warmup;
import org.vmcompare.pattern.AccessPatterns;
import org.vmcompare.textbook.Policies;
import org.vmcompare.textbook.ReplacementPolicy;
import org.vmcompare.trace.TraceGenerator;

/**
 * Replays the reference benchmark trace (zipf 0.9 over 1,000,000 pages, 10,000,000 references, seed
 * 42: the same references {@code vmcompare trace generate --pattern zipf:0.9 --pages 1M --refs 10M
 * --seed 42} writes) through a textbook policy with 262,144 frames, from cold.
 *
 * <p>The score is references per second: one invocation is the whole trace, declared as 10,000,000
 * operations. It exists to hold the simulation loop to its performance target (at least 20M
 * references/s for LRU); see {@code docs/performance.md}. Not final: JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TextbookPolicyBenchmark {
  static final int REFERENCES = 10_000_000;
  static final long PAGES = 1_000_000;
  static final long SEED = 42;

  @Param({"LRU"})
  public String policy;

  @Param({"262144"})
  public int frames;

  private long[] trace;

  @Setup(Level.Trial)
  public void generateTrace() {
    trace =
        TraceGenerator.generateArray(
            AccessPatterns.parse("zipf:0.9", PAGES), REFERENCES, SEED, 0.0);
  }

  /** One pass over the trace with a fresh (empty) policy; returns hits so nothing is dead code. */
  @Benchmark
  @OperationsPerInvocation(REFERENCES)
  public long replay() {
    ReplacementPolicy p = Policies.create(policy, frames, SEED, trace);
    return p.accessAll(trace, 0, trace.length);
  }
}
