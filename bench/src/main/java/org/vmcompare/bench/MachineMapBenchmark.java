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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PagingMode;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.TlbConfig;

/**
 * The PTE operations every resolved fault performs: {@code Machine.map} into an empty entry (a
 * first touch), {@code map} over a present entry (a copy-on-write or zero-page replacement) and
 * {@code unmap}, 65,536 pages each per invocation. The score is operations per second. Not final:
 * JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MachineMapBenchmark {
  static final int PAGES = 1 << 16;
  static final long BASE_VPN = 0x100_0000L;
  static final long RW = Pte.USER | Pte.WRITABLE;

  private Machine machine;
  private PageTable pt;
  private int firstFrame;

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
    firstFrame = machine.memory().kernelFrames();
  }

  /** Maps every page, maps each again to another frame, unmaps every page. */
  @Benchmark
  @OperationsPerInvocation(3 * PAGES)
  public long mapRemapUnmap() {
    long sum = 0;
    for (int i = 0; i < PAGES; i++) {
      machine.map(pt, BASE_VPN + i, firstFrame + i, RW);
    }
    for (int i = 0; i < PAGES; i++) {
      machine.map(pt, BASE_VPN + i, firstFrame + PAGES + i, RW);
    }
    for (int i = 0; i < PAGES; i++) {
      sum += machine.unmap(pt, BASE_VPN + i);
    }
    return sum;
  }
}
