package org.vmcompare.bench;

import java.util.SplittableRandom;
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
import org.vmcompare.hw.Access;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.hw.Mmu;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PagingMode;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.TlbConfig;

/**
 * {@code Mmu.translate} on its own, with no OS model behind it: the part of every reference the
 * shared machine costs. {@code hits} cycles at random over 512 mapped base pages, which all fit in
 * the default TLB, so after the first pass every reference is a TLB hit (the target: at
 * least 50M references/s). {@code misses} spreads the references over 65,536 pages, so nearly every
 * one misses and walks four levels: the path the large-page TLB banks are probed on.
 *
 * <p>A quarter of the references are writes ({@code writePercent}); the first write to a page sets
 * its dirty bit, later ones are plain hits. The score is references per second. Not final: JMH
 * subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MmuBenchmark {
  static final int REFERENCES = 1 << 16;
  static final long BASE_VPN = 0x100_0000L;

  @Param({"hits", "misses"})
  public String pattern;

  /** Percentage of references that are writes. */
  @Param({"25"})
  public int writePercent;

  private PageTable pt;
  private Machine machine;
  private long[] vaddrs;
  private int[] accesses;

  @Setup(Level.Trial)
  public void build() {
    machine =
        new Machine(
            new MachineSpec(
                1L << 30,
                4096,
                PagingMode.X86_64,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT,
                0,
                16L << 20));
    pt = machine.pageTables().create(1);
    int pages =
        switch (pattern) {
          case "hits" -> 512;
          case "hot" -> 8;
          case "misses" -> 65_536;
          default -> throw new IllegalArgumentException("pattern: hits or misses, not " + pattern);
        };
    int firstFrame = machine.memory().kernelFrames();
    for (int i = 0; i < pages; i++) {
      machine.map(pt, BASE_VPN + i, firstFrame + i, Pte.USER | Pte.WRITABLE);
    }
    SplittableRandom random = new SplittableRandom(42);
    vaddrs = new long[REFERENCES];
    accesses = new int[REFERENCES];
    for (int i = 0; i < REFERENCES; i++) {
      vaddrs[i] = ((BASE_VPN + random.nextInt(pages)) << 12) | random.nextInt(4096);
      accesses[i] = random.nextInt(100) < writePercent ? Access.WRITE : Access.READ;
    }
  }

  /** One pass over the references; returns the frame sum so nothing is dead code. */
  @Benchmark
  @OperationsPerInvocation(REFERENCES)
  public long translate() {
    long sum = 0;
    PageTable table = pt;
    long[] v = vaddrs;
    int[] a = accesses;
    Mmu mmu = machine.mmu();
    for (int i = 0; i < v.length; i++) {
      sum += mmu.translate(table, v[i], a[i]);
    }
    return sum;
  }
}
