package org.vmcompare.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunObserver;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.hw.PageTable;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.Kernel;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.Proc;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * The memory half of {@code vmcompare bench}, run in a JVM of its own with the serial collector (G1
 * rounds each large array up to whole regions, which would count space nobody uses): one model
 * replays a zipf trace that fits in RAM with no swap, and near its end (98% of the references) the
 * heap in use after full collections, less the heap before the run, is divided by the frames in
 * use. Everything the run holds counts: core's machine, the model's own state, the engine's
 * buffers. The first line of stdout is {@code footprint heap=H frames=F core=C}.
 *
 * <p>Arguments: system, the experiment file (written by the parent), references.
 */
public final class FootprintProbe implements RunObserver {
  private final long at;
  private long seen;
  private long before;
  private Kernel kernel;
  private long heap = -1;
  private long frames;
  private long core;

  private FootprintProbe(long at) {
    this.at = at;
  }

  public static void main(String[] args) throws Exception {
    Path yaml = Path.of(args[0]);
    long refs = Long.parseLong(args[1]);
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load(yaml);
    RunPlan plan = ExperimentRunner.plan(exp, exp.experiment().seeds()).get(0);
    // A first run, unmeasured, so the heap before the measured one already holds what any run
    // leaves behind for good (classes' static tables, the injector's caches), as LinuxFootprint.
    ExperimentRunner.runOne(exp, plan);
    FootprintProbe probe = new FootprintProbe(refs * 98 / 100);
    probe.before = usedAfterGc();
    RunResult r = ExperimentRunner.runChecked(exp, plan, probe, FaultInjection.NONE);
    if (!r.ok() || probe.heap < 0) {
      System.out.println("footprint failed: " + r.status() + " " + r.error());
      System.exit(1);
    }
    System.out.printf(
        Locale.ROOT, "footprint heap=%d frames=%d core=%d%n", probe.heap, probe.frames, probe.core);
  }

  @Override
  public void booted(Kernel kernel, OsPersonality os) {
    this.kernel = kernel;
  }

  @Override
  public void referenced(Proc p, PageTable pt, long vaddr, int frame, boolean write) {
    if (++seen == at) {
      heap = usedAfterGc() - before;
      frames = kernel.machine().memory().inUse();
      core = kernel.machine().footprintBytes();
    }
  }

  /** The heap in use after full collections, the least of five. */
  static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** The probe's command line: this JVM's java, serial GC, this class path. */
  static List<String> command(Path yaml, long refs) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    return List.of(
        java,
        "-XX:+UseSerialGC",
        "-Xmx2g",
        "-cp",
        System.getProperty("java.class.path"),
        FootprintProbe.class.getName(),
        yaml.toString(),
        Long.toString(refs));
  }
}
