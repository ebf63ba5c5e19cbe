package org.vmcompare.bench;

import com.google.inject.Injector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.HardwareModule;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.engine.Runs;
import org.vmcompare.engine.Simulation;
import org.vmcompare.engine.SimulationModule;
import org.vmcompare.engine.Workload;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.ProcessOptions;
import org.vmcompare.os.RunInfo;
import org.vmcompare.sim.EventQueue;
import org.vmcompare.workload.LoadedExperiment;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.SweepPoint;

/**
 * The simulator's memory per resident page while the Linux model replays {@link
 * LinuxZipfBenchmark}'s trace: the heap used after full GCs at a moment near the end of the run
 * (the process still alive, its pages resident), minus the heap used after full GCs before the run
 * was built, divided by the frames in use. Everything the run holds counts: core's machine (frames,
 * page tables, reverse map, TLB), the model's lists and per-page state, the memory objects' page
 * slots, swap bookkeeping, the engine's buffers.
 *
 * <p>A first run finds the simulated time the trace ends at; the second stops at {@code fraction}
 * of it (default 0.98) for the measurement.
 *
 * <p>Run: {@code java -XX:+UseSerialGC -Xmx2g -cp bench/target/benchmarks.jar
 * org.vmcompare.bench.LinuxFootprint [writes] [fraction]} (default writes 0.3); {@code -Dpages=N}
 * and {@code -Dswap=SIZE} change the trace's distinct pages and the swap device (default 1,000,000
 * and 8GiB), {@code -Dsystem=windows} runs the Windows model instead (working-set maximum raised to
 * RAM), {@code -Dhistogram=true} prints the heap's largest classes at the measurement. Serial GC:
 * G1 rounds big arrays up to whole regions.
 */
public final class LinuxFootprint {
  private LinuxFootprint() {}

  public static void main(String[] args) throws Exception {
    double writes = args.length > 0 ? Double.parseDouble(args[0]) : 0.3;
    double fraction = args.length > 1 ? Double.parseDouble(args[1]) : 0.98;
    Path dir = Files.createTempDirectory("linux-footprint");
    int pages = Integer.getInteger("pages", LinuxZipfBenchmark.PAGES);
    String swap = System.getProperty("swap", "8GiB");
    String system = System.getProperty("system", "linux");
    LoadedExperiment exp = LinuxZipfBenchmark.load(dir, writes, pages, swap, system);
    RunPlan plan = ExperimentRunner.plan(exp, List.of(LinuxZipfBenchmark.SEED)).get(0);
    RunResult first = LinuxZipfBenchmark.runOnce(exp);
    long at = (long) (first.simulatedNs() * fraction);

    long before = usedAfterGc();
    Injector injector = injector(exp, plan);
    Kernel kernel = injector.getInstance(Kernel.class);
    long[] measured = new long[3];
    kernel
        .events()
        .at(
            at,
            EventQueue.PRIORITY_SAMPLE,
            "footprint",
            () -> {
              measured[0] = usedAfterGc() - before;
              measured[1] = kernel.machine().memory().inUse();
              measured[2] = kernel.machine().footprintBytes();
              if (Boolean.getBoolean("histogram")) {
                histogram();
              }
            });
    RunResult r = injector.getInstance(Simulation.class).run();
    Files.deleteIfExists(dir.resolve("zipf10m.vmct"));
    Files.deleteIfExists(dir);
    System.out.printf(
        Locale.ROOT,
        "system=%s pages=%d swap=%s writes=%s at %.3f s of %.3f s simulated: frames in use %d (of %d), faults %d minor %d"
            + " major, evictions %d%n",
        System.getProperty("system", "linux"),
        pages,
        swap,
        writes,
        at / 1e9,
        r.simulatedNs() / 1e9,
        measured[1],
        kernel.machine().memory().frames(),
        r.counter("faults.minor"),
        r.counter("faults.major"),
        r.counter("evictions"));
    System.out.printf(
        Locale.ROOT,
        "heap %d bytes -> %.2f bytes per frame in use; core machine arrays alone %.2f%n",
        measured[0],
        measured[0] / (double) Math.max(1, measured[1]),
        measured[2] / (double) Math.max(1, measured[1]));
    Reference.reachabilityFence(injector);
  }

  /** The run's injector, built as {@link ExperimentRunner#runOne} builds it. */
  private static Injector injector(LoadedExperiment exp, RunPlan plan) {
    SweepPoint point = exp.points().get(plan.pointIndex());
    List<ProcessOptions> options = new ArrayList<>();
    for (ProcessConfig pc : point.experiment().processes()) {
      options.add(pc.optionsFor(plan.variant().provider(), point.spec().pageSize()));
    }
    Workload workload =
        new Workload(
            point.experiment().processes(),
            options,
            point.experiment().files(),
            point.experiment().scheduler(),
            point.experiment().sampling(),
            exp.baseDir());
    RunInfo info =
        new RunInfo(plan.variant().os(), plan.variant().label(), plan.seed(), plan.point());
    return Runs.injector(
        new HardwareModule(point.spec()),
        new SimulationModule(info, workload),
        plan.variant().provider().module(plan.variant().options()));
  }

  /** The heap's largest classes now, by {@code jcmd PID GC.class_histogram}, on stdout. */
  private static void histogram() {
    try {
      Process p =
          new ProcessBuilder(
                  "jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
      p.waitFor();
      lines.stream().limit(25).forEach(System.out::println);
    } catch (IOException e) {
      System.out.println("no histogram: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
