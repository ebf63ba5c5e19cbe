package org.vmcompare.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PagingMode;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.TlbConfig;

/**
 * The loops of {@code MmuBenchmark} and {@code MachineMapBenchmark} timed in the thread's CPU time
 * instead of wall time, best of 20 rounds after 10 warm-up rounds. On a shared machine whose other
 * jobs take the CPU away, wall time measures the neighbours; CPU time measures the code.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.vmcompare.bench.CpuTimeLoops translate
 * 512 25} (pages, percentage of writes) or {@code ... CpuTimeLoops map}.
 */
public final class CpuTimeLoops {
  private static final long BASE_VPN = 0x100_0000L;
  private static final long RW = Pte.USER | Pte.WRITABLE;

  private CpuTimeLoops() {}

  public static void main(String[] args) {
    String what = args.length > 0 ? args[0] : "translate";
    Machine m =
        new Machine(
            new MachineSpec(
                1L << 30,
                4096,
                PagingMode.X86_64,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT,
                0,
                16L << 20));
    PageTable pt = m.pageTables().create(1);
    int firstFrame = m.memory().kernelFrames();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (what.equals("translate")) {
      int pages = args.length > 1 ? Integer.parseInt(args[1]) : 512;
      int writePercent = args.length > 2 ? Integer.parseInt(args[2]) : 25;
      for (int i = 0; i < pages; i++) {
        m.map(pt, BASE_VPN + i, firstFrame + i, RW);
      }
      SplittableRandom random = new SplittableRandom(42);
      long[] vaddrs = new long[1 << 16];
      int[] accesses = new int[vaddrs.length];
      for (int i = 0; i < vaddrs.length; i++) {
        vaddrs[i] = ((BASE_VPN + random.nextInt(pages)) << 12) | random.nextInt(4096);
        accesses[i] = random.nextInt(100) < writePercent ? Access.WRITE : Access.READ;
      }
      double best = 0;
      long sink = 0;
      for (int round = 0; round < 30; round++) {
        long t0 = threads.getCurrentThreadCpuTime();
        for (int pass = 0; pass < 100; pass++) {
          for (int i = 0; i < vaddrs.length; i++) {
            sink += m.mmu().translate(pt, vaddrs[i], accesses[i]);
          }
        }
        long t1 = threads.getCurrentThreadCpuTime();
        if (round >= 10) {
          best = Math.max(best, 100.0 * vaddrs.length / ((t1 - t0) / 1e9));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "translate pages=%d writes=%d%%: %.1fM refs/s of CPU time (sink %d)%n",
          pages,
          writePercent,
          best / 1e6,
          sink & 1);
    } else if (what.equals("map")) {
      int pages = 1 << 16;
      double[] best = new double[3];
      for (int round = 0; round < 30; round++) {
        long t0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < pages; i++) {
          m.map(pt, BASE_VPN + i, firstFrame + i, RW);
        }
        long t1 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < pages; i++) {
          m.map(pt, BASE_VPN + i, firstFrame + pages + i, RW);
        }
        long t2 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < pages; i++) {
          m.unmap(pt, BASE_VPN + i);
        }
        long t3 = threads.getCurrentThreadCpuTime();
        if (round >= 10) {
          best[0] = Math.max(best[0], pages / ((t1 - t0) / 1e9));
          best[1] = Math.max(best[1], pages / ((t2 - t1) / 1e9));
          best[2] = Math.max(best[2], pages / ((t3 - t2) / 1e9));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "map into empty %.1fM/s, map over present %.1fM/s, unmap %.1fM/s of CPU time%n",
          best[0] / 1e6,
          best[1] / 1e6,
          best[2] / 1e6);
    } else {
      throw new IllegalArgumentException("translate or map, not " + what);
    }
  }
}
