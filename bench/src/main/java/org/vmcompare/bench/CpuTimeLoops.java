package org.vmcompare.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PagingMode;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.TlbConfig;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * The loops of {@code MmuBenchmark} and {@code MachineMapBenchmark} timed in the thread's CPU time
 * instead of wall time, best of 20 rounds after 10 warm-up rounds. On a shared machine whose other
 * jobs take the CPU away, wall time measures the neighbours; CPU time measures the code.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.vmcompare.bench.CpuTimeLoops translate
 * 512 25} (pages, percentage of writes), {@code ... CpuTimeLoops map}, {@code ... CpuTimeLoops
 * exit} (a process's teardown, page by page against {@code Machine.unmapAll}), or {@code ...
 * CpuTimeLoops run clock.yaml 7} (a whole experiment, seven rounds in one JVM, the first two to
 * warm up).
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
    } else if (what.equals("exit")) {
      exitLoops(threads);
    } else if (what.equals("run")) {
      runExperiment(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 7, threads);
    } else {
      throw new IllegalArgumentException("translate, map, exit or run, not " + what);
    }
  }

  /**
   * A process exit's teardown as the textbook model did it and as it does it now: 262,144 pages
   * mapped at random over a million VPNs to frames in random order (as the zipf trace leaves them),
   * then removed with {@link Machine#unmap} page by page in VPN order, or with one {@link
   * Machine#unmapAll}. Best of 20 rounds after 5, in the thread's CPU time, the mapping not
   * counted.
   */
  private static void exitLoops(ThreadMXBean threads) {
    Machine m =
        new Machine(
            new MachineSpec(
                2L << 30,
                4096,
                PagingMode.X86_64,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT,
                0,
                16L << 20));
    PageTable pt = m.pageTables().create(1);
    int firstFrame = m.memory().kernelFrames();
    int pages = 262_144;
    long[] vpns = new long[pages];
    SplittableRandom random = new SplittableRandom(42);
    BitSet used = new BitSet();
    for (int i = 0; i < pages; i++) {
      int v;
      do {
        v = random.nextInt(1 << 20);
      } while (used.get(v));
      used.set(v);
    }
    int k = 0;
    for (int v = used.nextSetBit(0); v >= 0; v = used.nextSetBit(v + 1)) {
      vpns[k++] = BASE_VPN + v;
    }
    int[] frames = new int[pages]; // the frames in random order, as a CLOCK pool leaves them
    for (int i = 0; i < pages; i++) {
      int j = random.nextInt(i + 1);
      frames[i] = frames[j];
      frames[j] = firstFrame + i;
    }
    double[] best = new double[2];
    long sink = 0;
    for (int round = 0; round < 25; round++) {
      for (int way = 0; way < 2; way++) {
        for (int i = 0; i < pages; i++) {
          m.map(pt, vpns[i], frames[i], RW);
        }
        long t0 = threads.getCurrentThreadCpuTime();
        if (way == 0) {
          for (int i = 0; i < pages; i++) {
            sink += m.unmap(pt, vpns[i]);
          }
        } else {
          sink += m.unmapAll(pt, (vpn, level, pte) -> {});
        }
        long t1 = threads.getCurrentThreadCpuTime();
        if (round >= 5) {
          best[way] = Math.max(best[way], pages / ((t1 - t0) / 1e9));
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "exit of %d pages: unmap page by page %.1fM pages/s, unmapAll %.1fM pages/s of CPU time"
            + " (sink %d)%n",
        pages,
        best[0] / 1e6,
        best[1] / 1e6,
        sink & 1);
  }

  /**
   * Runs an experiment's runs one after the other on this thread, {@code rounds} times (the first
   * two as warm-up), and prints each round's CPU time and references per second of it, then the
   * median and the best of the measured rounds (the best is the least disturbed by neighbours).
   */
  private static void runExperiment(Path file, int rounds, ThreadMXBean threads) {
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load(file);
    double[] rates = new double[Math.max(1, rounds - 2)];
    int measured = 0;
    for (int round = 0; round < rounds; round++) {
      long references = 0;
      long t0 = threads.getCurrentThreadCpuTime();
      for (RunPlan plan : ExperimentRunner.plan(exp, List.of(42L))) {
        RunResult r = ExperimentRunner.runOne(exp, plan);
        references += r.counter("references");
      }
      long t1 = threads.getCurrentThreadCpuTime();
      double rate = references / ((t1 - t0) / 1e9);
      System.out.printf(
          Locale.ROOT,
          "round %d: %d references in %.3f s of CPU time = %.2fM refs/s%s%n",
          round,
          references,
          (t1 - t0) / 1e9,
          rate / 1e6,
          round < 2 ? " (warm-up)" : "");
      if (round >= 2 || rounds <= 2) {
        rates[Math.min(measured++, rates.length - 1)] = rate;
      }
    }
    Arrays.sort(rates, 0, measured);
    System.out.printf(
        Locale.ROOT,
        "median of %d: %.2fM refs/s of CPU time, best %.2fM%n",
        measured,
        rates[measured / 2] / 1e6,
        rates[measured - 1] / 1e6);
  }
}
