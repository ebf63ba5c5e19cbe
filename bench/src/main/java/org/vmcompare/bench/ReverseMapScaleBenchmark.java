package org.vmcompare.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * The reverse map at scale: the fault-path work of mapping and unmapping {@code pages} pages, so a
 * table of the time per page at 100k, 1M and 4M pages shows whether the cost is linear.
 *
 * <ul>
 *   <li>{@code zero-page}: read every page through one shared, untracked zero frame (Linux's read
 *       fault on anonymous memory), write every page (each write fault replaces the zero-page
 *       mapping with a fresh frame of its own), then destroy the address space (exit).
 *   <li>{@code one-frame}: map one ordinary, tracked frame at every page (a KSM-merged page, a
 *       library page in a big fork tree), then unmap them oldest first, then map them again and
 *       exit: every reverse-map record of that frame is removed once.
 *   <li>{@code fork}: a parent maps every page to its own frame, a child maps the same frames (two
 *       mappings a frame), both are write-protected for copy-on-write, then the child and the
 *       parent exit.
 * </ul>
 *
 * <p>Each measurement is one single-shot run on a fresh machine; divide by {@code pages} for the
 * cost per page. Not final: JMH subclasses it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ReverseMapScaleBenchmark {
  static final long BASE_VPN = 0x100_0000L;
  static final long RW = Pte.USER | Pte.WRITABLE;

  @Param({"100000", "1000000", "4000000"})
  public int pages;

  @Param({"zero-page", "one-frame", "fork"})
  public String scenario;

  private Machine machine;
  private int firstFrame;

  @Setup(Level.Iteration)
  public void build() {
    machine = null;
    machine =
        new Machine(
            new MachineSpec(
                ((long) pages + 1024) * 4096,
                4096,
                PagingMode.X86_64,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT,
                0,
                0));
    firstFrame = 1;
  }

  @Benchmark
  public long run() {
    return switch (scenario) {
      case "zero-page" -> zeroPage();
      case "one-frame" -> oneFrame();
      case "fork" -> fork();
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  private long zeroPage() {
    int zero = 0;
    machine.rmap().untrack(zero);
    PageTable pt = machine.pageTables().create(1);
    for (int i = 0; i < pages; i++) {
      machine.map(pt, BASE_VPN + i, zero, Pte.USER);
    }
    for (int i = 0; i < pages; i++) {
      machine.map(pt, BASE_VPN + i, firstFrame + i, RW);
    }
    long mapped = machine.rmap().mapCount(firstFrame);
    machine.destroy(pt);
    return mapped;
  }

  private long oneFrame() {
    int frame = 0;
    PageTable pt = machine.pageTables().create(1);
    for (int i = 0; i < pages; i++) {
      machine.map(pt, BASE_VPN + i, frame, Pte.USER);
    }
    long mapped = machine.rmap().mapCount(frame);
    for (int i = 0; i < pages; i++) {
      machine.unmap(pt, BASE_VPN + i);
    }
    for (int i = 0; i < pages; i++) {
      machine.map(pt, BASE_VPN + i, frame, Pte.USER);
    }
    machine.destroy(pt);
    return mapped + machine.rmap().mapCount(frame);
  }

  private long fork() {
    PageTable parent = machine.pageTables().create(1);
    for (int i = 0; i < pages; i++) {
      machine.map(parent, BASE_VPN + i, firstFrame + i, RW);
    }
    PageTable child = machine.pageTables().create(2);
    for (int i = 0; i < pages; i++) {
      machine.map(child, BASE_VPN + i, firstFrame + i, Pte.USER | Pte.SW_COW);
    }
    for (int i = 0; i < pages; i++) {
      machine.writeProtectEverywhere(firstFrame + i, true);
    }
    long mapped = machine.rmap().mapCount(firstFrame);
    machine.destroy(child);
    machine.destroy(parent);
    return mapped;
  }
}
